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
    }
}
