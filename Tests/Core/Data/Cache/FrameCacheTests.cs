using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using NUnit.Framework;
using Sightline.Data;

namespace Sightline.Tests.Core.Data.Cache
{
    public class FrameCacheTests
    {
        TempFolder _dir = null!;

        [SetUp]
        public void SetUp() => _dir = new TempFolder();

        [TearDown]
        public void TearDown() => _dir.Dispose();

        sealed class Collect : IProgress<CacheBuildProgress>
        {
            public readonly List<CacheBuildProgress> Reports = new List<CacheBuildProgress>();
            public void Report(CacheBuildProgress value)
            {
                lock (Reports) Reports.Add(value);
            }
        }

        [Test]
        public void FramesAreTheDecodedImagesAndTheCacheIsReused()
        {
            TestImages.ImageFolder(_dir.Path, 12, 3, "a", "b");
            var ds = Dataset.Open(_dir.Path);
            var progress = new Collect();
            using (var cache = FrameCache.OpenOrBuild(ds, 8, null, progress))
            {
                Assert.That(cache.WasRebuilt, Is.True);
                Assert.That(cache.Count, Is.EqualTo(6));
                Assert.That(cache.Labels.Names, Is.EqualTo(new[] { "a", "b" }));
                for (int i = 0; i < cache.Count; i++)
                {
                    Assert.That(cache.Entries[i].RelativePath, Is.EqualTo(ds.Frames[i].RelativePath));
                    Assert.That(cache.Entries[i].LabelIndex, Is.EqualTo(ds.Frames[i].LabelIndex));
                    Assert.That(cache.Frame(i).ToArray(), Is.EqualTo(ImageDecoder.DecodeSquare(ds.Frames[i].Path, 8)));
                }
            }
            Assert.That(progress.Reports.Max(r => r.Done), Is.EqualTo(6));
            Assert.That(progress.Reports.All(r => r.Total == 6), Is.True);
            using (var again = FrameCache.OpenOrBuild(Dataset.Open(_dir.Path), 8))
            {
                Assert.That(again.WasRebuilt, Is.False);
                Assert.That(again.Count, Is.EqualTo(6));
            }
        }

        [Test]
        public void ChangedFilesOrSizeRebuildTheCache()
        {
            TestImages.ImageFolder(_dir.Path, 12, 2, "a", "b");
            using (FrameCache.OpenOrBuild(Dataset.Open(_dir.Path), 8)) { }
            File.SetLastWriteTimeUtc(_dir.Combine("a", "000.png"), DateTime.UtcNow.AddMinutes(-5));
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(_dir.Path), 8)) Assert.That(cache.WasRebuilt, Is.True);
            TestImages.Write(_dir.Combine("b", "new.png"), TestImages.RgbPng(12, 12, TestImages.Pattern(99)));
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(_dir.Path), 8))
            {
                Assert.That(cache.WasRebuilt, Is.True);
                Assert.That(cache.Count, Is.EqualTo(5));
            }
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(_dir.Path), 10)) Assert.That(cache.WasRebuilt, Is.True);
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(_dir.Path), 8)) Assert.That(cache.WasRebuilt, Is.False);
        }

        [Test]
        public void MeanImageAveragesTheTrainingFramesOnly()
        {
            TestImages.Write(_dir.Combine("train", "a", "1.png"), TestImages.RgbPng(4, 4, TestImages.Solid(10, 20, 30)));
            TestImages.Write(_dir.Combine("train", "b", "2.png"), TestImages.RgbPng(4, 4, TestImages.Solid(30, 41, 50)));
            TestImages.Write(_dir.Combine("val", "a", "3.png"), TestImages.RgbPng(4, 4, TestImages.Solid(255, 255, 255)));
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(_dir.Path), 4))
            {
                Assert.That(cache.StatsFrameCount, Is.EqualTo(2));
                for (int k = 0; k < cache.MeanImage.Length; k += 3)
                {
                    Assert.That(cache.MeanImage[k], Is.EqualTo(20f));
                    Assert.That(cache.MeanImage[k + 1], Is.EqualTo(30.5f));
                    Assert.That(cache.MeanImage[k + 2], Is.EqualTo(40f));
                }
                Assert.That(cache.EntriesIn(DatasetSplit.Validation).Length, Is.EqualTo(1));
            }
        }

        [Test]
        public void ColourPcaOfBlackAndWhiteIsTheGreyAxis()
        {
            TestImages.Write(_dir.Combine("a", "black.png"), TestImages.RgbPng(4, 4, TestImages.Solid(0, 0, 0)));
            TestImages.Write(_dir.Combine("a", "white.png"), TestImages.RgbPng(4, 4, TestImages.Solid(255, 255, 255)));
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(_dir.Path), 4))
            {
                // x is (0,0,0) or (1,1,1) equally often: covariance 0.25 everywhere, one eigenvalue 0.75 along (1,1,1)/sqrt(3).
                foreach (var c in cache.Pca.Covariance) Assert.That(c, Is.EqualTo(0.25).Within(1e-12));
                Assert.That(cache.Pca.EigenValues[0], Is.EqualTo(0.75).Within(1e-9));
                Assert.That(cache.Pca.EigenValues[1], Is.EqualTo(0).Within(1e-9));
                for (int c = 0; c < 3; c++) Assert.That(cache.Pca.EigenVectors[c], Is.EqualTo(1 / Math.Sqrt(3)).Within(1e-9));
            }
        }

        [Test]
        public void UnreadableFramesAreSkippedAndCounted()
        {
            TestImages.ImageFolder(_dir.Path, 8, 3, "a", "b");
            string empty = TestImages.Write(_dir.Combine("a", "empty.png"), new byte[0]);
            string text = TestImages.Write(_dir.Combine("b", "text.png"), System.Text.Encoding.UTF8.GetBytes("hello"));
            var full = TestImages.RgbPng(16, 16, TestImages.Pattern(1));
            string cut = TestImages.Write(_dir.Combine("b", "cut.png"), full.Take(full.Length / 2).ToArray());
            string bomb = TestImages.Write(_dir.Combine("a", "bomb.png"), TestImages.PngHeaderOnly(50000, 50000));
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(_dir.Path), 8))
            {
                Assert.That(cache.Count, Is.EqualTo(6));
                Assert.That(cache.Skipped.Count, Is.EqualTo(4));
                Assert.That(cache.Skipped.Select(s => s.Path), Is.EquivalentTo(new[] { empty, text, cut, bomb }));
                Assert.That(cache.Skipped.First(s => s.Path == cut).Message, Does.Contain("truncated"));
                Assert.That(cache.Entries.Select(e => e.RelativePath), Has.None.Contains("empty"));
            }
            using (var reopened = FrameCache.OpenOrBuild(Dataset.Open(_dir.Path), 8))
            {
                Assert.That(reopened.WasRebuilt, Is.False);
                Assert.That(reopened.Skipped.Count, Is.EqualTo(4));
            }
        }

        [Test]
        public void DamagedCacheFileIsRebuilt()
        {
            TestImages.ImageFolder(_dir.Path, 8, 2, "a", "b");
            string path;
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(_dir.Path), 8)) path = cache.Path;
            using (var f = new FileStream(path, FileMode.Open)) f.SetLength(f.Length - 10);
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(_dir.Path), 8))
            {
                Assert.That(cache.WasRebuilt, Is.True);
                Assert.That(cache.Count, Is.EqualTo(4));
            }
        }

        [Test]
        public void CancelledBuildLeavesNoCacheFile()
        {
            TestImages.ImageFolder(_dir.Path, 8, 2, "a", "b");
            var ds = Dataset.Open(_dir.Path);
            var cts = new CancellationTokenSource();
            cts.Cancel();
            Assert.That(() => FrameCache.OpenOrBuild(ds, 8, null, null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(File.Exists(FrameCache.DefaultPath(ds, 8)), Is.False);
            Assert.That(Directory.GetFiles(_dir.Combine(DatasetLayout.PrivateFolder), "*.tmp"), Is.Empty);
        }

        [Test]
        public void CacheDirectoryOptionKeepsTheDatasetUntouched()
        {
            TestImages.ImageFolder(_dir.Combine("data"), 8, 2, "a", "b");
            var options = new FrameCacheOptions { CacheDirectory = _dir.Combine("elsewhere") };
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(_dir.Combine("data")), 8, options))
                Assert.That(cache.Path, Does.StartWith(_dir.Combine("elsewhere")));
            Assert.That(Directory.Exists(_dir.Combine("data", DatasetLayout.PrivateFolder)), Is.False);
        }
    }
}
