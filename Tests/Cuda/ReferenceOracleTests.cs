using System;
using NUnit.Framework;
using Sightline.Cuda.Diagnostics.Reference;

namespace Sightline.Tests.Cuda
{
    /// <summary>
    /// The CPU oracles of the GPU checks are themselves checked here (no GPU): adjoint identities for the
    /// convolution, finite differences for LRN, a hand-computed GEMM.
    /// </summary>
    public class ReferenceOracleTests
    {
        static double Dot(float[] a, float[] b)
        {
            double s = 0;
            for (int i = 0; i < a.Length; i++) s += (double)a[i] * b[i];
            return s;
        }

        [TestCase(2, 6, 9, 9, 4, 3, 3, 1, 1, 2)]
        [TestCase(1, 3, 23, 23, 4, 11, 11, 0, 4, 1)]
        [TestCase(2, 4, 11, 11, 6, 5, 5, 2, 2, 2)]
        public void ConvolutionBackwardsAreAdjointsOfForward(int n, int c, int h, int w, int k, int r, int s, int pad, int stride, int groups)
        {
            var conv = new NaiveConvolution(n, c, h, w, k, r, s, pad, stride, groups);
            var x = NaiveLayers.Random(conv.InputSize, 1);
            var wt = NaiveLayers.Random(conv.FilterSize, 2);
            var dy = NaiveLayers.Random(conv.OutputSize, 3);
            double forward = Dot(conv.Forward(x, wt), dy);
            // <conv(x, w), dy> = <x, convᵀ_data(dy, w)> = <w, convᵀ_filter(x, dy)>
            Assert.That(Dot(x, conv.BackwardData(dy, wt)), Is.EqualTo(forward).Within(1e-3 * Math.Max(1, Math.Abs(forward))));
            Assert.That(Dot(wt, conv.BackwardFilter(x, dy)), Is.EqualTo(forward).Within(1e-3 * Math.Max(1, Math.Abs(forward))));
        }

        [Test]
        public void GroupedConvolutionDoesNotMixGroups()
        {
            var conv = new NaiveConvolution(1, 4, 5, 5, 4, 3, 3, 1, 1, 2);
            var x = new float[conv.InputSize];
            for (int i = 0; i < 2 * 25; i++) x[i] = 1f; // only group 0's channels are non-zero
            var w = NaiveLayers.Random(conv.FilterSize, 4);
            var y = conv.Forward(x, w);
            for (int i = 2 * 25; i < y.Length; i++) Assert.That(y[i], Is.EqualTo(0f), "output channels of group 1 read group 0");
            Assert.That(Array.Exists(y, v => v != 0f), Is.True);
        }

        [Test]
        public void LrnBackwardMatchesFiniteDifferences()
        {
            const int n = 1, c = 7, h = 2, w = 3, size = 5;
            const double alpha = 1e-2, beta = 0.75, k = 2;
            var x = NaiveLayers.Random(n * c * h * w, 7);
            for (int i = 0; i < x.Length; i++) x[i] *= 3;
            var dy = NaiveLayers.Random(x.Length, 8);
            var dx = NaiveLayers.LrnBackward(x, dy, n, c, h, w, size, alpha, beta, k);
            const float eps = 1e-2f;
            for (int i = 0; i < x.Length; i += 5)
            {
                var plus = (float[])x.Clone();
                var minus = (float[])x.Clone();
                plus[i] += eps;
                minus[i] -= eps;
                double numeric = (Dot(NaiveLayers.LrnForward(plus, n, c, h, w, size, alpha, beta, k), dy)
                    - Dot(NaiveLayers.LrnForward(minus, n, c, h, w, size, alpha, beta, k), dy)) / (2 * eps);
                Assert.That(dx[i], Is.EqualTo(numeric).Within(2e-3), "element " + i);
            }
        }

        [Test]
        public void LrnForwardFollowsThePaper()
        {
            // one pixel, three channels 1, 2, 3; n = 3: channel 1 sees 1² + 2² + 3² = 14
            var y = NaiveLayers.LrnForward(new[] { 1f, 2f, 3f }, 1, 3, 1, 1, 3, 0.1, 0.5, 1);
            Assert.That(y[1], Is.EqualTo(2 / Math.Sqrt(1 + 0.1 * 14)).Within(1e-6));
            Assert.That(y[0], Is.EqualTo(1 / Math.Sqrt(1 + 0.1 * 5)).Within(1e-6));
        }

        [Test]
        public void MaxPoolRoutesGradientsToWindowMaxima()
        {
            // 1x1x3x3, window 2 stride 1: four windows; the centre (9) is the max of all of them
            var x = new[] { 1f, 2f, 3f, 4f, 9f, 5f, 6f, 7f, 8f };
            var y = NaiveLayers.MaxPoolForward(x, 1, 1, 3, 3, 2, 1, out int oh, out int ow, out int[] argmax);
            Assert.That((oh, ow), Is.EqualTo((2, 2)));
            Assert.That(y, Is.EqualTo(new[] { 9f, 9f, 9f, 9f }));
            var dx = NaiveLayers.MaxPoolBackward(new[] { 1f, 2f, 3f, 4f }, argmax, x.Length);
            Assert.That(dx[4], Is.EqualTo(10f));
        }

        [Test]
        public void GemmMatchesAHandComputedProduct()
        {
            // column-major A 2x3 = [[1,2,3],[4,5,6]], B 3x2 = [[1,0],[0,1],[1,1]] -> A·B = [[4,5],[10,11]]
            var a = new[] { 1f, 4f, 2f, 5f, 3f, 6f };
            var b = new[] { 1f, 0f, 1f, 0f, 1f, 1f };
            var c = new float[4];
            NaiveGemm.Run(false, false, 2, 2, 3, 1f, a, 2, b, 3, 0f, c, 2);
            Assert.That(c, Is.EqualTo(new[] { 4f, 10f, 5f, 11f }));
            var at = new[] { 1f, 2f, 3f, 4f, 5f, 6f }; // the same A stored transposed (3x2)
            var c2 = new float[] { 1, 1, 1, 1 };
            NaiveGemm.Run(true, false, 2, 2, 3, 1f, at, 3, b, 3, 1f, c2, 2);
            Assert.That(c2, Is.EqualTo(new[] { 5f, 11f, 6f, 12f }));
        }

        [Test]
        public void SoftmaxRowsSumToOne()
        {
            var p = NaiveLayers.Softmax(new[] { 1000f, 1000f, 0f, 1f, 2f, 3f }, 2, 3);
            Assert.That(p[0] + p[1] + p[2], Is.EqualTo(1f).Within(1e-6));
            Assert.That(p[0], Is.EqualTo(0.5f).Within(1e-6));
            Assert.That(p[3] + p[4] + p[5], Is.EqualTo(1f).Within(1e-6));
        }
    }
}
