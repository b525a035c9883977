using System;

namespace Sightline.Cpu
{
    /// <summary>
    /// Grouped 2-D convolution (cross-correlation, as every framework computes it), by im2col and GEMM per image and group.
    /// Layouts: input [B, Cin, H, W]; weights [Cout, Cin/G, K, K] (OIHW); bias [Cout]; output [B, Cout, OH, OW].
    /// out[b, o, y, x] = bias[o] + sum over c in o's group, ky, kx of w[o, c, ky, kx] in[b, c, y S - P + ky, x S - P + kx].
    /// </summary>
    public static unsafe class Convolution
    {
        const int SlotColumns = 0, SlotColumnGradient = 1, SlotPackedWeights = 4;

        /// <summary>
        /// Scratch the context needs for this layer: one group's im2col matrix and its gradient, the packed weights
        /// (all groups, as W and as W^T) and GEMM's packing for every product below.
        /// </summary>
        public static void Reserve(CpuContext context, in ConvolutionGeometry g)
        {
            int m = g.OutChannelsPerGroup, n = g.OutPlane, k = g.PatchSize;
            context.ReserveShared(SlotColumns, (long)k * n);
            context.ReserveShared(SlotColumnGradient, (long)k * n);
            context.ReserveShared(SlotPackedWeights, g.Groups * Math.Max(Gemm.PackedASize(m, k), Gemm.PackedASize(k, m)));
            Gemm.ReservePackedB(context, n, k);
            Gemm.Reserve(context, m, k, n);
            Gemm.ReservePackedB(context, n, m);
        }

        public static void Forward(CpuContext context, in ConvolutionGeometry g, int batch,
            ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
        {
            Check(g, batch, input.Length, weights.Length, bias.Length, output.Length, "output");
            int m = g.OutChannelsPerGroup, n = g.OutPlane, k = g.PatchSize;
            float* col = context.Shared(SlotColumns, (long)k * n);
            long packedSize = Gemm.PackedASize(m, k);
            float* packed = context.Shared(SlotPackedWeights, g.Groups * packedSize);
            fixed (float* pIn = input)
            fixed (float* pW = weights)
            fixed (float* pB = bias)
            fixed (float* pOut = output)
            {
                // The weights are the same for every image: pack them once.
                for (int gr = 0; gr < g.Groups; gr++) Gemm.PackA(context, false, m, k, pW + (long)gr * m * k, k, packed + gr * packedSize);
                for (int b = 0; b < batch; b++)
                for (int gr = 0; gr < g.Groups; gr++)
                {
                    Im2Col.Unfold(context, g, pIn + (long)b * g.InSize + (long)gr * g.InChannelsPerGroup * g.InHeight * g.InWidth, col);
                    // [Cout/G, OH OW] = W_g [Cout/G, (Cin/G) K K] x col [(Cin/G) K K, OH OW]
                    Gemm.MultiplyPackedA(context, m, n, k, packed + gr * packedSize, false, col, n,
                        pOut + (long)b * g.OutSize + (long)gr * m * n, n, false);
                }
                Planes.AddBias(context, pOut, pB, batch, g.OutChannels, g.OutPlane);
            }
        }

        /// <summary>
        /// Gradients of the weights and bias (overwritten) and, unless <paramref name="dInput"/> is empty, of the input (overwritten).
        /// </summary>
        public static void Backward(CpuContext context, in ConvolutionGeometry g, int batch,
            ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> dOutput,
            Span<float> dInput, Span<float> dWeights, Span<float> dBias)
        {
            Check(g, batch, input.Length, weights.Length, dBias.Length, dOutput.Length, "output gradient");
            if (dWeights.Length < g.WeightCount) throw new ArgumentException($"convolution weight gradient: {dWeights.Length} floats, needs {g.WeightCount}");
            bool wantInput = !dInput.IsEmpty;
            if (wantInput && dInput.Length < (long)batch * g.InSize) throw new ArgumentException($"convolution input gradient: {dInput.Length} floats, needs {(long)batch * g.InSize}");
            int m = g.OutChannelsPerGroup, n = g.OutPlane, k = g.PatchSize;
            int groupInput = g.InChannelsPerGroup * g.InHeight * g.InWidth;
            float* col = context.Shared(SlotColumns, (long)k * n);
            float* dCol = context.Shared(SlotColumnGradient, (long)k * n);
            long packedSize = Gemm.PackedASize(k, m);
            float* packed = context.Shared(SlotPackedWeights, g.Groups * packedSize);
            fixed (float* pIn = input)
            fixed (float* pW = weights)
            fixed (float* pdOut = dOutput)
            fixed (float* pdIn = dInput)
            fixed (float* pdW = dWeights)
            fixed (float* pdB = dBias)
            {
                if (wantInput)
                    for (int gr = 0; gr < g.Groups; gr++) Gemm.PackA(context, true, k, m, pW + (long)gr * m * k, k, packed + gr * packedSize);
                for (int b = 0; b < batch; b++)
                for (int gr = 0; gr < g.Groups; gr++)
                {
                    float* dOut = pdOut + (long)b * g.OutSize + (long)gr * m * n;
                    Im2Col.Unfold(context, g, pIn + (long)b * g.InSize + (long)gr * groupInput, col);
                    // dW_g [Cout/G, (Cin/G) K K] (+)= dOut_g [Cout/G, OH OW] x col^T [OH OW, (Cin/G) K K]; images in order.
                    Gemm.Multiply(context, false, true, m, k, n, dOut, n, col, n, pdW + (long)gr * m * k, k, b > 0);
                    if (!wantInput) continue;
                    // dCol [(Cin/G) K K, OH OW] = W_g^T [(Cin/G) K K, Cout/G] x dOut_g [Cout/G, OH OW]
                    Gemm.MultiplyPackedA(context, k, n, m, packed + gr * packedSize, false, dOut, n, dCol, n, false);
                    Im2Col.Fold(context, g, dCol, pdIn + (long)b * g.InSize + (long)gr * groupInput);
                }
                Planes.SumPerChannel(context, pdOut, pdB, batch, g.OutChannels, g.OutPlane);
            }
        }

        static void Check(in ConvolutionGeometry g, int batch, int input, int weights, int bias, int output, string outputName)
        {
            if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be at least 1");
            if (input < (long)batch * g.InSize) throw new ArgumentException($"convolution input: {input} floats, needs {(long)batch * g.InSize} ({batch} x {g.InChannels}x{g.InHeight}x{g.InWidth})");
            if (weights < g.WeightCount) throw new ArgumentException($"convolution weights: {weights} floats, needs {g.WeightCount}");
            if (bias < g.OutChannels) throw new ArgumentException($"convolution bias: {bias} floats, needs {g.OutChannels}");
            if (output < (long)batch * g.OutSize) throw new ArgumentException($"convolution {outputName}: {output} floats, needs {(long)batch * g.OutSize}");
        }
    }
}
