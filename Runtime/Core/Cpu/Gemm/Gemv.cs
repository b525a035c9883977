using System;
#if NET
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace Sightline.Cpu
{
    /// <summary>
    /// A layer's weights times a few images (a fully connected layer at batch 1 to <see cref="MaxBatch"/>):
    /// result[b, r] = A(r, :) x[b, :] (+ bias[r]), A being W (transA false: A(r, p) = w[r lda + p]) or W^T
    /// (transA true: A(r, p) = w[p lda + r]). At such batches the GEMM micro-kernel spends a broadcast and a 16-wide
    /// FMA per weight for one useful column; here each weight is read once, 32 rows are transposed into an L1 block 64
    /// columns at a time, and each image costs one 8-wide FMA per 8 weights. Transposing still costs more than the
    /// memory traffic (fc6 of the paper network: 22 ms of one core's processor time against 7.6 ms to stream the same
    /// 151 MB, measured on a 2-core AVX-512 EPYC), so an engine that runs the same weights again keeps them transposed
    /// (<see cref="Pack"/>, <see cref="RunPacked"/>): then the product streams memory and nothing else. Row blocks
    /// run in parallel.
    ///
    /// The bits are those of <see cref="Gemm"/>'s kernels, which the batched path uses: each result is a chain of
    /// fused multiply-adds over p in order, restarted from zero every <see cref="Gemm.KC"/> columns, the slices
    /// added in turn, then the bias (or +0) added. Runs only under .NET on AVX2 + FMA (<see cref="Available"/>);
    /// elsewhere the caller takes the GEMM path, which gives the same bits.
    /// </summary>
    internal static unsafe class Gemv
    {
        /// <summary>Largest batch this path takes: above it the register-tiled GEMM uses each weight often enough.</summary>
        public const int MaxBatch = 4;
        // Rows per work item and block (four 8-float vectors), and columns packed into the L1 block at a time.
        const int Rows = 32, Chunk = 64;

        /// <summary>Scratch per worker (floats): the packed block and the running sums (callers reserve it up front).</summary>
        public const int WorkerScratch = Rows * Chunk + 2 * MaxBatch * Rows;

        /// <summary>True where this path runs: .NET with AVX2 and FMA, unless the portable kernel was forced.</summary>
        public static bool Available
        {
            get
            {
#if NET
                return Gemm.Isa != GemmIsa.Portable && Fma.IsSupported && Avx2.IsSupported;
#else
                return false;
#endif
            }
        }

        /// <summary>Floats that <see cref="Pack"/> writes for a rows x depth W.</summary>
        public static long PackedSize(int rows, int depth) => (long)((rows + Rows - 1) / Rows) * Rows * depth;

        /// <summary>
        /// W [rows, depth] (row stride lda) laid out as <see cref="RunPacked"/> reads it: for each block of 32 rows, for
        /// each column p, the 32 weights of that column (rows past the edge: zero). An engine that runs the same weights
        /// on frame after frame transposes them once here; then each product only streams memory.
        /// </summary>
        public static void Pack(CpuContext context, int rows, int depth, float* w, int lda, float* packed)
        {
            if (!Available) throw new InvalidOperationException("the matrix-vector path needs .NET with AVX2 and FMA");
            var job = context.Job<PackJob>();
            job.RowCount = rows;
            job.Depth = depth;
            job.W = w;
            job.Lda = lda;
            job.Packed = packed;
            context.Run((rows + Rows - 1) / Rows, job);
        }

        /// <summary><see cref="Run"/> with W packed by <see cref="Pack"/> (same bits).</summary>
        public static void RunPacked(CpuContext context, int rows, int depth, int batch, float* packed, float* x, int ldx, float* bias, float* result) =>
            Start(context, false, rows, depth, batch, null, 0, packed, x, ldx, bias, result);

        /// <summary>result [batch, rows] (row stride <paramref name="rows"/>) as the class describes; x is [batch, depth] with row stride ldx.</summary>
        public static void Run(CpuContext context, bool transA, int rows, int depth, int batch, float* w, int lda,
            float* x, int ldx, float* bias, float* result) =>
            Start(context, transA, rows, depth, batch, w, lda, null, x, ldx, bias, result);

        static void Start(CpuContext context, bool transA, int rows, int depth, int batch, float* w, int lda, float* packed,
            float* x, int ldx, float* bias, float* result)
        {
            if (batch < 1 || batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"the matrix-vector path takes batches of 1 to {MaxBatch}");
            if (!Available) throw new InvalidOperationException("the matrix-vector path needs .NET with AVX2 and FMA");
            var job = context.Job<GemvJob>();
            job.Context = context;
            job.TransA = transA;
            job.RowCount = rows;
            job.Depth = depth;
            job.Batch = batch;
            job.W = w;
            job.Lda = lda;
            job.Packed = packed;
            job.X = x;
            job.Ldx = ldx;
            job.Bias = bias;
            job.Result = result;
            context.Run((rows + Rows - 1) / Rows, job);
            job.Context = null;
        }

#if NET
        /// <summary>block[p Rows + r] = A(r0 + r, q0 + p) for p &lt; qLen (rows past the edge: zero, never stored).</summary>
        [MethodImpl(GemmKernel.Optimized)]
        static void PackBlock(bool transA, float* w, int lda, int depth, int r0, int rowsLen, int q0, int qLen, float* block)
        {
            if (transA)
            {
                // A(r, p) = w[p lda + r]: each column is contiguous already.
                for (int p = 0; p < qLen; p++)
                {
                    float* src = w + (long)(q0 + p) * lda + r0;
                    float* dst = block + p * Rows;
                    if (rowsLen == Rows)
                        for (int v = 0; v < Rows; v += 8) Avx.Store(dst + v, Avx.LoadVector256(src + v));
                    else
                        for (int r = 0; r < Rows; r++) dst[r] = r < rowsLen ? src[r] : 0f;
                }
                return;
            }
            float* rowsStart = w + (long)r0 * lda + q0;
            int p0 = 0;
            if (rowsLen == Rows)
                for (; p0 + 8 <= qLen; p0 += 8)
                    for (int r = 0; r < Rows; r += 8) GemmKernel.Transpose8(rowsStart + (long)r * lda + p0, lda, block + p0 * Rows + r, Rows);
            for (int p = p0; p < qLen; p++)
                for (int r = 0; r < Rows; r++) block[p * Rows + r] = r < rowsLen ? rowsStart[(long)r * lda + p] : 0f;
        }
#endif

        // One block of 32 rows of W, packed over all columns.
        sealed class PackJob : ParallelJob
        {
            public int RowCount, Depth, Lda;
            public float* W, Packed;

            public override void Execute(int item, int worker)
            {
#if NET
                int r0 = item * Rows, rowsLen = Math.Min(Rows, RowCount - r0);
                float* dst = Packed + (long)item * Rows * Depth;
                for (int q0 = 0; q0 < Depth; q0 += Chunk)
                    PackBlock(false, W, Lda, Depth, r0, rowsLen, q0, Math.Min(Chunk, Depth - q0), dst + (long)q0 * Rows);
#endif
            }
        }

        sealed class GemvJob : ParallelJob
        {
            public CpuContext? Context;
            public bool TransA;
            public int RowCount, Depth, Batch, Lda, Ldx;
            public float* W, Packed, X, Bias, Result;

            public override void Execute(int item, int worker)
            {
#if NET
                int r0 = item * Rows, rowsLen = Math.Min(Rows, RowCount - r0);
                float* block = Context!.WorkerScratch(worker, WorkerScratch);
                float* slice = block + Rows * Chunk;        // this KC slice's chains, [Batch][Rows]
                float* total = slice + MaxBatch * Rows;     // the sum of the slices so far, [Batch][Rows]
                for (int k0 = 0; k0 < Depth; k0 += Gemm.KC)
                {
                    int kLen = Math.Min(Gemm.KC, Depth - k0);
                    new Span<float>(slice, Batch * Rows).Clear();
                    for (int q0 = k0; q0 < k0 + kLen; q0 += Chunk)
                    {
                        int qLen = Math.Min(Chunk, k0 + kLen - q0);
                        float* columns = block;
                        if (Packed != null) columns = Packed + (long)item * Rows * Depth + (long)q0 * Rows;
                        else PackBlock(TransA, W, Lda, Depth, r0, rowsLen, q0, qLen, block);
                        for (int b = 0; b < Batch; b++) Chain(columns, X + (long)b * Ldx + q0, qLen, slice + b * Rows);
                    }
                    for (int i = 0; i < Batch * Rows; i++) total[i] = k0 == 0 ? slice[i] : total[i] + slice[i];
                }
                for (int b = 0; b < Batch; b++)
                {
                    float* dst = Result + (long)b * RowCount + r0;
                    for (int r = 0; r < rowsLen; r++) dst[r] = total[b * Rows + r] + (Bias != null ? Bias[r0 + r] : 0f);
                }
#endif
            }

#if NET
            /// <summary>sums[r] = fma(block[p Rows + r], x[p], sums[r]) for p in order: four independent chains of 8 rows.</summary>
            [MethodImpl(GemmKernel.Optimized)]
            static void Chain(float* block, float* x, int qLen, float* sums)
            {
                var s0 = Avx.LoadVector256(sums);
                var s1 = Avx.LoadVector256(sums + 8);
                var s2 = Avx.LoadVector256(sums + 16);
                var s3 = Avx.LoadVector256(sums + 24);
                for (int p = 0; p < qLen; p++, block += Rows)
                {
                    var v = Vector256.Create(x[p]);
                    s0 = Fma.MultiplyAdd(Avx.LoadVector256(block), v, s0);
                    s1 = Fma.MultiplyAdd(Avx.LoadVector256(block + 8), v, s1);
                    s2 = Fma.MultiplyAdd(Avx.LoadVector256(block + 16), v, s2);
                    s3 = Fma.MultiplyAdd(Avx.LoadVector256(block + 24), v, s3);
                }
                Avx.Store(sums, s0);
                Avx.Store(sums + 8, s1);
                Avx.Store(sums + 16, s2);
                Avx.Store(sums + 24, s3);
            }
#endif
        }
    }
}
