using NUnit.Framework;
using Sightline.Model;

namespace Sightline.Tests.Core.Model
{
    public class NetworkSpecTests
    {
        [Test]
        public void PaperSpecHasThePapersParameterCount()
        {
            Assert.That(NetworkSpec.Paper(1000).ParameterCount, Is.EqualTo(60965224));
        }

        [Test]
        public void PaperSpecHasThePapersMultiplyAdds()
        {
            var spec = NetworkSpec.Paper(1000);
            Assert.That(spec.MultiplyAdds / 1e5, Is.EqualTo(7244).Within(1), "724.4 M multiply-adds per image (Documentation~/network.md)");
            Assert.That(spec["conv1"].MultiplyAdds, Is.EqualTo(105415200L));
            Assert.That(spec["conv2"].MultiplyAdds / 1e5, Is.EqualTo(2239).Within(1));
            Assert.That(spec["fc8"].MultiplyAdds, Is.EqualTo(4096000L));
        }

        [TestCase("conv1", 96, 55)]
        [TestCase("pool1", 96, 27)]
        [TestCase("conv2", 256, 27)]
        [TestCase("pool2", 256, 13)]
        [TestCase("conv3", 384, 13)]
        [TestCase("conv4", 384, 13)]
        [TestCase("conv5", 256, 13)]
        [TestCase("pool5", 256, 6)]
        [TestCase("fc6", 4096, 1)]
        [TestCase("fc7", 4096, 1)]
        [TestCase("fc8", 1000, 1)]
        public void PaperLayerOutputsMatchThePaper(string layer, int channels, int side)
        {
            var shape = NetworkSpec.Paper(1000)[layer].Output;
            Assert.That(shape, Is.EqualTo(new TensorShape(channels, side, side)));
        }

        [Test]
        public void OnlyConv2Conv4Conv5AreGroupedInTheTwoTowerForm()
        {
            var spec = NetworkSpec.Paper();
            Assert.That(spec["conv1"].Groups, Is.EqualTo(1));
            Assert.That(spec["conv2"].Groups, Is.EqualTo(2));
            Assert.That(spec["conv3"].Groups, Is.EqualTo(1));
            Assert.That(spec["conv4"].Groups, Is.EqualTo(2));
            Assert.That(spec["conv5"].Groups, Is.EqualTo(2));
            Assert.That(spec["lrn1"].Groups, Is.EqualTo(2), "LRN stays inside each tower's channel half");
        }

        [Test]
        public void ParameterBlocksTileTheFlatBufferWithoutGaps()
        {
            var spec = NetworkSpec.Paper(1000);
            int expected = 0;
            foreach (var layer in spec.Layers)
            {
                if (!layer.HasParameters) continue;
                Assert.That(layer.WeightOffset, Is.EqualTo(expected), layer.Name);
                Assert.That(layer.BiasOffset, Is.EqualTo(layer.WeightOffset + layer.WeightCount), layer.Name);
                expected = layer.BiasOffset + layer.BiasCount;
            }
            Assert.That(expected, Is.EqualTo(spec.ParameterCount));
        }

        [Test]
        public void PaperBiasInitIsOneInConv2Conv4Conv5Fc6Fc7()
        {
            var spec = NetworkSpec.Paper();
            foreach (var name in new[] { "conv2", "conv4", "conv5", "fc6", "fc7" })
                Assert.That(spec[name].PaperBiasInit, Is.EqualTo(1f), name);
            foreach (var name in new[] { "conv1", "conv3", "fc8" })
                Assert.That(spec[name].PaperBiasInit, Is.EqualTo(0f), name);
        }

        [Test]
        public void OneTowerAblationHasHalfTheKernelsAndNoGroups()
        {
            var spec = NetworkSpec.Paper().WithAblations(1, true, true);
            Assert.That(spec["conv1"].Output.Channels, Is.EqualTo(48));
            Assert.That(spec["conv2"].Groups, Is.EqualTo(1));
            Assert.That(spec["fc6"].Output.Channels, Is.EqualTo(2048));
        }

        [Test]
        public void AblationsRemoveLrnAndUseNonOverlappingPooling()
        {
            var spec = NetworkSpec.Paper().WithAblations(2, false, false);
            foreach (var layer in spec.Layers) Assert.That(layer.Kind, Is.Not.EqualTo(LayerKind.LocalResponseNorm));
            Assert.That(spec["pool1"].Kernel, Is.EqualTo(2));
            Assert.That(spec["pool1"].Output.Height, Is.EqualTo(27));
        }

        [Test]
        public void LrnAcrossTowersIsAnotherNetworkWithTheSameParameters()
        {
            var perTower = NetworkSpec.Paper(1000);
            var across = perTower.WithLrnAcrossTowers(true);
            Assert.That(perTower["lrn1"].Groups, Is.EqualTo(2));
            Assert.That(across["lrn1"].Groups, Is.EqualTo(1), "one window over all 96 channels");
            Assert.That(across["lrn2"].Groups, Is.EqualTo(1));
            Assert.That(across["conv2"].Groups, Is.EqualTo(2), "the towers' convolutions stay grouped");
            Assert.That(across.ParameterCount, Is.EqualTo(perTower.ParameterCount));
            Assert.That(across, Is.Not.EqualTo(perTower));
            Assert.That(across.IsCompatibleWith(perTower), Is.False, "per-tower weights do not compute the same network");
            Assert.That(across.ToString(), Does.Contain("LRN across towers"));
            Assert.That(across.WithClasses(10).LrnAcrossTowers, Is.True);
            Assert.That(across.WithAblations(1, true, true).LrnAcrossTowers, Is.False, "one tower: LRN spans all channels anyway");
            Assert.That(across.WithAblations(2, true, false).LrnAcrossTowers, Is.True);
        }

        [Test]
        public void LrnAcrossTowersNeedsTwoTowersAndLrn()
        {
            var e = Assert.Throws<SpecException>(() => new NetworkSpec("x", 3, 96, 0.25f, 1, true, true, lrnAcrossTowers: true));
            Assert.That(e!.Message, Does.Contain("two towers"));
            Assert.Throws<SpecException>(() => new NetworkSpec("x", 3, 96, 0.25f, 2, false, true, lrnAcrossTowers: true));
        }

        [Test]
        public void MiniSpecIsSmallAndValid()
        {
            var spec = NetworkSpec.Mini(5);
            Assert.That(spec.InputSize, Is.EqualTo(96));
            Assert.That(spec.ParameterCount, Is.LessThan(2000000));
            Assert.That(spec["fc8"].Output.Channels, Is.EqualTo(5));
        }

        [Test]
        public void TooSmallInputIsRefusedWithTheLayerNamed()
        {
            var e = Assert.Throws<SpecException>(() => new NetworkSpec("tiny", 10, 24));
            Assert.That(e!.Message, Does.Contain("too small"));
        }

        [TestCase("unknown")]
        [TestCase("")]
        public void UnknownPresetIsRefused(string name)
        {
            Assert.Throws<SpecException>(() => NetworkSpec.FromPreset(name, 10));
        }

        [Test]
        public void StoredSizeIs256ForThePapersInput()
        {
            Assert.That(NetworkSpec.Paper().StoredSize, Is.EqualTo(256));
        }
    }
}
