using NUnit.Framework;
using Sightline.Model;

namespace Sightline.Tests.Core.Model
{
    /// <summary>Explicit per-layer widths (imported networks such as torchvision's AlexNet).</summary>
    public class NetworkSpecWidthsTests
    {
        [Test]
        public void TorchvisionSpecHasTorchvisionsParameterCount()
        {
            // torchvision.models.alexnet() has 61,100,840 parameters.
            Assert.That(NetworkSpec.Torchvision(1000).ParameterCount, Is.EqualTo(61100840));
        }

        [TestCase("conv1", 64, 55)]
        [TestCase("pool1", 64, 27)]
        [TestCase("conv2", 192, 27)]
        [TestCase("conv3", 384, 13)]
        [TestCase("conv4", 256, 13)]
        [TestCase("conv5", 256, 13)]
        [TestCase("pool5", 256, 6)]
        [TestCase("fc6", 4096, 1)]
        [TestCase("fc7", 4096, 1)]
        public void TorchvisionLayersHaveTorchvisionsShapes(string layer, int channels, int side)
        {
            Assert.That(NetworkSpec.Torchvision(1000)[layer].Output, Is.EqualTo(new TensorShape(channels, side, side)));
        }

        [Test]
        public void TorchvisionSpecHasNoLrnAndNoGroups()
        {
            var spec = NetworkSpec.Torchvision(10);
            foreach (var layer in spec.Layers)
            {
                Assert.That(layer.Kind, Is.Not.EqualTo(LayerKind.LocalResponseNorm));
                Assert.That(layer.Groups, Is.EqualTo(1), layer.Name);
            }
        }

        [Test]
        public void ExplicitWidthsEqualingThePapersGiveTheSameLayout()
        {
            var paper = NetworkSpec.Paper(1000);
            var widths = new NetworkSpec("paper", 1000, 224, new[] { 96, 256, 384, 384, 256, 4096, 4096 }, 2, true);
            Assert.That(widths.ParameterCount, Is.EqualTo(paper.ParameterCount));
            for (int i = 0; i < paper.Layers.Count; i++)
            {
                Assert.That(widths.Layers[i].Name, Is.EqualTo(paper.Layers[i].Name));
                Assert.That(widths.Layers[i].Output, Is.EqualTo(paper.Layers[i].Output));
                Assert.That(widths.Layers[i].WeightOffset, Is.EqualTo(paper.Layers[i].WeightOffset));
                Assert.That(widths.Layers[i].Groups, Is.EqualTo(paper.Layers[i].Groups));
            }
            Assert.That(paper.LayerWidths, Is.Null, "width-multiplier specs keep no explicit widths");
            Assert.That(widths.LayerWidths, Is.EqualTo(new[] { 96, 256, 384, 384, 256, 4096, 4096 }));
        }

        [Test]
        public void WidthsTakePartInEqualityAndCompatibility()
        {
            var a = new NetworkSpec("x", 10, 224, new[] { 64, 192, 384, 256, 256, 4096, 4096 });
            var b = new NetworkSpec("x", 10, 224, new[] { 64, 192, 384, 256, 256, 4096, 2048 });
            Assert.That(a.Equals(NetworkSpec.Torchvision(10).WithClasses(10)), Is.False, "preset names differ");
            Assert.That(a.IsCompatibleWith(NetworkSpec.Torchvision(10)), Is.True);
            Assert.That(a.IsCompatibleWith(b), Is.False);
            Assert.That(a.Equals(b), Is.False);
            Assert.That(a.WithClasses(5).LayerWidths, Is.EqualTo(a.LayerWidths), "With* keeps the widths");
            Assert.That(a.WithClasses(5).Classes, Is.EqualTo(5));
        }

        [Test]
        public void BadWidthsAreRefusedWithTheLayerNamed()
        {
            var wrongCount = Assert.Throws<SpecException>(() => new NetworkSpec("x", 10, 224, new[] { 64, 192 }));
            Assert.That(wrongCount!.Message, Does.Contain("7 entries"));
            var odd = Assert.Throws<SpecException>(() => new NetworkSpec("x", 10, 224, new[] { 64, 191, 384, 256, 256, 4096, 4096 }, 2));
            Assert.That(odd!.Message, Does.Contain("conv2").And.Contain("191"));
            var zero = Assert.Throws<SpecException>(() => new NetworkSpec("x", 10, 224, new[] { 64, 192, 384, 256, 256, 0, 4096 }));
            Assert.That(zero!.Message, Does.Contain("fc6"));
        }
    }
}
