using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using Sightline.Capture;
using Sightline.Data;
using Sightline.Imaging;

namespace Sightline.Tests.Core.Data.Writing
{
    public class DatasetWriterTests
    {
        TempFolder _dir = null!;

        [SetUp]
        public void SetUp() => _dir = new TempFolder();

        [TearDown]
        public void TearDown() => _dir.Dispose();

        [Test]
        public void WrittenFramesDecodeToTheirPixels()
        {
            var frame = TestImages.Frame(6, 6, 4);
            FrameRecord record;
            using (var writer = DatasetWriter.Open(_dir.Path)) record = writer.Write(frame, "car");
            Assert.That(record.Id, Is.EqualTo("00000001"));
            Assert.That(record.Path, Is.EqualTo("frames/car/00000001.png"));
            var rgb = ImageDecoder.DecodeSquare(_dir.Combine("frames", "car", "00000001.png"), 6);
            Assert.That(rgb, Is.EqualTo(frame.Pixels));
        }

        [Test]
        public void BottomUpRgbaIsFlippedAndLosesAlpha()
        {
            // 2x2 RGBA, bottom row first: bottom = red, green; top = blue, white.
            var pixels = new byte[] { 255, 0, 0, 7, 0, 255, 0, 7, 0, 0, 255, 7, 255, 255, 255, 7 };
            using (var writer = DatasetWriter.Open(_dir.Path))
                writer.Write(new Frame(pixels, 2, 2, PixelFormat.Rgba32, ColorEncoding.Srgb, bottomUp: true), "x");
            var rgb = ImageDecoder.DecodeSquare(_dir.Combine("frames", "x", "00000001.png"), 2);
            Assert.That(rgb, Is.EqualTo(new byte[] { 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 255, 0 }));
        }

        [Test]
        public void EnqueuedFramesFromManyThreadsAreAllWrittenAfterFlushAsync()
        {
            int written = 0;
            using (var writer = DatasetWriter.Open(_dir.Path))
            {
                writer.FrameWritten += _ => Interlocked.Increment(ref written);
                Parallel.For(0, 4, t =>
                {
                    for (int i = 0; i < 10; i++) Assert.That(writer.Enqueue(TestImages.Frame(8, 8, t * 10 + i), "t" + t), Is.True);
                });
                Assert.That(writer.FlushAsync().Wait(TimeSpan.FromSeconds(30)), Is.True);
                Assert.That(writer.PendingCount, Is.EqualTo(0));
                Assert.That(writer.FrameCount, Is.EqualTo(40));
            }
            Assert.That(written, Is.EqualTo(40));
            var ds = Dataset.Open(_dir.Path);
            Assert.That(ds.Frames.Count, Is.EqualTo(40));
            Assert.That(ds.Frames.Select(f => f.Record!.Id).Distinct().Count(), Is.EqualTo(40));
            Assert.That(Directory.GetFiles(_dir.Path, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        }

        [Test]
        public void DisposeWritesWhatIsStillQueued()
        {
            using (var writer = DatasetWriter.Open(_dir.Path))
                for (int i = 0; i < 12; i++) writer.Enqueue(TestImages.Frame(8, 8, i), "a");
            Assert.That(Dataset.Open(_dir.Path).Frames.Count, Is.EqualTo(12));
        }

        [Test]
        public void FullQueueDropsFramesInsteadOfBlocking()
        {
            int accepted = 0, dropped = 0;
            using (var writer = DatasetWriter.Open(_dir.Path, new DatasetWriterOptions { MaxPendingFrames = 2 }))
            {
                writer.FrameDropped += _ => Interlocked.Increment(ref dropped);
                for (int i = 0; i < 40; i++)
                    if (writer.Enqueue(TestImages.Frame(128, 128, i), "a")) accepted++;
                writer.Flush();
                Assert.That(writer.DroppedCount, Is.EqualTo(40 - accepted));
            }
            Assert.That(dropped, Is.EqualTo(40 - accepted));
            Assert.That(dropped, Is.GreaterThan(0));
            Assert.That(Dataset.Open(_dir.Path).Frames.Count, Is.EqualTo(accepted));
        }

        [Test]
        public void OneWriterPerDataset()
        {
            using (DatasetWriter.Open(_dir.Path))
            {
                var e = Assert.Throws<DatasetException>(() => DatasetWriter.Open(_dir.Path));
                Assert.That(e!.Message, Does.Contain("another DatasetWriter"));
            }
            using (DatasetWriter.Open(_dir.Path)) { }
        }

        [Test]
        public void BadFramesThrowOnTheCallersThread()
        {
            using (var writer = DatasetWriter.Open(_dir.Path))
            {
                Assert.Throws<ArgumentException>(() => writer.Enqueue(TestImages.Frame(4, 4, 0), "a/b"));
                Assert.Throws<ArgumentException>(() => writer.Enqueue(TestImages.Frame(4, 4, 0), ".."));
                Assert.Throws<ArgumentException>(() => writer.Enqueue(TestImages.Frame(4, 4, 0), "ok", new CaptureDetails { Id = "a/b" }));
                Assert.Throws<ArgumentException>(() => writer.Enqueue(TestImages.Frame(4, 4, 0), "ok", new CaptureDetails { Split = (DatasetSplit)9 }));
                Assert.That(writer.PendingCount, Is.EqualTo(0), "refused frames are not queued");
            }
        }

        [Test]
        public void DetailsAreCopiedWhenAFrameIsQueued()
        {
            // A capture component may reuse its details object for the next view while the first is still queued.
            var details = new CaptureDetails { Scene = "first", Split = DatasetSplit.Validation };
            using (var writer = DatasetWriter.Open(_dir.Path))
            {
                Assert.That(writer.Enqueue(TestImages.Frame(4, 4, 0), "a", details), Is.True);
                details.Scene = "second";
                details.Split = DatasetSplit.Train;
                writer.Flush();
            }
            var record = Dataset.Open(_dir.Path).Frames[0].Record!;
            Assert.That(record.Scene, Is.EqualTo("first"));
            Assert.That(record.Split, Is.EqualTo(DatasetSplit.Validation));
        }

        [Test]
        public void LabelsDifferingOnlyInCaseAreRefused()
        {
            using (var writer = DatasetWriter.Open(_dir.Path)) writer.Write(TestImages.Frame(4, 4, 0), "Car");
            using (var writer = DatasetWriter.Open(_dir.Path))
            {
                var e = Assert.Throws<ArgumentException>(() => writer.Enqueue(TestImages.Frame(4, 4, 1), "car"));
                Assert.That(e!.Message, Does.Contain("'Car'"));
                Assert.That(writer.Enqueue(TestImages.Frame(4, 4, 2), "Car"), Is.True);
            }
        }

        [Test]
        public void ReopeningCleansUpAfterACrash()
        {
            using (var writer = DatasetWriter.Open(_dir.Path))
            {
                writer.Write(TestImages.Frame(8, 8, 1), "a");
                writer.Write(TestImages.Frame(8, 8, 2), "a");
            }
            // What a kill leaves: a half-written temporary file, and a renamed image the manifest did not list yet.
            string temp = TestImages.Write(_dir.Combine("frames", "a", "00000003.png.1234abcd.tmp"), new byte[] { 0x89, 0x50 });
            string unlisted = TestImages.Write(_dir.Combine("frames", "a", "00000004.png"), TestImages.RgbPng(8, 8, TestImages.Pattern(4)));
            using (var writer = DatasetWriter.Open(_dir.Path))
            {
                Assert.That(File.Exists(temp), Is.False);
                Assert.That(writer.Problems.Any(p => p.Path == temp), Is.True);
                Assert.That(writer.Problems.Any(p => p.Path == unlisted), Is.True);
                Assert.That(writer.FrameCount, Is.EqualTo(3));
                var next = writer.Write(TestImages.Frame(8, 8, 5), "a");
                Assert.That(next.Id, Is.EqualTo("00000005"));
            }
            var ds = Dataset.Open(_dir.Path);
            Assert.That(ds.Frames.Count, Is.EqualTo(4));
            Assert.That(ds.Problems.Where(p => p.Severity == ProblemSeverity.Error), Is.Empty);
            Assert.That(ManifestFile.Read(_dir.Combine(DatasetLayout.ManifestFile)).Frames.Count, Is.EqualTo(4));
        }

        [Test]
        public void RefusesToWriteIntoAnImageFolderTree()
        {
            TestImages.ImageFolder(_dir.Path, 4, 1, "cat");
            var e = Assert.Throws<DatasetException>(() => DatasetWriter.Open(_dir.Path));
            Assert.That(e!.Message, Does.Contain("ImageFolder"));
        }
    }
}
