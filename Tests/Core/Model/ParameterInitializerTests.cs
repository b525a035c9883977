using System;
using NUnit.Framework;
using Sightline.Model;

namespace Sightline.Tests.Core.Model
{
    public class ParameterInitializerTests
    {
        static (double mean, double std) Stats(ReadOnlySpan<float> values)
        {
            double sum = 0, sumSq = 0;
            foreach (var v in values)
            {
                sum += v;
                sumSq += (double)v * v;
            }
            double mean = sum / values.Length;
            return (mean, Math.Sqrt(sumSq / values.Length - mean * mean));
        }

        [Test]
        public void PaperSchemeUsesStdDevOneHundredthAndThePapersBiases()
        {
            var spec = NetworkSpec.Mini(10, InitScheme.Paper);
            var p = new float[spec.ParameterCount];
            ParameterInitializer.Initialize(spec, 1, p);
            foreach (var layer in spec.Layers)
            {
                if (!layer.HasParameters) continue;
                var (mean, std) = Stats(new ReadOnlySpan<float>(p, layer.WeightOffset, layer.WeightCount));
                Assert.That(std, Is.EqualTo(0.01).Within(0.01 * (layer.WeightCount > 10000 ? 0.03 : 0.15)), layer.Name);
                Assert.That(mean, Is.EqualTo(0).Within(0.002), layer.Name);
                for (int i = 0; i < layer.BiasCount; i++) Assert.That(p[layer.BiasOffset + i], Is.EqualTo(layer.PaperBiasInit), layer.Name + " bias");
            }
            Assert.That(spec["conv2"].PaperBiasInit, Is.EqualTo(1f));
            Assert.That(spec["conv1"].PaperBiasInit, Is.EqualTo(0f));
        }

        [Test]
        public void HeSchemeScalesByFanInAndZeroesBiases()
        {
            var spec = NetworkSpec.Mini(10, InitScheme.He);
            var p = new float[spec.ParameterCount];
            ParameterInitializer.Initialize(spec, 2, p);
            foreach (var layer in spec.Layers)
            {
                if (!layer.HasParameters) continue;
                double expected = Math.Sqrt(2.0 / layer.FanIn);
                var (_, std) = Stats(new ReadOnlySpan<float>(p, layer.WeightOffset, layer.WeightCount));
                Assert.That(std, Is.EqualTo(expected).Within(expected * (layer.WeightCount > 10000 ? 0.03 : 0.15)), layer.Name);
                for (int i = 0; i < layer.BiasCount; i++) Assert.That(p[layer.BiasOffset + i], Is.EqualTo(0f), layer.Name + " bias");
            }
        }

        [Test]
        public void SameSeedSameParametersOtherSeedOtherParameters()
        {
            var spec = new NetworkSpec("tiny", 4, 64, 0.125f);
            var a = new float[spec.ParameterCount];
            var b = new float[spec.ParameterCount];
            var c = new float[spec.ParameterCount];
            ParameterInitializer.Initialize(spec, 7, a);
            ParameterInitializer.Initialize(spec, 7, b);
            ParameterInitializer.Initialize(spec, 8, c);
            Assert.That(b, Is.EqualTo(a));
            Assert.That(c, Is.Not.EqualTo(a));
        }

        [Test]
        public void WrongBufferLengthIsRefused()
        {
            var spec = new NetworkSpec("tiny", 4, 64, 0.125f);
            var e = Assert.Throws<ArgumentException>(() => ParameterInitializer.Initialize(spec, 1, new float[10]));
            Assert.That(e!.Message, Does.Contain(spec.ParameterCount.ToString()));
        }
    }
}
