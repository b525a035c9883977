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
            context.ReserveShared(SlotColumns, Math.Max((long)k * n, Gemm.PackedBSize(k, n)));
            context.ReserveShared(SlotColumnGradient, (long)k * n);
            context.ReserveShared(SlotPackedWeights, g.Groups * Math.Max(Gemm.PackedASize(m, k), Gemm.PackedASize(k, m)));
            context.ReserveWorkerScratch((long)Gemm.KC * BlockColumns);
            Gemm.ReservePackedB(context, n, k);
            Gemm.Reserve(context, m, k, n);
            Gemm.ReservePackedB(context, n, m);
        }

        public static void Forward(CpuContext context, in ConvolutionGeometry g, int batch,
            ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
        {
            Check(g, batch, input.Length, weights.Length, bias.Length, output.Length, "output");
            int m = g.OutChannelsPerGroup, n = g.OutPlane, k = g.PatchSize;
            long packedSize = Gemm.PackedASize(m, k);
            float* packed = context.Shared(SlotPackedWeights, g.Groups * packedSize);
            fixed (float* pIn = input)
            fixed (float* pW = weights)
            fixed (float* pB = bias)
            fixed (float* pOut = output)
            {
                // The weights are the same for every image: pack them once.
                for (int gr = 0; gr < g.Groups; gr++) Gemm.PackA(context, false, m, k, pW + (long)gr * m * k, k, packed + gr * packedSize);
                // Work items: (image, group, block of output pixels); enough of them to keep every worker busy.
                int perImage = Math.Max(1, (3 * context.ThreadCount + batch * g.Groups - 1) / (batch * g.Groups));
                int nc = Math.Min(BlockColumns, RoundUp((n + perImage - 1) / perImage, Gemm.NR));
                var job = context.Job<ForwardJob>();
                job.Context = context;
                job.Geometry = g;
                job.Input = pIn;
                job.PackedWeights = packed;
                job.PackedSize = packedSize;
                job.Bias = pB;
                job.Output = pOut;
                job.Nc = nc;
                job.NBlocks = (n + nc - 1) / nc;
                context.Run(batch * g.Groups * job.NBlocks, job);
                job.Context = null;
            }
        }

        // Output pixels per work item (a multiple of the micro-kernel's NR): KC x BlockColumns of patches fit in L2.
        const int BlockColumns = 256;

        static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

        /// <summary>
        /// One image, one group, one block of output pixels: im2col straight into a packed-B block in the worker's
        /// scratch (KC patch rows at a time), the register-tiled kernel against the packed weights, then the bias.
        /// </summary>
        sealed class ForwardJob : ParallelJob
        {
            public CpuContext? Context;
            public ConvolutionGeometry Geometry;
            public float* Input, PackedWeights, Bias, Output;
            public long PackedSize;
            public int Nc, NBlocks;

            public override void Execute(int item, int worker)
            {
                var g = Geometry;
                const int mr = Gemm.MR, nr = Gemm.NR, kc = Gemm.KC;
                int m = g.OutChannelsPerGroup, n = g.OutPlane, k = g.PatchSize;
                int block = item % NBlocks, imageGroup = item / NBlocks, gr = imageGroup % g.Groups, b = imageGroup / g.Groups;
                int n0 = block * Nc, nLen = Math.Min(Nc, n - n0);
                float* image = Input + (long)b * g.InSize + (long)gr * g.InChannelsPerGroup * g.InHeight * g.InWidth;
                float* output = Output + (long)b * g.OutSize + (long)gr * m * n;
                float* weights = PackedWeights + gr * PackedSize;
                float* panel = Context!.WorkerScratch(worker, (long)kc * RoundUp(Nc, nr));
                for (int k0 = 0; k0 < k; k0 += kc)
                {
                    int kLen = Math.Min(kc, k - k0);
                    Im2Col.PackBlock(g, image, k0, kLen, n0, nLen, panel);
                    for (int jr = 0; jr < nLen; jr += nr)
                    {
                        int cols = Math.Min(nr, nLen - jr);
                        for (int ir = 0; ir < m; ir += mr)
                            GemmKernel.Run(kLen, weights + (long)ir * k + (long)k0 * mr, panel + jr * kLen,
                                output + (long)ir * n + n0 + jr, n, Math.Min(mr, m - ir), cols, k0 > 0);
                    }
                }
                for (int o = 0; o < m; o++)
                {
                    float value = Bias[gr * m + o];
                    float* row = output + (long)o * n + n0;
                    for (int j = 0; j < nLen; j++) row[j] += value;
                }
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
            float* col = context.Shared(SlotColumns, Math.Max((long)k * n, Gemm.PackedBSize(k, n)));
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
