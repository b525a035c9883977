using System;

namespace Sightline.Cpu
{
    /// <summary>
    /// Fully connected layer. Layouts: input [B, In] (any [B, C, H, W] flattened in NCHW order), weights [Out, In],
    /// bias [Out], output [B, Out]: out[b, o] = bias[o] + sum_i w[o, i] in[b, i].
    /// </summary>
    public static unsafe class FullyConnected
    {
        const int SlotPackedBatch = 3, SlotTransposed = 5;
        // Rows of W (or W^T) per work item: 8 register-tile panels.
        static int RowBlock => 8 * Gemm.MR;

        /// <summary>Scratch for this layer's products at batch <paramref name="maxBatch"/>.</summary>
        public static void Reserve(CpuContext context, int inputs, int outputs, int maxBatch)
        {
            int padded = (maxBatch + Gemm.NR - 1) / Gemm.NR * Gemm.NR;
            context.ReserveShared(SlotPackedBatch, (long)Math.Max(inputs, outputs) * padded);
            context.ReserveShared(SlotTransposed, (long)Math.Max(inputs, outputs) * padded);
            context.ReserveWorkerScratch(Math.Max((long)RowBlock * Gemm.KC, Gemv.WorkerScratch));
            Gemm.Reserve(context, outputs, inputs, maxBatch);
        }

        public static void Forward(CpuContext context, int inputs, int outputs, int batch,
            ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
        {
            Check(inputs, outputs, batch, input.Length, weights.Length, bias.Length, output.Length);
            fixed (float* pIn = input)
            fixed (float* pW = weights)
            fixed (float* pOut = output)
            {
                fixed (float* pB = bias)
                    // out^T [Out, B] = W [Out, In] x in^T [In, B], then transposed into out with the bias added.
                    StreamWeights(context, false, outputs, inputs, batch, pW, inputs, pIn, inputs, pB, pOut);
            }
        }

        /// <summary>True where <see cref="PackWeights"/> and <see cref="ForwardPacked"/> run, for batches up to <see cref="PackedMaxBatch"/>.</summary>
        public static bool CanPack => Gemv.Available;

        /// <summary>Largest batch <see cref="ForwardPacked"/> takes.</summary>
        public const int PackedMaxBatch = Gemv.MaxBatch;

        /// <summary>Floats the weights of an inputs -> outputs layer take packed.</summary>
        public static long PackedWeightsSize(int inputs, int outputs) => Gemv.PackedSize(outputs, inputs);

        /// <summary>Packs the weights [Out, In] for <see cref="ForwardPacked"/> (only where <see cref="CanPack"/>).</summary>
        public static void PackWeights(CpuContext context, int inputs, int outputs, ReadOnlySpan<float> weights, float* packed)
        {
            if (weights.Length < (long)inputs * outputs) throw new ArgumentException($"fully connected weights: {weights.Length} floats, needs {(long)inputs * outputs}");
            fixed (float* pW = weights) Gemv.Pack(context, outputs, inputs, pW, inputs, packed);
        }

        /// <summary><see cref="Forward"/> with weights packed by <see cref="PackWeights"/>, for up to <see cref="PackedMaxBatch"/> images (same bits).</summary>
        public static void ForwardPacked(CpuContext context, int inputs, int outputs, int batch,
            ReadOnlySpan<float> input, float* packedWeights, ReadOnlySpan<float> bias, Span<float> output)
        {
            Check(inputs, outputs, batch, input.Length, inputs * outputs, bias.Length, output.Length);
            fixed (float* pIn = input)
            fixed (float* pB = bias)
            fixed (float* pOut = output)
                Gemv.RunPacked(context, outputs, inputs, batch, packedWeights, pIn, inputs, pB, pOut);
        }

        /// <summary>Gradients of weights and bias (overwritten) and, unless <paramref name="dInput"/> is empty, of the input (overwritten).</summary>
        public static void Backward(CpuContext context, int inputs, int outputs, int batch,
            ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> dOutput,
            Span<float> dInput, Span<float> dWeights, Span<float> dBias)
        {
            Check(inputs, outputs, batch, input.Length, weights.Length, dBias.Length, dOutput.Length);
            if (dWeights.Length < (long)inputs * outputs) throw new ArgumentException($"fully connected weight gradient: {dWeights.Length} floats, needs {(long)inputs * outputs}");
            if (!dInput.IsEmpty && dInput.Length < (long)batch * inputs) throw new ArgumentException($"fully connected input gradient: {dInput.Length} floats, needs {(long)batch * inputs}");
            fixed (float* pIn = input)
            fixed (float* pW = weights)
            fixed (float* pdOut = dOutput)
            fixed (float* pdIn = dInput)
            fixed (float* pdW = dWeights)
            fixed (float* pdB = dBias)
            {
                // dW [Out, In] = dOut^T [Out, B] x in [B, In]
                Gemm.Multiply(context, true, false, outputs, inputs, batch, pdOut, outputs, pIn, inputs, pdW, inputs, false);
                // dIn^T [In, B] = W^T [In, Out] x dOut^T [Out, B], then transposed into dIn.
                if (!dInput.IsEmpty) StreamWeights(context, true, inputs, outputs, batch, pW, inputs, pdOut, outputs, null, pdIn);
                Planes.SumPerChannel(context, pdOut, pdB, batch, outputs, 1);
            }
        }

        /// <summary>
        /// result [B, R] = (A [R, K] x small^T [K, B])^T (+ bias[R]), A being W (transA false: A(r, p) = w[r lda + p])
        /// or W^T (transA true: A(r, p) = w[p lda + r]); small is [B, K] with row stride ldSmall. The batch is small,
        /// so the weights are the big operand: each element is read from memory once, packed into an L1-sized block
        /// by the work item that owns its rows, and used for every image there. Batches of up to
        /// <see cref="Gemv.MaxBatch"/> take the matrix-vector path, which streams the weights at memory speed (same bits).
        /// </summary>
        static void StreamWeights(CpuContext context, bool transA, int rows, int depth, int batch, float* w, int lda,
            float* small, int ldSmall, float* bias, float* result)
        {
            if (batch <= Gemv.MaxBatch && Gemv.Available)
            {
                Gemv.Run(context, transA, rows, depth, batch, w, lda, small, ldSmall, bias, result);
                return;
            }
            int padded = (batch + Gemm.NR - 1) / Gemm.NR * Gemm.NR;
            float* packed = context.Shared(SlotPackedBatch, (long)depth * padded);
            float* transposed = context.Shared(SlotTransposed, (long)rows * padded);
            Gemm.PackB(context, true, depth, batch, small, ldSmall, packed);
            var job = context.Job<StreamJob>();
            job.Context = context;
            job.TransA = transA;
            job.Rows = rows;
            job.Depth = depth;
            job.Batch = batch;
            job.Padded = padded;
            job.W = w;
            job.Lda = lda;
            job.Packed = packed;
            job.Transposed = transposed;
            job.Bias = bias;
            job.Result = result;
            context.Run((rows + RowBlock - 1) / RowBlock, job);
            job.Context = null;
        }

        sealed class StreamJob : ParallelJob
        {
            public CpuContext? Context;
            public bool TransA;
            public int Rows, Depth, Batch, Padded, Lda;
            public float* W, Packed, Transposed, Bias, Result;

            public override void Execute(int item, int worker)
            {
                int mr = Gemm.MR, nr = Gemm.NR, rowBlock = RowBlock;
                const int kc = Gemm.KC;
                int r0 = item * rowBlock, mLen = Math.Min(rowBlock, Rows - r0);
                float* block = Context!.WorkerScratch(worker, (long)rowBlock * kc);
                float* t = Transposed + (long)r0 * Padded;
                for (int k0 = 0; k0 < Depth; k0 += kc)
                {
                    int kLen = Math.Min(kc, Depth - k0);
                    for (int ir = 0; ir < mLen; ir += mr)
                    {
                        int rows = Math.Min(mr, mLen - ir);
                        float* panel = block + (long)ir * kLen;
                        if (rows == mr)
                            GemmKernel.PackPanelA(TransA, TransA ? W + (long)k0 * Lda + r0 + ir : W + (long)(r0 + ir) * Lda + k0, Lda, kLen, panel);
                        else
                            for (int p = 0; p < kLen; p++)
                                for (int r = 0; r < mr; r++)
                                    panel[p * mr + r] = r >= rows ? 0f
                                        : TransA ? W[(long)(k0 + p) * Lda + r0 + ir + r] : W[(long)(r0 + ir + r) * Lda + k0 + p];
                    }
                    for (int jr = 0; jr < Batch; jr += nr)
                    {
                        int cols = Math.Min(nr, Batch - jr);
                        for (int ir = 0; ir < mLen; ir += mr)
                            GemmKernel.Run(kLen, block + (long)ir * kLen, Packed + (long)jr * Depth + (long)k0 * nr,
                                t + (long)ir * Padded + jr, Padded, Math.Min(mr, mLen - ir), cols, k0 > 0);
                    }
                }
                for (int r = 0; r < mLen; r++)
                {
                    float add = Bias != null ? Bias[r0 + r] : 0f;
                    float* row = t + (long)r * Padded;
                    for (int b = 0; b < Batch; b++) Result[(long)b * Rows + r0 + r] = row[b] + add;
                }
            }
        }

        static void Check(int inputs, int outputs, int batch, int input, int weights, int bias, int output)
        {
            if (inputs < 1 || outputs < 1 || batch < 1) throw new ArgumentException($"fully connected {inputs} -> {outputs}, batch {batch}: sizes must be positive");
            if (input < (long)batch * inputs) throw new ArgumentException($"fully connected input: {input} floats, needs {(long)batch * inputs}");
            if (weights < (long)inputs * outputs) throw new ArgumentException($"fully connected weights: {weights} floats, needs {(long)inputs * outputs}");
            if (bias < outputs) throw new ArgumentException($"fully connected bias: {bias} floats, needs {outputs}");
            if (output < (long)batch * outputs) throw new ArgumentException($"fully connected output: {output} floats, needs {(long)batch * outputs}");
        }
    }
}
