using System;

namespace Sightline.Cpu
{
    /// <summary>
    /// Grouped 2-D convolution (cross-correlation, as every framework computes it) as GEMM over im2col, with the
    /// unfolding fused into the packing of GEMM's operands block by block (the whole col matrix never exists).
    /// Layouts: input [B, Cin, H, W]; weights [Cout, Cin/G, K, K] (OIHW); bias [Cout]; output [B, Cout, OH, OW].
    /// out[b, o, y, x] = bias[o] + sum over c in o's group, ky, kx of w[o, c, ky, kx] in[b, c, y S - P + ky, x S - P + kx].
    /// </summary>
    public static unsafe class Convolution
    {
        const int SlotPackedWeights = 4;

        /// <summary>
        /// Scratch the context needs for this layer: the packed weights (all groups, as W and as W^T), shared; per
        /// worker, a packed block of patches (forward), packed slices for the weight gradient and one image's dCol.
        /// </summary>
        public static void Reserve(CpuContext context, in ConvolutionGeometry g)
        {
            int m = g.OutChannelsPerGroup, k = g.PatchSize;
            context.ReserveShared(SlotPackedWeights, g.Groups * Math.Max(Gemm.PackedASize(m, k), Gemm.PackedASize(k, m)));
            context.ReserveWorkerScratch(Math.Max((long)Gemm.KC * BlockColumns, Math.Max(WeightGradientScratch, InputGradientScratch(g))));
        }

        public static void Forward(CpuContext context, in ConvolutionGeometry g, int batch,
            ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
        {
            Check(g, batch, input.Length, weights.Length, bias.Length, output.Length, "output");
            float* packed = context.Shared(SlotPackedWeights, PackedWeightsSize(g));
            PackWeights(context, g, weights, packed);
            ForwardPacked(context, g, batch, input, packed, bias, output);
        }

        /// <summary>Floats the weights take packed for <see cref="ForwardPacked"/> (all groups, with this machine's kernel).</summary>
        public static long PackedWeightsSize(in ConvolutionGeometry g) => g.Groups * Gemm.PackedASize(g.OutChannelsPerGroup, g.PatchSize);

        /// <summary>
        /// Packs the weights [Cout, Cin/G, K, K] into the panels <see cref="ForwardPacked"/> reads (<see cref="PackedWeightsSize"/>
        /// floats). The panels follow the kernel selected when they are packed (<see cref="Gemm.MR"/>).
        /// </summary>
        public static void PackWeights(CpuContext context, in ConvolutionGeometry g, ReadOnlySpan<float> weights, float* packed)
        {
            if (weights.Length < g.WeightCount) throw new ArgumentException($"convolution weights: {weights.Length} floats, needs {g.WeightCount}");
            int m = g.OutChannelsPerGroup, k = g.PatchSize;
            long packedSize = Gemm.PackedASize(m, k);
            fixed (float* pW = weights)
                for (int gr = 0; gr < g.Groups; gr++) Gemm.PackA(context, false, m, k, pW + (long)gr * m * k, k, packed + gr * packedSize);
        }

        /// <summary>
        /// <see cref="Forward"/> with weights packed by <see cref="PackWeights"/>: an engine that runs the same weights on
        /// many batches (inference) packs them once.
        /// </summary>
        public static void ForwardPacked(CpuContext context, in ConvolutionGeometry g, int batch,
            ReadOnlySpan<float> input, float* packedWeights, ReadOnlySpan<float> bias, Span<float> output)
        {
            Check(g, batch, input.Length, g.WeightCount, bias.Length, output.Length, "output");
            int n = g.OutPlane;
            fixed (float* pIn = input)
            fixed (float* pB = bias)
            fixed (float* pOut = output)
            {
                // Work items: (image, group, block of output pixels); enough of them to keep every worker busy, but none
                // much smaller than a thread hand-off costs (a small layer at batch 1 runs on fewer threads, or inline).
                int m = g.OutChannelsPerGroup;
                long macs = (long)batch * g.Groups * m * n * g.PatchSize;
                int wanted = context.ThreadCount > 1 ? (int)Math.Min(3L * context.ThreadCount, Math.Max(1L, macs / MinMacsPerItem)) : 1;
                int perImage = Math.Max(1, (wanted + batch * g.Groups - 1) / (batch * g.Groups));
                int nc = Math.Min(BlockColumns, RoundUp((n + perImage - 1) / perImage, Gemm.NR));
                var job = context.Job<ForwardJob>();
                job.Context = context;
                job.Geometry = g;
                job.Input = pIn;
                job.PackedWeights = packedWeights;
                job.PackedSize = Gemm.PackedASize(g.OutChannelsPerGroup, g.PatchSize);
                job.Bias = pB;
                job.Output = pOut;
                job.Nc = nc;
                job.NBlocks = (n + nc - 1) / nc;
                // Too few items still (one image, a small output plane: a column block is a single kernel panel):
                // split the output channels too. Each such item unfolds its patches itself; each output still sums
                // in the same order.
                int items = batch * g.Groups * job.NBlocks;
                int mBlocks = items < wanted ? Math.Min((wanted + items - 1) / items, (m + Gemm.MR - 1) / Gemm.MR) : 1;
                job.Mc = RoundUp((m + mBlocks - 1) / mBlocks, Gemm.MR);
                job.MBlocks = (m + job.Mc - 1) / job.Mc;
                context.Run(items * job.MBlocks, job);
                job.Context = null;
            }
        }

        // Multiply-adds below which a work item is not worth handing to another thread (about 10 to 20 us of work,
        // the order of waking a worker on a busy machine).
        const long MinMacsPerItem = 1L << 20;

        // Output pixels per work item (a multiple of the micro-kernel's NR): KC x BlockColumns of patches fit in L2.
        const int BlockColumns = 256;

        static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

        /// <summary>
        /// One image, one group, one block of output pixels (and of output channels): im2col straight into a packed-B
        /// block in the worker's scratch (KC patch rows at a time), the register-tiled kernel against the packed
        /// weights, then the bias.
        /// </summary>
        sealed class ForwardJob : ParallelJob
        {
            public CpuContext? Context;
            public ConvolutionGeometry Geometry;
            public float* Input, PackedWeights, Bias, Output;
            public long PackedSize;
            public int Nc, NBlocks, Mc, MBlocks;

            public override void Execute(int item, int worker)
            {
                var g = Geometry;
                int mr = Gemm.MR, nr = Gemm.NR;
                const int kc = Gemm.KC;
                int m = g.OutChannelsPerGroup, n = g.OutPlane, k = g.PatchSize;
                int block = item % NBlocks, mBlock = item / NBlocks % MBlocks, imageGroup = item / NBlocks / MBlocks;
                int gr = imageGroup % g.Groups, b = imageGroup / g.Groups;
                int n0 = block * Nc, nLen = Math.Min(Nc, n - n0), m0 = mBlock * Mc, mEnd = Math.Min(m, m0 + Mc);
                float* image = Input + (long)b * g.InSize + (long)gr * g.InChannelsPerGroup * g.InHeight * g.InWidth;
                float* output = Output + (long)b * g.OutSize + (long)gr * m * n;
                float* weights = PackedWeights + gr * PackedSize;
                float* panel = Context!.WorkerScratch(worker, (long)kc * RoundUp(Nc, nr));
                for (int k0 = 0; k0 < k; k0 += kc)
                {
                    int kLen = Math.Min(kc, k - k0);
                    long unfold = Context!.UnfoldStart();
                    Im2Col.PackBlock(g, image, k0, kLen, n0, nLen, panel);
                    Context!.UnfoldEnd(worker, unfold);
                    for (int jr = 0; jr < nLen; jr += nr)
                    {
                        int cols = Math.Min(nr, nLen - jr);
                        for (int ir = m0; ir < mEnd; ir += mr)
                            GemmKernel.Run(kLen, weights + (long)ir * k + (long)k0 * mr, panel + jr * kLen,
                                output + (long)ir * n + n0 + jr, n, Math.Min(mr, mEnd - ir), cols, k0 > 0);
                    }
                }
                for (int o = m0; o < mEnd; o++)
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
            long packedSize = Gemm.PackedASize(k, m);
            float* packed = context.Shared(SlotPackedWeights, g.Groups * packedSize);
            fixed (float* pIn = input)
            fixed (float* pW = weights)
            fixed (float* pdOut = dOutput)
            fixed (float* pdIn = dInput)
            fixed (float* pdW = dWeights)
            fixed (float* pdB = dBias)
            {
                // dW_g [Cout/G, (Cin/G) K K] = sum over images of dOut_g [Cout/G, OH OW] x col^T [OH OW, (Cin/G) K K]:
                // tiles of dW in parallel, each summing images and pixels in order.
                var weightJob = context.Job<WeightGradientJob>();
                weightJob.Context = context;
                weightJob.Geometry = g;
                weightJob.Batch = batch;
                weightJob.Input = pIn;
                weightJob.DOutput = pdOut;
                weightJob.DWeights = pdW;
                weightJob.Mc = m <= 2 * Gemm.MC ? m : Gemm.MC; // one block keeps col^T packed once per tile
                weightJob.MBlocks = (m + weightJob.Mc - 1) / weightJob.Mc;
                int perGroup = Math.Max(1, (3 * context.ThreadCount + g.Groups * weightJob.MBlocks - 1) / (g.Groups * weightJob.MBlocks));
                weightJob.Nc = Math.Min(BlockColumns, RoundUp((k + perGroup - 1) / perGroup, Gemm.NR));
                weightJob.NBlocks = (k + weightJob.Nc - 1) / weightJob.Nc;
                context.Run(g.Groups * weightJob.MBlocks * weightJob.NBlocks, weightJob);
                weightJob.Context = null;

                if (wantInput)
                {
                    // dCol_g = W_g^T [(Cin/G) K K, Cout/G] x dOut_g [Cout/G, OH OW], folded back onto the image: one item per (image, group).
                    for (int gr = 0; gr < g.Groups; gr++) Gemm.PackA(context, true, k, m, pW + (long)gr * m * k, k, packed + gr * packedSize);
                    var inputJob = context.Job<InputGradientJob>();
                    inputJob.Context = context;
                    inputJob.Geometry = g;
                    inputJob.PackedWeights = packed;
                    inputJob.PackedSize = packedSize;
                    inputJob.DOutput = pdOut;
                    inputJob.DInput = pdIn;
                    context.Run(batch * g.Groups, inputJob);
                    inputJob.Context = null;
                }
                Planes.SumPerChannel(context, pdOut, pdB, batch, g.OutChannels, g.OutPlane);
            }
        }

        // Worker scratch of the backward jobs (floats).
        static long WeightGradientScratch => (long)(2 * Gemm.MC + Gemm.MR) * Gemm.KC + (long)Gemm.KC * BlockColumns + Gemm.NR * Gemm.KC;
        static long InputGradientScratch(in ConvolutionGeometry g) => ((long)g.OutChannelsPerGroup + Gemm.MR) * RoundUp(g.OutPlane, Gemm.NR);

        /// <summary>
        /// One tile [rows of Cout/G, block of patch rows] of one group's weight gradient. For every image and every
        /// KC slice of its pixels, in order: pack the slice of dOut (A) and of col^T (B: NR col rows gathered from
        /// the image, then transposed into a panel), and accumulate with the micro-kernel.
        /// </summary>
        sealed class WeightGradientJob : ParallelJob
        {
            public CpuContext? Context;
            public ConvolutionGeometry Geometry;
            public float* Input, DOutput, DWeights;
            public int Batch, Mc, MBlocks, Nc, NBlocks;

            public override void Execute(int item, int worker)
            {
                var g = Geometry;
                int mr = Gemm.MR, nr = Gemm.NR;
                const int kc = Gemm.KC;
                int m = g.OutChannelsPerGroup, n = g.OutPlane, k = g.PatchSize;
                int nBlock = item % NBlocks, mBlock = item / NBlocks % MBlocks, gr = item / (NBlocks * MBlocks);
                int m0 = mBlock * Mc, mLen = Math.Min(Mc, m - m0), j0 = nBlock * Nc, jLen = Math.Min(Nc, k - j0);
                int groupInput = g.InChannelsPerGroup * g.InHeight * g.InWidth;
                float* aPack = Context!.WorkerScratch(worker, WeightGradientScratch);
                float* bPack = aPack + (long)(2 * Gemm.MC + mr) * kc;
                float* lines = bPack + (long)kc * BlockColumns;
                float* dW = DWeights + (long)gr * m * k + (long)m0 * k + j0;
                bool accumulate = false;
                for (int b = 0; b < Batch; b++)
                {
                    float* image = Input + (long)b * g.InSize + (long)gr * groupInput;
                    float* dOut = DOutput + (long)b * g.OutSize + (long)(gr * m + m0) * n;
                    for (int p0 = 0; p0 < n; p0 += kc)
                    {
                        int pLen = Math.Min(kc, n - p0);
                        for (int ir = 0; ir < mLen; ir += mr)
                        {
                            float* panel = aPack + (long)ir * pLen;
                            if (mLen - ir >= mr) GemmKernel.PackPanelA(false, dOut + (long)ir * n + p0, n, pLen, panel);
                            else
                                for (int p = 0; p < pLen; p++)
                                    for (int r = 0; r < mr; r++) panel[p * mr + r] = ir + r < mLen ? dOut[(long)(ir + r) * n + p0 + p] : 0f;
                        }
                        long unfold = Context!.UnfoldStart();
                        for (int jr = 0; jr < jLen; jr += nr)
                        {
                            for (int jj = 0; jj < nr; jj++)
                            {
                                if (jr + jj < jLen) Im2Col.Line(g, image, j0 + jr + jj, p0, pLen, lines + jj * kc);
                                else new Span<float>(lines + jj * kc, pLen).Clear();
                            }
                            GemmKernel.PackPanelB(true, lines, kc, pLen, bPack + (long)jr * pLen);
                        }
                        Context!.UnfoldEnd(worker, unfold);
                        for (int jr = 0; jr < jLen; jr += nr)
                        {
                            int cols = Math.Min(nr, jLen - jr);
                            for (int ir = 0; ir < mLen; ir += mr)
                                GemmKernel.Run(pLen, aPack + (long)ir * pLen, bPack + (long)jr * pLen, dW + (long)ir * k + jr, k,
                                    Math.Min(mr, mLen - ir), cols, accumulate);
                        }
                        accumulate = true;
                    }
                }
            }
        }

        /// <summary>
        /// One image and group: dCol = W^T dOut, MR patch rows at a time into the worker's scratch (packed W^T
        /// shared by all), each folded onto the image's input gradient before the next, all on this thread.
        /// </summary>
        sealed class InputGradientJob : ParallelJob
        {
            public CpuContext? Context;
            public ConvolutionGeometry Geometry;
            public float* PackedWeights, DOutput, DInput;
            public long PackedSize;

            public override void Execute(int item, int worker)
            {
                var g = Geometry;
                int mr = Gemm.MR, nr = Gemm.NR;
                const int kc = Gemm.KC;
                int m = g.OutChannelsPerGroup, n = g.OutPlane, k = g.PatchSize;
                int gr = item % g.Groups, b = item / g.Groups;
                float* dOut = DOutput + (long)b * g.OutSize + (long)gr * m * n;
                float* weightsT = PackedWeights + gr * PackedSize;
                int padded = RoundUp(n, nr);
                float* bPack = Context!.WorkerScratch(worker, InputGradientScratch(g));
                float* dColRows = bPack + (long)m * padded;
                int groupInput = g.InChannelsPerGroup * g.InHeight * g.InWidth;
                float* dImage = DInput + (long)b * g.InSize + (long)gr * groupInput;
                new Span<float>(dImage, groupInput).Clear();
                // B = dOut [Cout/G, OH OW] packed once (panel jp holds [Cout/G][NR]); it stays in L2.
                for (int jp = 0; jp < n; jp += nr)
                {
                    float* panel = bPack + (long)jp * m;
                    int cols = Math.Min(nr, n - jp);
                    for (int p = 0; p < m; p++)
                    {
                        float* src = dOut + (long)p * n + jp;
                        if (cols == nr) GemmKernel.CopyRow(src, panel + p * nr);
                        else for (int j = 0; j < nr; j++) panel[p * nr + j] = j < cols ? src[j] : 0f;
                    }
                }
                // MR rows of dCol at a time (each packed W^T panel read once), folded onto the image while in L1.
                for (int ir = 0; ir < k; ir += mr)
                {
                    int rows = Math.Min(mr, k - ir);
                    for (int k0 = 0; k0 < m; k0 += kc)
                    {
                        int kLen = Math.Min(kc, m - k0);
                        for (int jr = 0; jr < n; jr += nr)
                            GemmKernel.Run(kLen, weightsT + (long)ir * m + (long)k0 * mr, bPack + (long)jr * m + (long)k0 * nr,
                                dColRows + jr, padded, rows, Math.Min(nr, n - jr), k0 > 0);
                    }
                    long unfold = Context!.UnfoldStart();
                    Im2Col.FoldRows(g, dColRows, padded, ir, rows, dImage);
                    Context!.UnfoldEnd(worker, unfold);
                }
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
