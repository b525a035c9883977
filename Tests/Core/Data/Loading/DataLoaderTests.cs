using System;
using System.Linq;
using System.Threading;
using NUnit.Framework;
using Sightline.Data;

namespace Sightline.Tests.Core.Data.Loading
{
    public class DataLoaderTests
    {
        TempFolder _dir = null!;
        FrameCache _cache = null!;

        [SetUp]
        public void SetUp()
        {
            _dir = new TempFolder();
            TestImages.ImageFolder(_dir.Combine("images", "train"), 20, 7, "a", "b", "c");
            TestImages.ImageFolder(_dir.Combine("images", "val"), 20, 2, "a", "b", "c");
            _cache = FrameCache.OpenOrBuild(Dataset.Open(_dir.Combine("images")), 16, new FrameCacheOptions { CacheDirectory = _dir.Combine("cache") });
        }

        [TearDown]
        public void TearDown()
        {
            _cache.Dispose();
            _dir.Dispose();
        }

        LoaderOptions Training(int workers, ulong seed = 11) => new LoaderOptions(AugmentationSettings.Training(16, 12))
        {
            BatchSize = 4, Seed = seed, Workers = workers, ProduceFrames = true,
        };

        static Batch[] Epoch(DataLoader loader, int epoch) => loader.ReadEpoch(epoch).ToArray();

        [Test]
        public void SameSeedAndEpochGiveTheSameBatchesWhateverTheThreads()
        {
            using (var one = DataLoader.ForSplit(_cache, DatasetSplit.Train, Training(1)))
            using (var three = DataLoader.ForSplit(_cache, DatasetSplit.Train, Training(3)))
            {
                Assert.That(one.BatchesPerEpoch, Is.EqualTo(5)); // 21 frames, batches of 4, last incomplete one dropped
                for (int epoch = 0; epoch < 2; epoch++)
                {
                    var a = Epoch(one, epoch);
                    var b = Epoch(three, epoch);
                    Assert.That(a.Length, Is.EqualTo(5));
                    for (int i = 0; i < a.Length; i++)
                    {
                        Assert.That(b[i].Index, Is.EqualTo(i));
                        Assert.That(b[i].Labels, Is.EqualTo(a[i].Labels));
                        Assert.That(b[i].Entries, Is.EqualTo(a[i].Entries));
                        Assert.That(b[i].Params, Is.EqualTo(a[i].Params));
                        Assert.That(b[i].Input, Is.EqualTo(a[i].Input));
                    }
                }
                var e0 = Epoch(one, 0).SelectMany(x => x.Entries).ToArray();
                var e1 = Epoch(one, 1).SelectMany(x => x.Entries).ToArray();
                Assert.That(e1, Is.Not.EqualTo(e0), "each epoch has its own order");
            }
            using (var other = DataLoader.ForSplit(_cache, DatasetSplit.Train, Training(1, 12)))
            using (var one = DataLoader.ForSplit(_cache, DatasetSplit.Train, Training(1)))
                Assert.That(Epoch(other, 0)[0].Params, Is.Not.EqualTo(Epoch(one, 0)[0].Params));
        }

        [Test]
        public void AnEpochVisitsEveryFrameOnce()
        {
            var options = Training(2);
            options.DropLast = false;
            using (var loader = DataLoader.ForSplit(_cache, DatasetSplit.Train, options))
            {
                var batches = Epoch(loader, 3);
                Assert.That(batches.Length, Is.EqualTo(6));
                Assert.That(batches.Last().Count, Is.EqualTo(1));
                Assert.That(batches.SelectMany(b => b.Entries).OrderBy(e => e), Is.EqualTo(_cache.EntriesIn(DatasetSplit.Train)));
                foreach (var b in batches)
                    for (int i = 0; i < b.Count; i++) Assert.That(b.Labels[i], Is.EqualTo(_cache.Entries[b.Entries[i]].LabelIndex));
            }
        }

        [Test]
        public void RawFramesAndParamsReproduceTheFloatInput()
        {
            using (var loader = DataLoader.ForSplit(_cache, DatasetSplit.Train, Training(2)))
            {
                var batch = loader.ReadEpoch(0).First();
                int fb = 16 * 16 * 3, plane = 3 * 12 * 12;
                Assert.That(batch.Input!.Length, Is.EqualTo(4 * plane));
                Assert.That(batch.Frames!.Length, Is.EqualTo(4 * fb));
                var output = new float[plane];
                for (int i = 0; i < batch.Count; i++)
                {
                    var frame = new ArraySegment<byte>(batch.Frames, i * fb, fb).ToArray();
                    Assert.That(frame, Is.EqualTo(_cache.Frame(batch.Entries[i]).ToArray()));
                    Assert.That(batch.Params[i].CropX, Is.InRange(0, 4));
                    AugmentApply.Apply(frame, 16, batch.Params[i], loader.MeanCrop, 12, output);
                    Assert.That(output, Is.EqualTo(new ArraySegment<float>(batch.Input, i * plane, plane).ToArray()));
                }
            }
        }

        [Test]
        public void ResumingMidEpochGivesTheSameRemainingBatches()
        {
            using (var loader = DataLoader.ForSplit(_cache, DatasetSplit.Train, Training(2)))
            {
                var full = Epoch(loader, 4);
                var tail = loader.ReadEpoch(4, 3).ToArray();
                Assert.That(tail.Length, Is.EqualTo(2));
                Assert.That(tail[0].Params, Is.EqualTo(full[3].Params));
                Assert.That(tail[1].Input, Is.EqualTo(full[4].Input));
            }
        }

        [Test]
        public void EvaluationTakesEveryValidationImageInOrderWithTenViews()
        {
            var options = LoaderOptions.Evaluation(16, 12, 4);
            options.TenViews = true;
            using (var loader = DataLoader.ForSplit(_cache, DatasetSplit.Validation, options))
            {
                var batches = Epoch(loader, 0);
                Assert.That(batches.Select(b => b.Count), Is.EqualTo(new[] { 4, 2 }));
                Assert.That(batches.SelectMany(b => b.Entries), Is.EqualTo(_cache.EntriesIn(DatasetSplit.Validation)));
                Assert.That(batches[0].InputCount, Is.EqualTo(40));
                Assert.That(batches[0].Input!.Length, Is.EqualTo(40 * 3 * 12 * 12));
                Assert.That(batches[0].Params.Take(10), Is.EqualTo(AugmentationSampler.TenViews(16, 12)));
            }
        }

        [Test]
        public void CancellationStopsAnEpoch()
        {
            using (var loader = DataLoader.ForSplit(_cache, DatasetSplit.Train, Training(2)))
            using (var cts = new CancellationTokenSource())
            {
                int seen = 0;
                Assert.That(() =>
                {
                    foreach (var batch in loader.ReadEpoch(0, 0, cts.Token))
                    {
                        seen++;
                        cts.Cancel();
                    }
                }, Throws.InstanceOf<OperationCanceledException>());
                Assert.That(seen, Is.EqualTo(1));
                Assert.That(Epoch(loader, 0).Length, Is.EqualTo(5), "the loader is usable after a cancelled epoch");
            }
        }

        [Test]
        public void BatchesFromTheSameFrameDifferOnlyByAugmentation()
        {
            using (var loader = DataLoader.ForSplit(_cache, DatasetSplit.Train, Training(1)))
            {
                var p0 = loader.ParamsAt(0, 0);
                var p1 = loader.ParamsAt(1, 0);
                Assert.That(p0, Is.Not.EqualTo(p1));
                Assert.That(loader.ParamsAt(0, 0), Is.EqualTo(p0));
            }
        }
    }
}
