using System;
using NUnit.Framework;
using Sightline.Cpu;

namespace Sightline.Tests.Core.Cpu
{
    public class MaxPoolTests
    {
        static float[] FiveByFive()
        {
            // 0..24 row-major, with 200 at (0,0) and 100 at the centre (2,2), which all four 3x3 windows share.
            var x = new float[25];
            for (int i = 0; i < 25; i++) x[i] = i;
            x[0] = 200;
            x[12] = 100;
            return x;
        }

        [Test]
        public void OverlappingPoolingKnownAnswer()
        {
            var g = new PoolGeometry(1, 5, 5, 3, 2);
            Assert.That(g.OutHeight, Is.EqualTo(2));
            var y = new float[4];
            using var context = new CpuContext(1);
            MaxPool.Forward(context, g, 1, FiveByFive(), y);
            Assert.That(y, Is.EqualTo(new[] { 200f, 100f, 100f, 100f }));
        }

        [Test]
        public void OverlappingPoolingBackwardCollectsFromEveryWindow()
        {
            var g = new PoolGeometry(1, 5, 5, 3, 2);
            var dx = new float[25];
            using var context = new CpuContext(1);
            MaxPool.Backward(context, g, 1, FiveByFive(), new float[] { 1, 2, 3, 4 }, dx);
            var expected = new float[25];
            expected[0] = 1;
            expected[12] = 2 + 3 + 4;
            Assert.That(dx, Is.EqualTo(expected));
        }

        [Test]
        public void NonOverlappingPoolingKnownAnswer()
        {
            var g = new PoolGeometry(1, 4, 4, 2, 2);
            float[] x = { 1, 5, 2, 0, 3, 4, 8, 7, 9, 0, 1, 1, 0, 0, 1, 6 };
            var y = new float[4];
            using var context = new CpuContext(1);
            MaxPool.Forward(context, g, 1, x, y);
            Assert.That(y, Is.EqualTo(new[] { 5f, 8f, 9f, 6f }));
        }

        [TestCase(3, 2)]
        [TestCase(2, 2)]
        public void BackwardMatchesFiniteDifferences(int kernel, int stride)
        {
            int batch = 2, channels = 3, h = 9, w = 7;
            var g = new PoolGeometry(channels, h, w, kernel, stride);
            int n = batch * g.InSize;
            // Distinct values 0.1 apart, shuffled: a 1e-2 step never changes which element is the maximum.
            var x = new float[n];
            for (int i = 0; i < n; i++) x[i] = i * 0.1f;
            new Sightline.Randomness.SeededRandom(81).Shuffle<float>(x);
            var projection = GradientCheck.Random(batch * g.OutSize, 82);
            var y = new float[batch * g.OutSize];
            using var context = new CpuContext(2);
            double Loss()
            {
                MaxPool.Forward(context, g, batch, x, y);
                return GradientCheck.Dot(y, projection);
            }
            var dx = new float[n];
            MaxPool.Backward(context, g, batch, x, projection, dx);
            GradientCheck.Check("dInput", x, dx, Loss, 1e-2f, 1e-3, 1e-3);
        }

        // The backward pass as defined: one output at a time, its window searched in row-major order for the first
        // strict maximum (a NaN never wins; a NaN first element keeps the window's first position).
        static float[] ReferenceBackward(in PoolGeometry g, int batch, float[] x, float[] dy)
        {
            var dx = new float[batch * g.InSize];
            int plane = g.Height * g.Width;
            for (int item = 0; item < batch * g.Channels; item++)
                for (int oy = 0; oy < g.OutHeight; oy++)
                    for (int ox = 0; ox < g.OutWidth; ox++)
                    {
                        int start = item * plane + oy * g.Stride * g.Width + ox * g.Stride, best = start;
                        for (int ky = 0; ky < g.Kernel; ky++)
                            for (int kx = 0; kx < g.Kernel; kx++)
                            {
                                int at = start + ky * g.Width + kx;
                                if (x[at] > x[best]) best = at;
                            }
                        dx[best] += dy[(item * g.OutHeight + oy) * g.OutWidth + ox];
                    }
            return dx;
        }

        [TestCase(3, 2, 41)] // 20 outputs a row
        [TestCase(3, 2, 55)] // pool1's 27 outputs a row
        [TestCase(2, 2, 8)]
        [TestCase(3, 1, 5)]
        public void BackwardSendsEachGradientToItsWindowsFirstMaximumBitForBit(int kernel, int stride, int width)
        {
            int batch = 2, channels = 3, h = 7;
            var g = new PoolGeometry(channels, h, width, kernel, stride);
            var random = new Sightline.Randomness.SeededRandom(5);
            var x = new float[batch * g.InSize];
            // Few distinct values (many ties), signed zeros and NaNs, where the first maximum matters.
            for (int i = 0; i < x.Length; i++)
            {
                int pick = (int)(random.NextFloat() * 10f);
                x[i] = pick switch { 0 => float.NaN, 1 => -0f, 2 => 0f, _ => pick % 4 };
            }
            var dy = new float[batch * g.OutSize];
            for (int i = 0; i < dy.Length; i++) dy[i] = random.NextFloat() - 0.5f;
            var expected = ReferenceBackward(g, batch, x, dy);
            foreach (int threads in new[] { 1, 2 })
            {
                var dx = new float[x.Length];
                using var context = new CpuContext(threads);
                MaxPool.Backward(context, g, batch, x, dy, dx);
                for (int i = 0; i < dx.Length; i++)
                    Assert.That(BitConverter.SingleToInt32Bits(dx[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(expected[i])), $"dInput[{i}], {threads} threads");
            }
        }
    }
}
