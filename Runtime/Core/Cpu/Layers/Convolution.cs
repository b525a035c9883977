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
        /// <summary>Scratch the context needs for this layer: shared slot 0 holds one group's im2col matrix, slot 1 its gradient.</summary>
        public static void Reserve(CpuContext context, in ConvolutionGeometry g)
        {
            context.ReserveShared(0, (long)g.PatchSize * g.OutPlane);
            context.ReserveShared(1, (long)g.PatchSize * g.OutPlane);
        }

        public static void Forward(CpuContext context, in ConvolutionGeometry g, int batch,
            ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
        {
            Check(g, batch, input.Length, weights.Length, bias.Length, output.Length, "output");
            int m = g.OutChannelsPerGroup, n = g.OutPlane, k = g.PatchSize;
            float* col = context.Shared(0, (long)k * n);
            fixed (float* pIn = input)
            fixed (float* pW = weights)
            fixed (float* pB = bias)
            fixed (float* pOut = output)
            {
                for (int b = 0; b < batch; b++)
                for (int gr = 0; gr < g.Groups; gr++)
                {
                    Im2Col.Unfold(context, g, pIn + (long)b * g.InSize + (long)gr * g.InChannelsPerGroup * g.InHeight * g.InWidth, col);
                    // [Cout/G, OH OW] = W_g [Cout/G, (Cin/G) K K] x col [(Cin/G) K K, OH OW]
                    Gemm.Multiply(context, false, false, m, n, k, pW + (long)gr * m * k, k, col, n,
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
            float* col = context.Shared(0, (long)k * n);
            float* dCol = context.Shared(1, (long)k * n);
            fixed (float* pIn = input)
            fixed (float* pW = weights)
            fixed (float* pdOut = dOutput)
            fixed (float* pdIn = dInput)
            fixed (float* pdW = dWeights)
            fixed (float* pdB = dBias)
            {
                for (int b = 0; b < batch; b++)
                for (int gr = 0; gr < g.Groups; gr++)
                {
                    float* dOut = pdOut + (long)b * g.OutSize + (long)gr * m * n;
                    Im2Col.Unfold(context, g, pIn + (long)b * g.InSize + (long)gr * groupInput, col);
                    // dW_g [Cout/G, (Cin/G) K K] (+)= dOut_g [Cout/G, OH OW] x col^T [OH OW, (Cin/G) K K]; images in order.
                    Gemm.Multiply(context, false, true, m, k, n, dOut, n, col, n, pdW + (long)gr * m * k, k, b > 0);
                    if (!wantInput) continue;
                    // dCol [(Cin/G) K K, OH OW] = W_g^T [(Cin/G) K K, Cout/G] x dOut_g [Cout/G, OH OW]
                    Gemm.Multiply(context, true, false, k, n, m, pW + (long)gr * m * k, k, dOut, n, dCol, n, false);
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
