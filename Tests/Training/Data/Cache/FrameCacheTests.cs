using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using NUnit.Framework;
using Sightline.Data;
using Sightline.Tests.Core.Data;

namespace Sightline.Tests.Training.Data.Cache
{
    public class FrameCacheTests
    {
        TempFolder _dir = null!;

        [SetUp]
        public void SetUp() => _dir = new TempFolder();

        [TearDown]
        public void TearDown() => _dir.Dispose();

        string Img(params string[] parts) => _dir.Combine(new[] { "images" }.Concat(parts).ToArray());
        string CacheDir => _dir.Combine("cache");
        FrameCacheOptions Options => new FrameCacheOptions { CacheDirectory = CacheDir };

        FrameCache Build(Dataset dataset, int size, IProgress<CacheBuildProgress>? progress = null, CancellationToken token = default) =>
            FrameCache.OpenOrBuild(dataset, size, Options, progress, token);

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
            TestImages.ImageFolder(Img(), 12, 3, "a", "b");
            var ds = Dataset.Open(Img());
            var progress = new Collect();
            using (var cache = Build(ds, 8, progress))
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
            using (var again = Build(Dataset.Open(Img()), 8))
            {
                Assert.That(again.WasRebuilt, Is.False);
                Assert.That(again.Count, Is.EqualTo(6));
            }
        }

        [Test]
        public void ChangedFilesOrSizeRebuildTheCache()
        {
            TestImages.ImageFolder(Img(), 12, 2, "a", "b");
            using (Build(Dataset.Open(Img()), 8)) { }
            File.SetLastWriteTimeUtc(Img("a", "000.png"), DateTime.UtcNow.AddMinutes(-5));
            using (var cache = Build(Dataset.Open(Img()), 8)) Assert.That(cache.WasRebuilt, Is.True);
            TestImages.Write(Img("b", "new.png"), TestImages.RgbPng(12, 12, TestImages.Pattern(99)));
            using (var cache = Build(Dataset.Open(Img()), 8))
            {
                Assert.That(cache.WasRebuilt, Is.True);
                Assert.That(cache.Count, Is.EqualTo(5));
            }
            using (var cache = Build(Dataset.Open(Img()), 10)) Assert.That(cache.WasRebuilt, Is.True);
            using (var cache = Build(Dataset.Open(Img()), 8)) Assert.That(cache.WasRebuilt, Is.False);
        }

        [Test]
        public void MeanImageAveragesTheTrainingFramesOnly()
        {
            TestImages.Write(Img("train", "a", "1.png"), TestImages.RgbPng(4, 4, TestImages.Solid(10, 20, 30)));
            TestImages.Write(Img("train", "b", "2.png"), TestImages.RgbPng(4, 4, TestImages.Solid(30, 41, 50)));
            TestImages.Write(Img("val", "a", "3.png"), TestImages.RgbPng(4, 4, TestImages.Solid(255, 255, 255)));
            using (var cache = Build(Dataset.Open(Img()), 4))
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
            TestImages.Write(Img("a", "black.png"), TestImages.RgbPng(4, 4, TestImages.Solid(0, 0, 0)));
            TestImages.Write(Img("a", "white.png"), TestImages.RgbPng(4, 4, TestImages.Solid(255, 255, 255)));
            using (var cache = Build(Dataset.Open(Img()), 4))
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
            TestImages.ImageFolder(Img(), 8, 3, "a", "b");
            string empty = TestImages.Write(Img("a", "empty.png"), new byte[0]);
            string text = TestImages.Write(Img("b", "text.png"), System.Text.Encoding.UTF8.GetBytes("hello"));
            var full = TestImages.RgbPng(16, 16, TestImages.Pattern(1));
            string cut = TestImages.Write(Img("b", "cut.png"), full.Take(full.Length / 2).ToArray());
            string bomb = TestImages.Write(Img("a", "bomb.png"), TestImages.PngHeaderOnly(50000, 50000));
            using (var cache = Build(Dataset.Open(Img()), 8))
            {
                Assert.That(cache.Count, Is.EqualTo(6));
                Assert.That(cache.Skipped.Count, Is.EqualTo(4));
                Assert.That(cache.Skipped.Select(s => s.Path), Is.EquivalentTo(new[] { empty, text, cut, bomb }));
                Assert.That(cache.Skipped.First(s => s.Path == cut).Message, Does.Contain("truncated"));
                Assert.That(cache.Entries.Select(e => e.RelativePath), Has.None.Contains("empty"));
            }
            using (var reopened = Build(Dataset.Open(Img()), 8))
            {
                Assert.That(reopened.WasRebuilt, Is.False);
                Assert.That(reopened.Skipped.Count, Is.EqualTo(4));
            }
        }

        [Test]
        public void DamagedCacheFileIsRebuilt()
        {
            TestImages.ImageFolder(Img(), 8, 2, "a", "b");
            string path;
            using (var cache = Build(Dataset.Open(Img()), 8)) path = cache.Path;
            using (var f = new FileStream(path, FileMode.Open)) f.SetLength(f.Length - 10);
            using (var cache = Build(Dataset.Open(Img()), 8))
            {
                Assert.That(cache.WasRebuilt, Is.True);
                Assert.That(cache.Count, Is.EqualTo(4));
            }
        }

        [Test]
        public void CancelledBuildLeavesNoCacheFile()
        {
            TestImages.ImageFolder(Img(), 8, 2, "a", "b");
            var ds = Dataset.Open(Img());
            var cts = new CancellationTokenSource();
            cts.Cancel();
            Assert.That(() => Build(ds, 8, null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(File.Exists(FrameCache.DefaultPath(ds, 8, Options)), Is.False);
            Assert.That(Directory.GetFiles(CacheDir, "*.tmp"), Is.Empty);
        }

        [Test]
        public void CacheDirectoryOptionKeepsTheDatasetUntouched()
        {
            TestImages.ImageFolder(_dir.Combine("data"), 8, 2, "a", "b");
            var options = new FrameCacheOptions { CacheDirectory = _dir.Combine("elsewhere") };
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(_dir.Combine("data")), 8, options))
                Assert.That(cache.Path, Does.StartWith(_dir.Combine("elsewhere")));
            Assert.That(Directory.GetDirectories(_dir.Combine("data")).Length, Is.EqualTo(2));
        }

        [Test]
        public void DefaultCacheOfAnImageFolderIsOutsideTheTreeAndOfASightlineDatasetInside()
        {
            TestImages.ImageFolder(_dir.Combine("data"), 8, 2, "a", "b");
            string imageFolderCache = FrameCache.DefaultPath(Dataset.Open(_dir.Combine("data")), 8);
            Assert.That(imageFolderCache, Does.Not.StartWith(_dir.Combine("data")));
            Assert.That(imageFolderCache, Does.EndWith("cache-8.bin"));
            using (var writer = DatasetWriter.Open(_dir.Combine("captures")))
                writer.Write(TestImages.Frame(8, 8, 1), "a");
            Assert.That(FrameCache.DefaultPath(Dataset.Open(_dir.Combine("captures")), 8), Is.EqualTo(_dir.Combine("captures", DatasetLayout.PrivateFolder, "cache-8.bin")));
        }

        [Test]
        public void PerUserCachesOfDeletedDatasetsArePruned()
        {
            // Uses the real per-user folder (SIGHTLINE_CACHE_DIR or local application data), as ImageFolder users get it.
            TestImages.ImageFolder(_dir.Combine("gone"), 4, 2, "a", "b");
            TestImages.ImageFolder(_dir.Combine("kept"), 4, 2, "a", "b");
            string gonePath, keptPath;
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(_dir.Combine("gone")), 4)) gonePath = cache.Path;
            Directory.Delete(_dir.Combine("gone"), true);
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(_dir.Combine("kept")), 4)) keptPath = cache.Path;
            Assert.That(File.Exists(gonePath), Is.False);
            Assert.That(File.Exists(keptPath), Is.True);
            Directory.Delete(_dir.Combine("kept"), true);
            Directory.Delete(Path.GetDirectoryName(keptPath)!, true);
        }

        [Test]
        public void AddingAnEmptyLabelRebuildsTheCache()
        {
            // Label indices shift when a label sorts in before others, so the cache's labels must follow.
            TestImages.ImageFolder(Img(), 8, 2, "b", "c");
            using (Build(Dataset.Open(Img()), 8)) { }
            Directory.CreateDirectory(Img("a"));
            using (var cache = Build(Dataset.Open(Img()), 8))
            {
                Assert.That(cache.WasRebuilt, Is.True);
                Assert.That(cache.Labels.Names, Is.EqualTo(new[] { "a", "b", "c" }));
                Assert.That(cache.Entries[0].LabelIndex, Is.EqualTo(1));
            }
        }
    }
}
