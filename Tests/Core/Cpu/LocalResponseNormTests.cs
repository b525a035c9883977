using System;
using NUnit.Framework;
using Sightline.Cpu;
using Sightline.Model;

namespace Sightline.Tests.Core.Cpu
{
    public class LocalResponseNormTests
    {
        [Test]
        public void KnownAnswerOneGroup()
        {
            // Size 3 (window c-1..c+1), alpha 3 (alpha/n = 1), k 1, beta 1: b = a / (1 + sum of squares in the window).
            // a = [1 2 1 1]: sums 1+4 = 5, 1+4+1 = 6, 4+1+1 = 6, 1+1 = 2 -> b = [1/6, 2/7, 1/7, 1/3].
            var g = new LrnGeometry(4, 1, 1, 1, 3, 3f, 1f, 1f);
            float[] a = { 1, 2, 1, 1 };
            var b = new float[4];
            using var context = new CpuContext(1);
            LocalResponseNorm.Forward(context, g, 1, a, b);
            Assert.That(b[0], Is.EqualTo(1f / 6).Within(1e-7));
            Assert.That(b[1], Is.EqualTo(2f / 7).Within(1e-7));
            Assert.That(b[2], Is.EqualTo(1f / 7).Within(1e-7));
            Assert.That(b[3], Is.EqualTo(1f / 3).Within(1e-7));
        }

        [Test]
        public void KnownAnswerWindowStaysInsideEachTower()
        {
            // Same input, two groups {0,1} and {2,3}: sums 5, 5, 2, 2 -> b = [1/6, 2/6, 1/3, 1/3].
            var g = new LrnGeometry(4, 1, 1, 2, 3, 3f, 1f, 1f);
            float[] a = { 1, 2, 1, 1 };
            var b = new float[4];
            using var context = new CpuContext(1);
            LocalResponseNorm.Forward(context, g, 1, a, b);
            Assert.That(b, Is.EqualTo(new[] { 1f / 6, 2f / 6, 1f / 3, 1f / 3 }).Within(1e-7));
        }

        [Test]
        public void PaperConstantsUseAlphaOverN()
        {
            // One channel with a = 10 (its window is itself): b = 10 / (2 + 1e-4 / 5 * 100)^0.75.
            var spec = NetworkSpec.Paper();
            var layer = spec["lrn1"];
            var g = new LrnGeometry(1, 1, 9, 1, layer.LrnSize, layer.LrnAlpha, layer.LrnBeta, layer.LrnK);
            var a = new float[9];
            for (int i = 0; i < 9; i++) a[i] = 10f; // 9 pixels: the vector loop and the scalar tail
            var b = new float[9];
            using var context = new CpuContext(1);
            LocalResponseNorm.Forward(context, g, 1, a, b);
            double expected = 10 / Math.Pow(2 + 1e-4 / 5 * 100, 0.75);
            foreach (var v in b) Assert.That(v, Is.EqualTo(expected).Within(expected * 1e-6));
        }

        [TestCase(1, 1f, 0.75f)]
        [TestCase(2, 1f, 0.75f)]
        [TestCase(2, 0.5f, 0.6f)]
        public void BackwardMatchesFiniteDifferences(int groups, float alpha, float beta)
        {
            // A large alpha makes the normalisation strongly non-linear, so the cross-channel term is really tested.
            int batch = 2, channels = 10, h = 3, w = 5;
            var g = new LrnGeometry(channels, h, w, groups, 5, alpha, beta, 2f);
            var a = GradientCheck.Random(batch * g.ImageSize, 61, 1.5);
            var projection = GradientCheck.Random(a.Length, 62);
            var b = new float[a.Length];
            using var context = new CpuContext(2);
            LocalResponseNorm.Reserve(context, g);
            double Loss()
            {
                LocalResponseNorm.Forward(context, g, batch, a, b);
                return GradientCheck.Dot(b, projection);
            }
            Loss();
            var da = new float[a.Length];
            LocalResponseNorm.Backward(context, g, batch, a, b, projection, da);
            GradientCheck.Check("dInput", a, da, Loss, 1e-3f, 2e-2, 2e-3);
        }

        // Forward and backward as the formulas read, one pixel at a time, with the engine's operations in the engine's
        // order: the vector loop and the scalar tail (27 x 27 = 729 pixels leaves a tail) must give the same bits, for
        // any thread count, so that the CPU reference does not depend on where a vector ends.
        [TestCase(48, 27, 27, 1, 0.75f)]
        [TestCase(96, 13, 13, 2, 0.75f)]
        [TestCase(10, 9, 7, 2, 0.6f)]
        public void PassesMatchTheFormulasPixelByPixelBitForBit(int channels, int h, int w, int groups, float beta)
        {
            const int batch = 2, size = 5;
            const float alpha = 1e-2f, k = 2f;
            var g = new LrnGeometry(channels, h, w, groups, size, alpha, beta, k);
            var a = GradientCheck.Random(batch * g.ImageSize, 71, 3.0);
            var db = GradientCheck.Random(a.Length, 72);
            int cg = channels / groups, plane = h * w;
            float coefficient = alpha / size, factor = 2f * coefficient * beta;
            float Pow(float s) => beta == 0.75f ? 1f / (MathF.Sqrt(s) * MathF.Sqrt(MathF.Sqrt(s))) : MathF.Pow(s, -beta);
            var scale = new float[a.Length];
            var expectedB = new float[a.Length];
            var t = new float[a.Length];
            var expectedDa = new float[a.Length];
            for (int item = 0; item < batch * groups; item++)
            {
                int first = item * cg * plane;
                for (int c = 0; c < cg; c++)
                    for (int p = 0; p < plane; p++)
                    {
                        int at = first + c * plane + p;
                        float sum = 0f;
                        for (int j = Math.Max(0, c - size / 2); j <= Math.Min(cg - 1, c + (size - 1) / 2); j++)
                        {
                            float x = a[first + j * plane + p];
                            sum += x * x;
                        }
                        scale[at] = k + coefficient * sum;
                        expectedB[at] = a[at] * Pow(scale[at]);
                        t[at] = db[at] * expectedB[at] / scale[at];
                    }
                for (int c = 0; c < cg; c++)
                    for (int p = 0; p < plane; p++)
                    {
                        int at = first + c * plane + p;
                        float sum = 0f;
                        for (int j = Math.Max(0, c - (size - 1) / 2); j <= Math.Min(cg - 1, c + size / 2); j++) sum += t[first + j * plane + p];
                        expectedDa[at] = db[at] * Pow(scale[at]);
                        expectedDa[at] -= factor * a[at] * sum;
                    }
            }
            foreach (int threads in new[] { 1, 3 })
            {
                var b = new float[a.Length];
                var da = new float[a.Length];
                using var context = new CpuContext(threads);
                LocalResponseNorm.Forward(context, g, batch, a, b);
                LocalResponseNorm.Backward(context, g, batch, a, b, db, da);
                for (int i = 0; i < a.Length; i++)
                {
                    if (BitConverter.SingleToInt32Bits(b[i]) != BitConverter.SingleToInt32Bits(expectedB[i]))
                        Assert.Fail($"{threads} threads: output[{i}] is {b[i]:R}, the formula gives {expectedB[i]:R}");
                    if (BitConverter.SingleToInt32Bits(da[i]) != BitConverter.SingleToInt32Bits(expectedDa[i]))
                        Assert.Fail($"{threads} threads: dInput[{i}] is {da[i]:R}, the formula gives {expectedDa[i]:R}");
                }
            }
        }

        [Test]
        public void TwoGroupLrnEqualsEachTowerHalfSeparately()
        {
            int batch = 3, channels = 12, h = 4, w = 4, plane = h * w;
            var both = new LrnGeometry(channels, h, w, 2, 5, 1e-1f, 0.75f, 2f);
            var half = new LrnGeometry(channels / 2, h, w, 1, 5, 1e-1f, 0.75f, 2f);
            var a = GradientCheck.Random(batch * both.ImageSize, 71, 3);
            var b = new float[a.Length];
            using var context = new CpuContext(2);
            LocalResponseNorm.Forward(context, both, batch, a, b);
            for (int t = 0; t < 2; t++)
            for (int n = 0; n < batch; n++)
            {
                var towerIn = new float[half.ImageSize];
                Array.Copy(a, n * both.ImageSize + t * half.ImageSize, towerIn, 0, half.ImageSize);
                var towerOut = new float[half.ImageSize];
                LocalResponseNorm.Forward(context, half, 1, towerIn, towerOut);
                for (int i = 0; i < half.ImageSize; i++)
                    Assert.That(b[n * both.ImageSize + t * half.ImageSize + i], Is.EqualTo(towerOut[i]), $"tower {t}, image {n}, channel {i / plane}");
            }
        }
    }
}
