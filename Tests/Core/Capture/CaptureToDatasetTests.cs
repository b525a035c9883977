using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Sightline.Capture;
using Sightline.Data;
using Sightline.Imaging;

namespace Sightline.Tests.Core.Capture
{
    /// <summary>The capture path end to end: readback -> labelled frame -> dataset writer, as FrameCapture drives it.</summary>
    public class CaptureToDatasetTests
    {
        string _root = "";

        [SetUp]
        public void CreateFolder() => _root = Path.Combine(Path.GetTempPath(), "sightline-capture-" + Guid.NewGuid().ToString("N"));

        [TearDown]
        public void DeleteFolder()
        {
            if (Directory.Exists(_root)) Directory.Delete(_root, true);
        }

        /// <summary>32x32 RGBA32 bottom-up: displayed top half red, bottom half blue.</summary>
        static Frame Quadrants()
        {
            const int n = 32;
            var pixels = new byte[n * n * 4];
            for (int row = 0; row < n; row++)
                for (int c = 0; c < n; c++)
                {
                    bool displayedTop = row >= n / 2; // buffer rows start at the bottom
                    int o = (row * n + c) * 4;
                    pixels[o] = displayedTop ? (byte)255 : (byte)0;
                    pixels[o + 2] = displayedTop ? (byte)0 : (byte)255;
                    pixels[o + 3] = 255;
                }
            return new Frame(pixels, n, n, PixelFormat.Rgba32, ColorEncoding.Srgb, bottomUp: true);
        }

        [Test]
        public void CapturesUnderLoadNeverWaitForTheDisk()
        {
            var details = new CaptureDetails { Scene = "Test", Time = 1.5, Pose = new CameraPose(1, 2, 3, 0, 0, 0, 1, 60) };
            var splits = new SplitAssigner(0.25);
            int accepted = 0;
            var worst = TimeSpan.Zero;
            using (var writer = DatasetWriter.Open(_root, new DatasetWriterOptions { MaxPendingFrames = 16 }))
            {
                var clock = new Stopwatch();
                for (int i = 0; i < 200; i++)
                {
                    string label = i % 2 == 0 ? "car" : "tree";
                    details.Split = splits.Next(label);
                    var frame = Quadrants();
                    clock.Restart();
                    if (writer.Enqueue(frame, label, details)) accepted++;
                    clock.Stop();
                    if (clock.Elapsed > worst) worst = clock.Elapsed;
                }
                Assert.That(accepted + writer.DroppedCount, Is.EqualTo(200));
                writer.Flush();
                Assert.That(writer.FrameCount, Is.EqualTo(accepted));
            }
            // Encoding 200 PNGs takes far longer than this; an Enqueue that waited for one would show here.
            Assert.That(worst.TotalMilliseconds, Is.LessThan(250), "Enqueue waited");

            var dataset = Dataset.Open(_root);
            Assert.That(dataset.Frames.Count, Is.EqualTo(accepted));
            Assert.That(dataset.Labels.Names, Is.EquivalentTo(new[] { "car", "tree" }));
            var first = dataset.Frames[0];
            Assert.That(first.Record!.Scene, Is.EqualTo("Test"));
            Assert.That(first.Record.Pose!.Value.PositionZ, Is.EqualTo(3f));
            Assert.That(dataset.Frames.Any(f => f.Split == DatasetSplit.Validation), Is.True);

            // The stored image is upright: red on top, blue at the bottom.
            var rgb = Sightline.Data.ImageDecoder.DecodeSquare(first.Path, 32);
            Assert.That(new[] { rgb[(4 * 32 + 16) * 3], rgb[(4 * 32 + 16) * 3 + 2] }, Is.EqualTo(new byte[] { 255, 0 }), "top");
            Assert.That(new[] { rgb[(28 * 32 + 16) * 3], rgb[(28 * 32 + 16) * 3 + 2] }, Is.EqualTo(new byte[] { 0, 255 }), "bottom");
        }

        [Test]
        public void SplitAssignerSendsTheShareOfEachLabelToValidation()
        {
            var splits = new SplitAssigner(0.2);
            int carValidation = Enumerable.Range(0, 100).Count(_ => splits.Next("car") == DatasetSplit.Validation);
            int treeValidation = Enumerable.Range(0, 10).Count(_ => splits.Next("tree") == DatasetSplit.Validation);
            Assert.That(carValidation, Is.EqualTo(20));
            Assert.That(treeValidation, Is.EqualTo(2));
            Assert.That(new SplitAssigner(0).Next("x"), Is.EqualTo(DatasetSplit.Train));
            Assert.Throws<ArgumentOutOfRangeException>(() => new SplitAssigner(1));
        }
    }
}
