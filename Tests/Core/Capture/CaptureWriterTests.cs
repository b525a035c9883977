using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using NUnit.Framework;
using Sightline.Capture;

namespace Sightline.Tests.Core.Capture
{
    public class CaptureWriterTests
    {
        sealed class SlowSink : ICaptureSink
        {
            public readonly ConcurrentQueue<string> Labels = new ConcurrentQueue<string>();
            public int DelayMs;
            public Func<CapturedFrame, bool>? FailWhen;
            public int WriterThread;
            public ManualResetEventSlim? Gate;

            public string Write(CapturedFrame frame)
            {
                WriterThread = Thread.CurrentThread.ManagedThreadId;
                Gate?.Wait();
                if (DelayMs > 0) Thread.Sleep(DelayMs);
                if (FailWhen != null && FailWhen(frame)) throw new System.IO.IOException("disk full writing " + frame.Label);
                Labels.Enqueue(frame.Label);
                return "frames/" + frame.Label;
            }
        }

        static CapturedFrame Frame(int i) => new CapturedFrame(new byte[4 * 4 * 3], 4, 4, "f" + i.ToString("D4"));

        [Test]
        public void EnqueueNeverWaitsForAStuckSink()
        {
            // The sink blocks until the test opens the gate: an Enqueue that waited for it would never return.
            var gate = new ManualResetEventSlim(false);
            var sink = new SlowSink { Gate = gate };
            var accepted = new List<string>();
            using (var writer = new CaptureWriter(sink, capacity: 8))
            {
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < 100; i++)
                    if (writer.TryEnqueue(Frame(i))) accepted.Add("f" + i.ToString("D4"));
                clock.Stop();
                Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(2), "TryEnqueue waited for the sink");
                // The queue holds 8; the worker may already hold one more inside the sink.
                Assert.That(accepted.Count, Is.InRange(8, 9));
                Assert.That(writer.Dropped, Is.EqualTo(100 - accepted.Count));
                gate.Set();
                Assert.That(writer.Flush(TimeSpan.FromSeconds(10)), Is.True);
                Assert.That(writer.Written, Is.EqualTo(accepted.Count));
            }
            Assert.That(sink.Labels, Is.EqualTo(accepted), "every accepted frame was written, in order");
            Assert.That(sink.WriterThread, Is.Not.EqualTo(Thread.CurrentThread.ManagedThreadId));
        }

        [Test]
        public void ManyProducersLoseNothingWhileTheQueueHasRoom()
        {
            var sink = new SlowSink();
            using var writer = new CaptureWriter(sink, capacity: 4000);
            var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
            {
                for (int i = 0; i < 500; i++) Assert.That(writer.TryEnqueue(Frame(t * 1000 + i)), Is.True);
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.That(writer.Flush(TimeSpan.FromSeconds(10)), Is.True);
            Assert.That(writer.Written, Is.EqualTo(2000));
            Assert.That(sink.Labels.Distinct().Count(), Is.EqualTo(2000));
            Assert.That(writer.Dropped, Is.EqualTo(0));
        }

        [Test]
        public void ASinkFailureIsReportedAndTheWriterCarriesOn()
        {
            var sink = new SlowSink { FailWhen = f => f.Label == "f0001" };
            var failures = new ConcurrentQueue<string>();
            var written = new ConcurrentQueue<string>();
            using var writer = new CaptureWriter(sink);
            writer.Failed += (frame, e) => failures.Enqueue(frame.Label + ": " + e.Message);
            writer.FrameWritten += (frame, where) => written.Enqueue(where);
            for (int i = 0; i < 3; i++) writer.TryEnqueue(Frame(i));
            Assert.That(writer.Flush(TimeSpan.FromSeconds(10)), Is.True);
            Assert.That(failures, Is.EqualTo(new[] { "f0001: disk full writing f0001" }));
            Assert.That(written, Is.EqualTo(new[] { "frames/f0000", "frames/f0002" }));
            Assert.That(writer.FailedCount, Is.EqualTo(1));
        }

        [Test]
        public void DisposeWritesWhatIsQueuedThenRefusesFrames()
        {
            var sink = new SlowSink { DelayMs = 5 };
            var writer = new CaptureWriter(sink, capacity: 16);
            for (int i = 0; i < 10; i++) Assert.That(writer.TryEnqueue(Frame(i)), Is.True);
            writer.Dispose();
            Assert.That(sink.Labels.Count, Is.EqualTo(10));
            Assert.That(writer.TryEnqueue(Frame(99)), Is.False);
        }

        [Test]
        public void FramesMustBeConsistent()
        {
            Assert.Throws<ArgumentException>(() => new CapturedFrame(new byte[10], 2, 2, "car"));
            Assert.Throws<ArgumentException>(() => new CapturedFrame(new byte[12], 2, 2, " "));
        }
    }
}
