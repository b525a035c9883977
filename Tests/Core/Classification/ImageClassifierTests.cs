using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Model;

namespace Sightline.Tests.Core.Classification
{
    public class ImageClassifierTests
    {
        static readonly string[] Labels = { "cat", "dog", "cow", "fox" };
        static ClassifierOptions Exact(bool latest = false) => new ClassifierOptions { ResizeFrames = false, LatestFrameWins = latest, DefaultTop = 2 };

        static void AssertCompletes(Task task)
        {
            Assert.That(task.Wait(TimeSpan.FromSeconds(20)) || task.IsCompleted, Is.True, "the request completed");
        }

        [Test]
        public void RequestsArrivingWhileABatchRunsGoIntoTheNextBatch()
        {
            var engine = new GatedEngine();
            using var classifier = new ImageClassifier(engine, Labels, InputNormalization.None, Exact());
            engine.Close();
            var first = classifier.ClassifyAsync(GatedEngine.FrameOf(0));
            Assert.That(engine.WaitEntered(), Is.True);
            var next = new[] { 1, 2, 3, 1 }.Select(l => classifier.ClassifyAsync(GatedEngine.FrameOf(l))).ToArray();
            engine.Open();
            Assert.That(Task.WaitAll(next.Append(first).ToArray(), 20000), Is.True);
            Assert.That(engine.Batches, Is.EqualTo(new[] { 1, 4 }));
            Assert.That(first.Result.Best.Label, Is.EqualTo("cat"));
            Assert.That(next.Select(t => t.Result.Best.Label), Is.EqualTo(new[] { "dog", "cow", "fox", "dog" }));
            Assert.That(next[0].Result.BatchSize, Is.EqualTo(4));
            Assert.That(classifier.BatchesRun, Is.EqualTo(2));
            Assert.That(classifier.FramesClassified, Is.EqualTo(5));
        }

        [Test]
        public void BatchesNeverExceedTheEnginesMaxBatch()
        {
            var engine = new GatedEngine(4, 3);
            using var classifier = new ImageClassifier(engine, Labels, InputNormalization.None, Exact());
            engine.Close();
            var first = classifier.ClassifyAsync(GatedEngine.FrameOf(0));
            Assert.That(engine.WaitEntered(), Is.True);
            var rest = Enumerable.Range(0, 7).Select(i => classifier.ClassifyAsync(GatedEngine.FrameOf(i % 4))).ToArray();
            engine.Open();
            Assert.That(Task.WaitAll(rest.Append(first).ToArray(), 20000), Is.True);
            Assert.That(engine.Batches, Is.EqualTo(new[] { 1, 3, 3, 1 }));
            for (int i = 0; i < rest.Length; i++) Assert.That(rest[i].Result.Best.Index, Is.EqualTo(i % 4));
        }

        [Test]
        public void LatestFrameWinsSupersedesOlderWaitingFrames()
        {
            var engine = new GatedEngine();
            using var classifier = new ImageClassifier(engine, Labels, InputNormalization.None, Exact(latest: true));
            engine.Close();
            var running = classifier.ClassifyAsync(GatedEngine.FrameOf(0));
            Assert.That(engine.WaitEntered(), Is.True);
            var old1 = classifier.ClassifyAsync(GatedEngine.FrameOf(1));
            var old2 = classifier.ClassifyAsync(GatedEngine.FrameOf(2));
            var newest = classifier.ClassifyAsync(GatedEngine.FrameOf(3));
            Assert.That(old1.IsCompleted && old2.IsCompleted, Is.True, "superseded at once, not when the batch ends");
            engine.Open();
            AssertCompletes(newest);
            Assert.That(running.Result.Best.Label, Is.EqualTo("cat"), "the frame already running is not superseded");
            Assert.That(newest.Result.Best.Label, Is.EqualTo("fox"));
            var e = Assert.Throws<AggregateException>(() => old1.Wait());
            Assert.That(e!.InnerException, Is.TypeOf<FrameSupersededException>());
            Assert.That(e.InnerException, Is.InstanceOf<OperationCanceledException>());
            Assert.That(old2.Exception!.InnerException!.Message, Does.Contain("superseded"));
            Assert.That(engine.Batches, Is.EqualTo(new[] { 1, 1 }));
        }

        [Test]
        public void CancelledRequestIsNotRun()
        {
            var engine = new GatedEngine();
            using var classifier = new ImageClassifier(engine, Labels, InputNormalization.None, Exact());
            engine.Close();
            var running = classifier.ClassifyAsync(GatedEngine.FrameOf(0));
            Assert.That(engine.WaitEntered(), Is.True);
            using var cts = new CancellationTokenSource();
            var cancelled = classifier.ClassifyAsync(GatedEngine.FrameOf(1), cts.Token);
            var kept = classifier.ClassifyAsync(GatedEngine.FrameOf(2));
            cts.Cancel();
            Assert.That(cancelled.IsCanceled, Is.True);
            engine.Open();
            AssertCompletes(kept);
            Assert.That(kept.Result.Best.Label, Is.EqualTo("cow"));
            Assert.That(engine.Batches, Is.EqualTo(new[] { 1, 1 }), "the cancelled frame never reached the engine");
            var already = classifier.ClassifyAsync(GatedEngine.FrameOf(1), new CancellationToken(true));
            Assert.That(already.IsCanceled, Is.True);
        }

        [Test]
        public void DisposeFailsWaitingRequestsAndDisposesAnOwnedEngine()
        {
            var engine = new GatedEngine();
            var classifier = new ImageClassifier(engine, Labels, InputNormalization.None, Exact());
            engine.Close();
            var running = classifier.ClassifyAsync(GatedEngine.FrameOf(0));
            Assert.That(engine.WaitEntered(), Is.True);
            var waiting = classifier.ClassifyAsync(GatedEngine.FrameOf(1));
            var disposing = Task.Run(() => classifier.Dispose());
            Assert.That(SpinWait.SpinUntil(() => waiting.IsCompleted, 10000), Is.True);
            Assert.That(waiting.Exception!.InnerException, Is.TypeOf<ObjectDisposedException>());
            engine.Open();
            Assert.That(disposing.Wait(20000), Is.True);
            Assert.That(running.Result.Best.Label, Is.EqualTo("cat"), "the batch in flight finishes");
            Assert.That(engine.Disposed, Is.True);
            Assert.Throws<ObjectDisposedException>(() => classifier.ClassifyAsync(GatedEngine.FrameOf(0)));
        }

        [Test]
        public void SubmitsRacingDisposeAllFinish()
        {
            var engine = new GatedEngine();
            var classifier = new ImageClassifier(engine, Labels, InputNormalization.None, Exact());
            var tasks = new System.Collections.Concurrent.ConcurrentBag<Task<ClassificationResult>>();
            int refused = 0;
            using var start = new Barrier(5);
            var submitters = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
            {
                start.SignalAndWait();
                for (int i = 0; i < 50; i++)
                {
                    try { tasks.Add(classifier.ClassifyAsync(GatedEngine.FrameOf((t + i) % 4))); }
                    catch (ObjectDisposedException) { Interlocked.Increment(ref refused); }
                }
            })).ToArray();
            start.SignalAndWait();
            Thread.Sleep(5);
            classifier.Dispose();
            Assert.That(Task.WaitAll(submitters, 20000), Is.True);
            foreach (var task in tasks)
            {
                Assert.That(SpinWait.SpinUntil(() => task.IsCompleted, 20000), Is.True, "no request is stranded");
                if (task.IsFaulted) Assert.That(task.Exception!.InnerException, Is.TypeOf<ObjectDisposedException>());
            }
            Assert.That(tasks.Count + refused, Is.EqualTo(200));
            Assert.That(engine.Disposed, Is.True);
        }

        [Test]
        public void EngineNotOwnedIsLeftAlone()
        {
            var engine = new GatedEngine();
            new ImageClassifier(engine, Labels, InputNormalization.None, Exact(), ownsEngine: false).Dispose();
            Assert.That(engine.Disposed, Is.False);
        }

        [Test]
        public void EngineErrorsReachTheCallerAndTheClassifierKeepsWorking()
        {
            var engine = new GatedEngine { FailWith = new InvalidOperationException("device lost") };
            using var classifier = new ImageClassifier(engine, Labels, InputNormalization.None, Exact());
            var failed = classifier.ClassifyAsync(GatedEngine.FrameOf(3));
            Assert.That(SpinWait.SpinUntil(() => failed.IsCompleted, 20000), Is.True);
            Assert.That(failed.Exception!.InnerException!.Message, Is.EqualTo("device lost"));
            engine.FailWith = null;
            var ok = classifier.ClassifyAsync(GatedEngine.FrameOf(3), 3);
            AssertCompletes(ok);
            Assert.That(ok.Result.Top.Count, Is.EqualTo(3));
            Assert.That(ok.Result.Best.Label, Is.EqualTo("fox"));
        }

        [Test]
        public void MismatchedLabelsOrMeanImageAreRefused()
        {
            var engine = new GatedEngine();
            var e = Assert.Throws<ArgumentException>(() => new ImageClassifier(engine, new[] { "a", "b" }, InputNormalization.None));
            Assert.That(e!.Message, Does.Contain("4 classes").And.Contain("2 labels"));
            var mean = InputNormalization.MeanImage(new float[3 * 64 * 64], 64);
            var m = Assert.Throws<ArgumentException>(() => new ImageClassifier(engine, Labels, mean));
            Assert.That(m!.Message, Does.Contain("64x64").And.Contain("96x96"));
        }

        [Test]
        public void TopKIsTheSoftmaxInOrder()
        {
            var top = ClassificationResult.TopK(new[] { 1f, 3f, 2f, -1f }, Labels, 3);
            double z = Math.Exp(1) + Math.Exp(3) + Math.Exp(2) + Math.Exp(-1);
            Assert.That(top.Select(t => t.Label), Is.EqualTo(new[] { "dog", "cow", "cat" }));
            Assert.That(top[0].Probability, Is.EqualTo(Math.Exp(3) / z).Within(1e-6));
            Assert.That(top[2].Probability, Is.EqualTo(Math.Exp(1) / z).Within(1e-6));
            var huge = ClassificationResult.TopK(new[] { 1000f, 999f, -1000f, 0f }, Labels, 4);
            Assert.That(huge.Sum(t => t.Probability), Is.EqualTo(1f).Within(1e-5), "no overflow for large logits");
        }
    }
}
