using System.Linq;
using NUnit.Framework;
using Sightline.Data;
using Sightline.Tests.Core.Data;

namespace Sightline.Tests.Training.Data.Splits
{
    public class TrainValidationSplitTests
    {
        [Test]
        public void HoldsOutAStableShareOfEveryLabel()
        {
            using var dir = new TempFolder();
            TestImages.ImageFolder(dir.Combine("images"), 4, 30, "a", "b");
            TestImages.ImageFolder(dir.Combine("images"), 4, 2, "pair");
            TestImages.ImageFolder(dir.Combine("images"), 4, 1, "single");
            var options = new FrameCacheOptions { CacheDirectory = dir.Combine("cache") };
            string[] firstValidation;
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(dir.Combine("images")), 4, options))
            {
                var split = TrainValidationSplit.Of(cache, 0.2);
                Assert.That(split.HeldOut, Is.True);
                Assert.That(split.Train.Length + split.Validation.Length, Is.EqualTo(cache.Count));
                Assert.That(split.Train.Intersect(split.Validation), Is.Empty);
                Assert.That(split.Validation.Length, Is.InRange(6, 22));
                foreach (var label in new[] { "a", "b", "pair" })
                {
                    int index = cache.Labels.IndexOf(label);
                    Assert.That(split.Validation.Count(e => cache.Entries[e].LabelIndex == index), Is.GreaterThanOrEqualTo(1), label);
                    Assert.That(split.Train.Count(e => cache.Entries[e].LabelIndex == index), Is.GreaterThanOrEqualTo(1), label);
                }
                int single = cache.Labels.IndexOf("single");
                Assert.That(split.Train.Count(e => cache.Entries[e].LabelIndex == single), Is.EqualTo(1));
                firstValidation = split.Validation.Select(e => cache.Entries[e].RelativePath).ToArray();
            }
            // Adding images keeps the earlier ones where they were.
            TestImages.Write(dir.Combine("images", "a", "zz-new.png"), TestImages.RgbPng(4, 4, TestImages.Pattern(77)));
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(dir.Combine("images")), 4, options))
            {
                var again = TrainValidationSplit.Of(cache, 0.2).Validation.Select(e => cache.Entries[e].RelativePath).ToArray();
                Assert.That(firstValidation.Where(p => p.StartsWith("a/") || p.StartsWith("b/")), Is.SubsetOf(again));
            }
        }

        [Test]
        public void AnExistingValidationSplitIsUsedAsItIs()
        {
            using var dir = new TempFolder();
            TestImages.ImageFolder(dir.Combine("images", "train"), 4, 5, "a", "b");
            TestImages.ImageFolder(dir.Combine("images", "val"), 4, 2, "a", "b");
            using (var cache = FrameCache.OpenOrBuild(Dataset.Open(dir.Combine("images")), 4, new FrameCacheOptions { CacheDirectory = dir.Combine("cache") }))
            {
                var split = TrainValidationSplit.Of(cache);
                Assert.That(split.HeldOut, Is.False);
                Assert.That(split.Train, Is.EqualTo(cache.EntriesIn(DatasetSplit.Train)));
                Assert.That(split.Validation, Is.EqualTo(cache.EntriesIn(DatasetSplit.Validation)));
            }
        }
    }
}
