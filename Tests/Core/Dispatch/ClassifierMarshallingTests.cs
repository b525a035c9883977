using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Cpu;
using Sightline.Dispatch;
using Sightline.Imaging;
using Sightline.Model;

namespace Sightline.Tests.Core.Dispatch
{
    /// <summary>
    /// The path SightlineClassifier takes for each frame, without Unity: a readback is converted and classified on
    /// worker threads with latest-frame-wins, and results come back through the main-thread queue.
    /// </summary>
    public class ClassifierMarshallingTests
    {
        [Test]
        public void ResultsArriveOnTheDrainingThreadAndStaleFramesAreDropped()
        {
            var spec = NetworkSpec.Mini(3);
            var parameters = new float[spec.ParameterCount];
            ParameterInitializer.Initialize(spec, 7, parameters);
            var model = new TrainedModel(spec, parameters, new[] { "cube", "sphere", "cylinder" }, InputNormalization.PerChannel(120f, 120f, 120f));
            var engine = new CpuEngine(spec, 1, new CpuEngineOptions { ThreadCount = 1 });
            engine.SetParameters(parameters);
            using var classifier = new ImageClassifier(engine, model, new ClassifierOptions { LatestFrameWins = true, DefaultTop = 2 });

            var queue = new MainThreadQueue();
            var delivered = new List<(ClassificationResult result, int thread)>();
            int superseded = 0;
            const int frames = 12;
            var work = new List<Task>();
            for (int i = 0; i < frames; i++)
            {
                // What ViewReadback hands over: RGBA32, bottom row first, sRGB.
                var pixels = Enumerable.Repeat((byte)(i * 20), 110 * 110 * 4).ToArray();
                var image = new Frame(pixels, 110, 110, PixelFormat.Rgba32, ColorEncoding.Srgb, bottomUp: true);
                work.Add(Task.Run(async () =>
                {
                    try
                    {
                        var result = await classifier.ClassifyAsync(image).ConfigureAwait(false);
                        queue.Post(() => delivered.Add((result, Thread.CurrentThread.ManagedThreadId)));
                    }
                    catch (FrameSupersededException)
                    {
                        Interlocked.Increment(ref superseded);
                    }
                }));
            }
            while (!Task.WaitAll(work.ToArray(), 5)) queue.Drain();
            queue.Drain();

            Assert.That(delivered.Count + superseded, Is.EqualTo(frames), "every frame is either classified or dropped as stale");
            Assert.That(delivered.Count, Is.GreaterThanOrEqualTo(1));
            Assert.That(delivered.Select(d => d.thread).Distinct(), Is.EqualTo(new[] { Thread.CurrentThread.ManagedThreadId }));
            foreach (var (result, _) in delivered)
            {
                Assert.That(result.Top.Count, Is.EqualTo(2));
                Assert.That(result.Top[0].Probability, Is.GreaterThanOrEqualTo(result.Top[1].Probability));
                Assert.That(new[] { "cube", "sphere", "cylinder" }, Does.Contain(result.Best.Label));
            }
        }
    }
}
