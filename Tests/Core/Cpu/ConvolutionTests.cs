using System;
using NUnit.Framework;
using Sightline.Cpu;

namespace Sightline.Tests.Core.Cpu
{
    public class ConvolutionTests
    {
        [TestCase(4, 7, 6, 6, 3, 2, 1, 2, 2)]
        [TestCase(3, 9, 9, 4, 5, 1, 2, 1, 1)]
        [TestCase(2, 12, 11, 2, 4, 3, 0, 1, 2)]
        public void BackwardMatchesFiniteDifferences(int cin, int h, int w, int cout, int kernel, int stride, int pad, int groups, int batch)
        {
            var g = new ConvolutionGeometry(cin, h, w, cout, kernel, stride, pad, groups);
            var input = GradientCheck.Random(batch * g.InSize, 1);
            var weights = GradientCheck.Random(g.WeightCount, 2, 0.3);
            var bias = GradientCheck.Random(cout, 3);
            var projection = GradientCheck.Random(batch * g.OutSize, 4);
            var output = new float[batch * g.OutSize];
            using var context = new CpuContext(2);

            double Loss()
            {
                Convolution.Forward(context, g, batch, input, weights, bias, output);
                return GradientCheck.Dot(output, projection);
            }

            var dInput = new float[input.Length];
            var dWeights = new float[weights.Length];
            var dBias = new float[bias.Length];
            Convolution.Forward(context, g, batch, input, weights, bias, output);
            Convolution.Backward(context, g, batch, input, weights, projection, dInput, dWeights, dBias);

            // Convolution is linear in each argument, so the central difference is exact up to float rounding of the loss.
            GradientCheck.Check("dInput", input, dInput, Loss, 1e-2f, 1e-3, 2e-3);
            GradientCheck.Check("dWeights", weights, dWeights, Loss, 1e-2f, 1e-3, 2e-3);
            GradientCheck.Check("dBias", bias, dBias, Loss, 1e-2f, 1e-3, 2e-3);
        }

        // Layers big enough to be split between workers at batch 1: by blocks of output pixels (the first) and, where
        // the output plane is a single kernel panel, by output channels as well (the other two).
        [TestCase(16, 27, 27, 64, 5, 1, 2, 2)]
        [TestCase(96, 7, 7, 192, 3, 1, 1, 1)]
        [TestCase(128, 6, 6, 256, 3, 1, 1, 2)]
        public void ForwardIsTheSameForAnyThreadCountAndBatch(int cin, int h, int w, int cout, int kernel, int stride, int pad, int groups)
        {
            var g = new ConvolutionGeometry(cin, h, w, cout, kernel, stride, pad, groups);
            const int batch = 5;
            var input = GradientCheck.Random(batch * g.InSize, 5);
            var weights = GradientCheck.Random(g.WeightCount, 6, 0.1);
            var bias = GradientCheck.Random(cout, 7);
            var batched = new float[batch * g.OutSize];
            using (var context = new CpuContext(1)) Convolution.Forward(context, g, batch, input, weights, bias, batched);
            foreach (int threads in new[] { 2, 3, 7 })
            {
                var one = new float[g.OutSize];
                using var context = new CpuContext(threads);
                Convolution.Forward(context, g, 1, input, weights, bias, one);
                for (int i = 0; i < one.Length; i++)
                    if (BitConverter.SingleToInt32Bits(one[i]) != BitConverter.SingleToInt32Bits(batched[i]))
                        Assert.Fail($"{threads} threads, batch 1: output {i} is {one[i]:R}, batch {batch} on one thread gave {batched[i]:R}");
            }
        }

        // The weight gradient's defined sum, in float: for each image in order and each slice of 256 output pixels in
        // order, a fused multiply-add chain from zero over the slice, added to the running total, whatever the thread
        // count. The cases cover blocks of output channels past the first with a last panel of fewer than the
        // kernel's rows (310 per group), a strided layer shaped like the paper's conv1, and seven images.
        // A float fused multiply-add through double (MathF.FusedMultiplyAdd is not in Unity's .NET profile): the product
        // of two floats is exact in double; the sum rounds to double, then to float, which differs from the one
        // rounding of a real FMA only for a result within 2^-29 of halfway between two floats. These seeded values
        // do not come that close: the test passes with MathF.FusedMultiplyAdd in its place on .NET as well.
        static float Fma(float a, float b, float c) => (float)((double)a * b + c);

        [TestCase(4, 40, 40, 620, 3, 1, 1, 2, 3)]
        [TestCase(3, 57, 57, 96, 11, 4, 2, 1, 4)]
        [TestCase(4, 40, 40, 200, 3, 1, 1, 2, 7)]
        public void WeightGradientIsTheSlicedFmaChainOverImagesInOrderBitForBit(int cin, int h, int w, int cout, int kernel, int stride, int pad, int groups, int batch)
        {
            var g = new ConvolutionGeometry(cin, h, w, cout, kernel, stride, pad, groups);
            var input = GradientCheck.Random(batch * g.InSize, 11);
            var weights = GradientCheck.Random(g.WeightCount, 12, 0.1);
            var dOutput = GradientCheck.Random(batch * g.OutSize, 13);
            int m = g.OutChannelsPerGroup, n = g.OutPlane, k = g.PatchSize;
            var expected = new float[g.WeightCount];
            var patch = new float[n];
            for (int gr = 0; gr < groups; gr++)
                for (int r = 0; r < k; r++)
                {
                    int kx = r % kernel, ky = r / kernel % kernel, c = gr * g.InChannelsPerGroup + r / (kernel * kernel);
                    for (int b = 0; b < batch; b++)
                    {
                        for (int p = 0; p < n; p++)
                        {
                            int iy = p / g.OutWidth * stride - pad + ky, ix = p % g.OutWidth * stride - pad + kx;
                            patch[p] = iy < 0 || iy >= h || ix < 0 || ix >= w ? 0f : input[((b * cin + c) * h + iy) * w + ix];
                        }
                        for (int o = 0; o < m; o++)
                        {
                            int dOut = (b * cout + gr * m + o) * n;
                            ref float total = ref expected[(gr * m + o) * k + r];
                            for (int p0 = 0; p0 < n; p0 += 256)
                            {
                                float slice = 0f;
                                for (int p = p0; p < Math.Min(n, p0 + 256); p++) slice = Fma(dOutput[dOut + p], patch[p], slice);
                                total = b == 0 && p0 == 0 ? slice : total + slice;
                            }
                        }
                    }
                }
            foreach (int threads in new[] { 1, 3 })
            {
                var dWeights = new float[g.WeightCount];
                using var context = new CpuContext(threads);
                Convolution.Backward(context, g, batch, input, weights, dOutput, Span<float>.Empty, dWeights, new float[cout]);
                for (int i = 0; i < dWeights.Length; i++)
                    if (BitConverter.SingleToInt32Bits(dWeights[i]) != BitConverter.SingleToInt32Bits(expected[i]))
                        Assert.Fail($"{threads} threads: dWeights[{i}] is {dWeights[i]:R}, the defined sum {expected[i]:R}");
            }
        }

        [Test]
        public void KnownAnswerWithPaddingAndStride()
        {
            // One 3x3 input, one 2x2 kernel of ones, stride 2, pad 1: each output sums the input pixels its window covers.
            var g = new ConvolutionGeometry(1, 3, 3, 1, 2, 2, 1);
            float[] input = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
            float[] weights = { 1, 1, 1, 1 };
            float[] bias = { 0.5f };
            var output = new float[4];
            using var context = new CpuContext(1);
            Convolution.Forward(context, g, 1, input, weights, bias, output);
            // Windows (padded coordinates) cover: {1}, {2,3}, {4,7}, {5,6,8,9}.
            Assert.That(output, Is.EqualTo(new[] { 1.5f, 5.5f, 11.5f, 28.5f }));
        }

        [Test]
        public void GroupedConvolutionEqualsEachTowerRunSeparately()
        {
            // The paper's conv2: each tower convolves its own channel half with its own kernels.
            int batch = 2, cin = 8, cout = 6, h = 9, w = 9;
            var grouped = new ConvolutionGeometry(cin, h, w, cout, 5, 1, 2, 2);
            var tower = new ConvolutionGeometry(cin / 2, h, w, cout / 2, 5, 1, 2, 1);
            var input = GradientCheck.Random(batch * grouped.InSize, 11);
            var weights = GradientCheck.Random(grouped.WeightCount, 12, 0.2);
            var bias = GradientCheck.Random(cout, 13);
            var output = new float[batch * grouped.OutSize];
            using var context = new CpuContext(2);
            Convolution.Forward(context, grouped, batch, input, weights, bias, output);

            for (int t = 0; t < 2; t++)
            {
                var towerInput = new float[batch * tower.InSize];
                for (int b = 0; b < batch; b++)
                    Array.Copy(input, b * grouped.InSize + t * tower.InSize, towerInput, b * tower.InSize, tower.InSize);
                var towerWeights = new float[tower.WeightCount];
                Array.Copy(weights, t * tower.WeightCount, towerWeights, 0, tower.WeightCount);
                var towerBias = new float[cout / 2];
                Array.Copy(bias, t * cout / 2, towerBias, 0, cout / 2);
                var towerOutput = new float[batch * tower.OutSize];
                Convolution.Forward(context, tower, batch, towerInput, towerWeights, towerBias, towerOutput);
                for (int b = 0; b < batch; b++)
                for (int i = 0; i < tower.OutSize; i++)
                    Assert.That(output[b * grouped.OutSize + t * tower.OutSize + i], Is.EqualTo(towerOutput[b * tower.OutSize + i]).Within(1e-5), $"tower {t}, image {b}, element {i}");
            }
        }

        // The forward pass packs patches straight into GEMM's B panels; every packed float must be the input pixel
        // (or padding zero) the definition names, bit for bit, for stride 1 and strided rows, blocks that start
        // mid-row of the output and mid-kernel in K, and the zero columns past the block.
        [TestCase(3, 96, 96, 11, 4, 2, 0, 363, 0, 529)]
        [TestCase(3, 96, 96, 11, 4, 2, 100, 150, 37, 200)]
        [TestCase(12, 11, 11, 5, 1, 2, 0, 300, 0, 121)]
        [TestCase(64, 5, 5, 3, 1, 1, 256, 256, 3, 22)]
        [TestCase(2, 9, 7, 4, 3, 0, 5, 20, 1, 9)]
        public unsafe void PackedPatchesAreTheInputPixelsBitForBit(int cin, int h, int w, int kernel, int stride, int pad, int k0, int kLen, int n0, int nLen)
        {
            var g = new ConvolutionGeometry(cin, h, w, 1, kernel, stride, pad);
            var image = GradientCheck.Random(g.InSize, 11);
            int nr = Gemm.NR, padded = (nLen + nr - 1) / nr * nr;
            var packed = new float[(long)kLen * padded];
            for (int i = 0; i < packed.Length; i++) packed[i] = float.NaN;
            fixed (float* pImage = image)
            fixed (float* pPacked = packed)
                Im2Col.PackBlock(g, pImage, k0, kLen, n0, nLen, pPacked);
            for (int r = 0; r < kLen; r++)
            for (int j = 0; j < padded; j++)
            {
                int row = k0 + r, col = n0 + j;
                int kx = row % kernel, ky = row / kernel % kernel, c = row / (kernel * kernel);
                int iy = col / g.OutWidth * stride - pad + ky, ix = col % g.OutWidth * stride - pad + kx;
                float expected = j < nLen && iy >= 0 && iy < h && ix >= 0 && ix < w ? image[(c * h + iy) * w + ix] : 0f;
                float actual = packed[j / nr * kLen * nr + r * nr + j % nr];
                if (BitConverter.SingleToInt32Bits(actual) != BitConverter.SingleToInt32Bits(expected))
                    Assert.Fail($"patch row {row}, column {col}: packed {actual:R}, expected {expected:R}");
            }
        }

        [Test]
        public void ShortSpansAreRefusedWithTheirSizes()
        {
            var g = new ConvolutionGeometry(2, 5, 5, 2, 3, 1, 1);
            using var context = new CpuContext(1);
            var e = Assert.Throws<ArgumentException>(() => Convolution.Forward(context, g, 2, new float[10], new float[g.WeightCount], new float[2], new float[100]));
            Assert.That(e!.Message, Does.Contain("input").And.Contain("100"));
        }
    }
}
