using System.Linq;
using NUnit.Framework;
using Sightline.Cuda.Engine.Planning;
using Sightline.Model;

namespace Sightline.Tests.Cuda.Engine
{
    public class EnginePlanTests
    {
        [Test]
        public void TanhNetworkIsRefusedNamingTheLayerAndTheCpuEngine()
        {
            var e = Assert.Throws<System.NotSupportedException>(() => EnginePlan.Build(NetworkSpec.Mini(3).WithActivation(Activation.Tanh), split: false));
            Assert.That(e!.Message, Does.Contain("tanh1").And.Contain("--engine cpu"));
        }

        [TestCase(false)]
        [TestCase(true)]
        public void LrnAcrossTowersIsRefusedNamingTheLayerAndTheCpuEngine(bool split)
        {
            var e = Assert.Throws<System.NotSupportedException>(() => EnginePlan.Build(NetworkSpec.Mini(3).WithLrnAcrossTowers(true), split));
            Assert.That(e!.Message, Does.Contain("lrn1").And.Contain("across both towers").And.Contain("--engine cpu"));
        }

        [Test]
        public void UnsplitPaperPlanFusesTheLayersAfterEachParameterisedLayer()
        {
            var plan = EnginePlan.Build(NetworkSpec.Paper(1000), split: false);
            Assert.That(plan.TowerCount, Is.EqualTo(1));
            Assert.That(plan.Blocks.Select(b => b.Name).ToArray(), Is.EqualTo(new[] { "conv1", "conv2", "conv3", "conv4", "conv5", "fc6", "fc7", "fc8" }));
            var conv1 = plan.Blocks[0];
            Assert.That(conv1.Input, Is.EqualTo(BlockInput.Image));
            Assert.That(conv1.Relu && conv1.Lrn != null && conv1.Pool != null, Is.True);
            Assert.That(plan.Blocks[2].Lrn == null && plan.Blocks[2].Pool == null, Is.True, "conv3: ReLU only");
            Assert.That(plan.Blocks[4].Pool, Is.Not.Null, "conv5 pools");
            Assert.That(plan.Blocks[5].Dropout, Is.Not.Null, "fc6 drops out");
            Assert.That(plan.Blocks[7].Relu, Is.False, "fc8 gives logits");
            Assert.That(plan.Blocks[1].Shares.Single().Groups, Is.EqualTo(2), "conv2 is grouped on one device");
            Assert.That(plan.Blocks[7].Shares.Single().OutChannels, Is.EqualTo(1000));
        }

        [Test]
        public void SplitPaperPlanGivesEachTowerHalfOfEveryLayerAndFc8ToTowerA()
        {
            var spec = NetworkSpec.Paper(1000);
            var plan = EnginePlan.Build(spec, split: true);
            Assert.That(plan.TowerCount, Is.EqualTo(2));
            Assert.That(plan.Blocks.Select(b => b.Input).ToArray(), Is.EqualTo(new[]
            {
                BlockInput.Image, BlockInput.OwnTower, BlockInput.AllTowers, BlockInput.OwnTower, BlockInput.OwnTower,
                BlockInput.AllTowers, BlockInput.AllTowers, BlockInput.AllTowers,
            }), "only conv3 and fc6..fc8 cross towers (Documentation~/network.md)");
            var conv2 = plan.Blocks[1].Shares;
            Assert.That(conv2.Count, Is.EqualTo(2));
            Assert.That(conv2[0].InChannels, Is.EqualTo(48));
            Assert.That(conv2[1].OutChannels, Is.EqualTo(128));
            Assert.That(conv2[1].OutputOffset, Is.EqualTo(128));
            Assert.That(conv2[1].Groups, Is.EqualTo(1));
            Assert.That(conv2[1].WeightOffset, Is.EqualTo(spec["conv2"].WeightOffset + 128 * 48 * 25));
            Assert.That(plan.Blocks[2].Shares[0].InChannels, Is.EqualTo(256), "conv3 reads both towers");
            Assert.That(plan.Blocks[5].Shares[1].InChannels, Is.EqualTo(9216));
            Assert.That(plan.Blocks[5].Shares[1].BiasOffset, Is.EqualTo(spec["fc6"].BiasOffset + 2048));
            var fc8 = plan.Blocks[7].Shares;
            Assert.That(fc8.Count, Is.EqualTo(1));
            Assert.That(fc8[0].Tower, Is.EqualTo(0));
        }

        [Test]
        public void OneTowerSpecIsNeverSplit()
        {
            var spec = NetworkSpec.Mini(10).WithAblations(1, true, true);
            var plan = EnginePlan.Build(spec, split: true);
            Assert.That(plan.TowerCount, Is.EqualTo(1));
            Assert.That(plan.Blocks.All(b => b.Shares.Count == 1), Is.True);
        }

        [Test]
        public void OneDeviceSegmentTableDecaysWeightsAndNotBiases()
        {
            var spec = NetworkSpec.Paper(1000);
            var plan = EnginePlan.Build(spec, split: false);
            var table = ParameterSegments.For(plan, new[] { 0 }, 0);
            Assert.That(table.Count, Is.EqualTo(16), "weights and bias of 8 layers");
            Assert.That(table.Ends.Last(), Is.EqualTo(60965224L));
            var fc6 = spec["fc6"];
            Assert.That(table.Ends[10], Is.EqualTo((long)fc6.BiasOffset));
            Assert.That(table.Flags[10], Is.EqualTo(ParameterSegments.Decay));
            Assert.That(table.Flags[11], Is.EqualTo(ParameterSegments.NoDecay));
            Assert.That(table.OwnedRanges().ToArray(), Is.EqualTo(new[] { (0L, 60965224L) }));
        }

        [Test]
        public void TwoTowersOnOneDeviceGiveTheSameTableAsOneDevice()
        {
            var spec = NetworkSpec.Mini(10);
            var one = ParameterSegments.For(EnginePlan.Build(spec, false), new[] { 0 }, 0);
            var split = ParameterSegments.For(EnginePlan.Build(spec, true), new[] { 0, 0 }, 0);
            Assert.That(split.Ends, Is.EqualTo(one.Ends));
            Assert.That(split.Flags, Is.EqualTo(one.Flags));
        }

        [Test]
        public void TwoDevicesOwnDisjointRangesThatCoverEveryParameter()
        {
            var spec = NetworkSpec.Paper(1000);
            var plan = EnginePlan.Build(spec, true);
            var a = ParameterSegments.For(plan, new[] { 0, 1 }, 0).OwnedRanges().ToArray();
            var b = ParameterSegments.For(plan, new[] { 0, 1 }, 1).OwnedRanges().ToArray();
            var all = a.Concat(b).OrderBy(r => r.Begin).ToArray();
            long at = 0;
            foreach (var r in all)
            {
                Assert.That(r.Begin, Is.EqualTo(at), "ranges must neither overlap nor leave gaps");
                at = r.End;
            }
            Assert.That(at, Is.EqualTo(60965224L));
            long fc8 = spec["fc8"].ParameterCount;
            Assert.That(a.Sum(r => r.End - r.Begin) - b.Sum(r => r.End - r.Begin), Is.EqualTo(fc8), "tower A holds fc8 on top of its half");
        }
    }
}
