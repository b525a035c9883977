using System;

namespace Sightline.Cpu
{
    /// <summary>
    /// Single-precision matrix multiply, packed and blocked. Each operand is packed once into panels the micro-kernel
    /// (<see cref="GemmKernel"/>) streams: A into MR-row panels, B into NR-column panels, each panel running the
    /// whole K (packed A: panel i holds A(i MR + r, p) at [i K MR + p MR + r]; packed B: panel j holds B(p, j NR + c)
    /// at [j K NR + p NR + c]; rows and columns past the edge are zero). C is then cut into tiles that run in
    /// parallel, each walking K in KC slices so that a B micro-panel stays in L1 and the A block in L2.
    ///
    /// Row-major: A(i, p) = transA ? a[p lda + i] : a[i lda + p]; B(p, j) = transB ? b[j ldb + p] : b[p ldb + j].
    /// Every C element sums over k in the same order (KC slices in turn, each in order) whatever the tiling, the
    /// chunking and the number of threads, so the result is bitwise independent of all three.
    ///
    /// A caller that multiplies the same A many times (a layer's weights, once per image) packs it once with
    /// <see cref="PackA"/> and calls <see cref="MultiplyPackedA"/>.
    /// </summary>
    public static unsafe class Gemm
    {
        // The register block of the kernel chosen at start-up (12x32 with AVX-512F, else 6x16): panels follow it.
        internal static int MR => GemmKernel.MR;
        internal static int NR => GemmKernel.NR;
        internal const int KC = 256;
        // Multiples of both register blocks (6x16 and 12x32).
        internal const int MC = 144;
        internal const int NC = 256;
        // Largest packed operand chunk held at once (floats); bigger operands are packed and multiplied in chunks.
        const long ChunkFloats = 4L << 20;
        const int SlotA = 2, SlotB = 3;

        /// <summary>The micro-kernel this machine runs ("avx512f 12x32", "avx2-fma 6x16", "vector256 6x16", "scalar 6x16").</summary>
        public static string KernelName => GemmKernel.Name;

        /// <summary>The instruction set of the kernel in use (the widest this CPU runs, unless SIGHTLINE_CPU_ISA forces another).</summary>
        public static GemmIsa Isa => GemmKernel.Isa;

        /// <summary>Why SIGHTLINE_CPU_ISA could not be followed (the variable, its value and the reason); null when it was, or is unset.</summary>
        public static string? IsaProblem => GemmKernel.IsaProblem;

        /// <summary>Floats that <see cref="PackA"/> writes for an m x k operand.</summary>
        public static long PackedASize(int m, int k) => (long)RoundUp(m, MR) * k;

        /// <summary>Makes the context's packing buffers big enough for an m x n x k product (so that it allocates nothing later).</summary>
        public static void Reserve(CpuContext context, int m, int n, int k)
        {
            if (m <= 0 || n <= 0 || k <= 0) return;
            int rows = (int)Math.Min(m, Math.Max(MR, ChunkFloats / k / MR * MR));
            context.ReserveShared(SlotA, PackedASize(rows, k));
            ReservePackedB(context, n, k);
        }

        /// <summary>Like <see cref="Reserve"/> for <see cref="MultiplyPackedA"/>, whose A the caller packs.</summary>
        public static void ReservePackedB(CpuContext context, int n, int k)
        {
            if (n <= 0 || k <= 0) return;
            int cols = (int)Math.Min(RoundUp(n, NR), Math.Max(NR, ChunkFloats / k / NR * NR));
            context.ReserveShared(SlotB, (long)RoundUp(cols, NR) * k);
        }

        /// <summary>C[m x n] = (accumulate ? C : 0) + op(A)[m x k] op(B)[k x n].</summary>
        public static void Multiply(CpuContext context, bool transA, bool transB, int m, int n, int k,
            float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
        {
            if (m <= 0 || n <= 0) return;
            if (k <= 0)
            {
                ClearC(m, n, c, ldc, accumulate);
                return;
            }
            // Rows of A per chunk: all of them unless the packed A would be larger than a chunk.
            int rowsPerChunk = (int)Math.Min(m, Math.Max(MR, ChunkFloats / k / MR * MR));
            for (int i0 = 0; i0 < m; i0 += rowsPerChunk)
            {
                int rows = Math.Min(rowsPerChunk, m - i0);
                float* packedA = context.Shared(SlotA, PackedASize(rows, k));
                PackA(context, transA, rows, k, transA ? a + i0 : a + (long)i0 * lda, lda, packedA);
                MultiplyPackedA(context, rows, n, k, packedA, transB, b, ldb, c + (long)i0 * ldc, ldc, accumulate);
            }
        }

        /// <summary>Span form of <see cref="Multiply(CpuContext, bool, bool, int, int, int, float*, int, float*, int, float*, int, bool)"/> with dense leading dimensions.</summary>
        public static void Multiply(CpuContext context, bool transA, bool transB, int m, int n, int k,
            ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate)
        {
            if (a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
                throw new ArgumentException($"GEMM {m}x{k} by {k}x{n}: spans too short (a {a.Length}, b {b.Length}, c {c.Length})");
            fixed (float* pa = a)
            fixed (float* pb = b)
            fixed (float* pc = c)
                Multiply(context, transA, transB, m, n, k, pa, transA ? m : k, pb, transB ? k : n, pc, n, accumulate);
        }

        /// <summary>Packs op(A)[m x k] into <paramref name="packed"/> (<see cref="PackedASize"/> floats), in parallel over panels.</summary>
        public static void PackA(CpuContext context, bool transA, int m, int k, float* a, int lda, float* packed) =>
            Pack(context, true, transA, m, k, a, lda, packed);

        /// <summary>Packs op(B)[k x n] into <paramref name="packed"/> (<see cref="PackedBSize"/> floats), in parallel over panels.</summary>
        public static void PackB(CpuContext context, bool transB, int k, int n, float* b, int ldb, float* packed) =>
            Pack(context, false, transB, n, k, b, ldb, packed);

        static void Pack(CpuContext context, bool a, bool trans, int count, int k, float* source, int ld, float* packed)
        {
            var job = context.Job<PackJob>();
            job.A = a;
            job.Trans = trans;
            job.Count = count;
            job.K = k;
            job.Source = source;
            job.Ld = ld;
            job.Packed = packed;
            int width = a ? MR : NR;
            context.Run((count + width - 1) / width, job);
        }

        /// <summary>C[m x n] = (accumulate ? C : 0) + A op(B) with A packed by <see cref="PackA"/>.</summary>
        public static void MultiplyPackedA(CpuContext context, int m, int n, int k, float* packedA,
            bool transB, float* b, int ldb, float* c, int ldc, bool accumulate)
        {
            if (m <= 0 || n <= 0) return;
            if (k <= 0)
            {
                ClearC(m, n, c, ldc, accumulate);
                return;
            }
            int colsPerChunk = (int)Math.Min(RoundUp(n, NR), Math.Max(NR, ChunkFloats / k / NR * NR));
            for (int j0 = 0; j0 < n; j0 += colsPerChunk)
            {
                int cols = Math.Min(colsPerChunk, n - j0);
                float* packedB = context.Shared(SlotB, (long)RoundUp(cols, NR) * k);
                PackB(context, transB, k, cols, transB ? b + (long)j0 * ldb : b + j0, ldb, packedB);
                MultiplyPacked(context, m, cols, k, packedA, packedB, c + j0, ldc, accumulate);
            }
        }

        /// <summary>Floats that a packed k x n B operand takes (NR-column panels over all of K).</summary>
        public static long PackedBSize(int k, int n) => (long)RoundUp(n, NR) * k;

        /// <summary>C[m x n] (+)= packed A x packed B (both in the layouts described above): tiles of C in parallel.</summary>
        public static void MultiplyPacked(CpuContext context, int m, int n, int k, float* packedA, float* packedB, float* c, int ldc, bool accumulate)
        {
            int mc = MC, nc = NC;
            int threads = context.ThreadCount;
            int mBlocks = (m + mc - 1) / mc, nBlocks = (n + nc - 1) / nc;
            // Few tiles: cut smaller ones so every worker has some (tiling never changes the result).
            int wanted = threads > 1 ? 3 * threads : 1;
            if (mBlocks * nBlocks < wanted)
            {
                int perM = (wanted + mBlocks - 1) / mBlocks;
                nc = Math.Max(NR, RoundUp((n + perM - 1) / perM, NR));
                nBlocks = (n + nc - 1) / nc;
                if (mBlocks * nBlocks < wanted)
                {
                    int perN = (wanted + nBlocks - 1) / nBlocks;
                    mc = Math.Max(MR, RoundUp((m + perN - 1) / perN, MR));
                    mBlocks = (m + mc - 1) / mc;
                }
            }
            else if (mBlocks > 1)
            {
                // Even blocks waste less of the last register tile than MC, MC, ..., remainder.
                mc = RoundUp((m + mBlocks - 1) / mBlocks, MR);
                mBlocks = (m + mc - 1) / mc;
            }

            var job = context.Job<MultiplyJob>();
            job.M = m;
            job.N = n;
            job.K = k;
            job.PackedA = packedA;
            job.PackedB = packedB;
            job.C = c;
            job.Ldc = ldc;
            job.Accumulate = accumulate;
            job.Mc = mc;
            job.Nc = nc;
            job.NBlocks = nBlocks;
            context.Run(mBlocks * nBlocks, job);
        }

        static void ClearC(int m, int n, float* c, int ldc, bool accumulate)
        {
            if (accumulate) return;
            for (int i = 0; i < m; i++) new Span<float>(c + (long)i * ldc, n).Clear();
        }

        static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

        sealed class MultiplyJob : ParallelJob
        {
            public bool Accumulate;
            public int M, N, K, Ldc, Mc, Nc, NBlocks;
            public float* PackedA, PackedB, C;

            public override void Execute(int item, int worker)
            {
                int mr = MR, nr = NR;
                int m0 = item / NBlocks * Mc, n0 = item % NBlocks * Nc;
                int mLen = Math.Min(Mc, M - m0), nLen = Math.Min(Nc, N - n0);
                for (int k0 = 0; k0 < K; k0 += KC)
                {
                    int kLen = Math.Min(KC, K - k0);
                    bool accumulate = Accumulate || k0 > 0;
                    for (int jr = 0; jr < nLen; jr += nr)
                    {
                        int cols = Math.Min(nr, nLen - jr);
                        float* bPanel = PackedB + (long)(n0 + jr) * K + (long)k0 * nr;
                        for (int ir = 0; ir < mLen; ir += mr)
                        {
                            int rows = Math.Min(mr, mLen - ir);
                            float* aPanel = PackedA + (long)(m0 + ir) * K + (long)k0 * mr;
                            GemmKernel.Run(kLen, aPanel, bPanel, C + (long)(m0 + ir) * Ldc + n0 + jr, Ldc, rows, cols, accumulate);
                        }
                    }
                }
            }
        }

        // One panel of MR rows of op(A) or NR columns of op(B) over all of K; a last, partial panel is padded with zeros.
        sealed class PackJob : ParallelJob
        {
            public bool A, Trans;
            public int Count, K, Ld;
            public float* Source, Packed;

            public override void Execute(int panel, int worker)
            {
                int width = A ? MR : NR, i0 = panel * width, used = Math.Min(width, Count - i0);
                float* dst = Packed + (long)i0 * K;
                // Across the panel the source is contiguous (A transposed, B as stored) or one leading dimension apart.
                bool acrossContiguous = A == Trans;
                float* first = acrossContiguous ? Source + i0 : Source + (long)i0 * Ld;
                if (used == width)
                {
                    if (A) GemmKernel.PackPanelA(Trans, first, Ld, K, dst);
                    else GemmKernel.PackPanelB(Trans, first, Ld, K, dst);
                    return;
                }
                for (int p = 0; p < K; p++, dst += width)
                    for (int i = 0; i < width; i++)
                        dst[i] = i >= used ? 0f : acrossContiguous ? first[(long)p * Ld + i] : first[(long)i * Ld + p];
            }
        }
    }
}
