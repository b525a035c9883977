using System;
using NUnit.Framework;
using Sightline.Cpu;

namespace Sightline.Tests.Core.Cpu
{
    public class GemmTests
    {
        static double[] Naive(bool transA, bool transB, int m, int n, int k, float[] a, float[] b)
        {
            var c = new double[m * n];
            for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float x = transA ? a[p * m + i] : a[i * k + p];
                    float y = transB ? b[j * k + p] : b[p * n + j];
                    sum += (double)x * y;
                }
                c[i * n + j] = sum;
            }
            return c;
        }

        // Sizes straddle the register tiles (6x16, or 12x32 with AVX-512), the 144/256 cache blocks and the 256-deep K slices.
        [TestCase(false, false, 1, 1, 1)]
        [TestCase(false, false, 7, 17, 5)]
        [TestCase(true, false, 13, 33, 300)]
        [TestCase(false, true, 100, 260, 257)]
        [TestCase(true, true, 97, 31, 513)]
        [TestCase(false, false, 200, 300, 40)]
        public void MatchesDoublePrecisionProduct(bool transA, bool transB, int m, int n, int k)
        {
            var a = GradientCheck.Random(m * k, 1);
            var b = GradientCheck.Random(k * n, 2);
            var c = new float[m * n];
            using var context = new CpuContext(2);
            Gemm.Multiply(context, transA, transB, m, n, k, a, b, c, false);
            var expected = Naive(transA, transB, m, n, k, a, b);
            for (int i = 0; i < c.Length; i++)
                Assert.That(c[i], Is.EqualTo(expected[i]).Within(1e-5 * k + 1e-5), $"C[{i / n}, {i % n}]");
        }

        [Test]
        public void AccumulateAddsToC()
        {
            int m = 9, n = 20, k = 11;
            var a = GradientCheck.Random(m * k, 3);
            var b = GradientCheck.Random(k * n, 4);
            var c = GradientCheck.Random(m * n, 5);
            var start = (float[])c.Clone();
            using var context = new CpuContext(1);
            Gemm.Multiply(context, false, false, m, n, k, a, b, c, true);
            var product = Naive(false, false, m, n, k, a, b);
            for (int i = 0; i < c.Length; i++) Assert.That(c[i], Is.EqualTo(start[i] + product[i]).Within(1e-4));
        }

        [Test]
        public void ResultIsBitwiseTheSameForAnyThreadCount()
        {
            int m = 150, n = 333, k = 700;
            var a = GradientCheck.Random(m * k, 6);
            var b = GradientCheck.Random(k * n, 7);
            var one = new float[m * n];
            var three = new float[m * n];
            using (var context = new CpuContext(1)) Gemm.Multiply(context, false, true, m, n, k, a, b, one, false);
            using (var context = new CpuContext(3)) Gemm.Multiply(context, false, true, m, n, k, a, b, three, false);
            Assert.That(three, Is.EqualTo(one));
        }
    }
}
