using System;

namespace Sightline.Cpu
{
    /// <summary>
    /// Single-precision matrix multiply, blocked and packed in the GotoBLAS way: C is cut into tiles that run in
    /// parallel; for each KC slice a tile packs its A block (MR-row panels) and B panel (NR-column panels) into the
    /// worker's buffers and a register-tiled micro-kernel (<see cref="GemmKernel"/>) computes MR x NR blocks.
    ///
    /// Row-major throughout: A(i, p) = transA ? a[p * lda + i] : a[i * lda + p]; B(p, j) = transB ? b[j * ldb + p] : b[p * ldb + j].
    /// Every C element sums over k in the same order (KC slices in turn, each in order) whatever the tiling and the
    /// number of threads, so the result is bitwise independent of both.
    /// </summary>
    public static unsafe class Gemm
    {
        internal const int MR = GemmKernel.MR;
        internal const int NR = GemmKernel.NR;
        internal const int KC = 256;
        internal const int MC = 96;
        internal const int NC = 256;
        internal const long PackASize = MC * KC;
        internal const long PackBSize = KC * NC;

        /// <summary>C[m x n] = (accumulate ? C : 0) + op(A)[m x k] op(B)[k x n].</summary>
        public static void Multiply(CpuContext context, bool transA, bool transB, int m, int n, int k,
            float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
        {
            if (m <= 0 || n <= 0) return;
            if (k <= 0)
            {
                if (!accumulate)
                    for (int i = 0; i < m; i++) new Span<float>(c + (long)i * ldc, n).Clear();
                return;
            }

            int mc = MC, nc = NC;
            int threads = context.ThreadCount;
            int mBlocks = (m + mc - 1) / mc, nBlocks = (n + nc - 1) / nc;
            // Small products: cut smaller tiles so every worker has some (tiling never changes the result).
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

            var job = context.Job<GemmJob>();
            job.Context = context;
            job.TransA = transA;
            job.TransB = transB;
            job.M = m;
            job.N = n;
            job.K = k;
            job.A = a;
            job.Lda = lda;
            job.B = b;
            job.Ldb = ldb;
            job.C = c;
            job.Ldc = ldc;
            job.Accumulate = accumulate;
            job.Mc = mc;
            job.Nc = nc;
            job.NBlocks = nBlocks;
            context.Run(mBlocks * nBlocks, job);
            job.Context = null;
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

        static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

        sealed class GemmJob : ParallelJob
        {
            public CpuContext? Context;
            public bool TransA, TransB, Accumulate;
            public int M, N, K, Lda, Ldb, Ldc, Mc, Nc, NBlocks;
            public float* A, B, C;

            public override void Execute(int item, int worker)
            {
                int m0 = item / NBlocks * Mc, n0 = item % NBlocks * Nc;
                int mLen = Math.Min(Mc, M - m0), nLen = Math.Min(Nc, N - n0);
                float* pa = Context!.PackA(worker);
                float* pb = Context.PackB(worker);
                for (int k0 = 0; k0 < K; k0 += KC)
                {
                    int kLen = Math.Min(KC, K - k0);
                    if (TransB) PackBTransposed(B + (long)n0 * Ldb + k0, Ldb, kLen, nLen, pb);
                    else PackBNormal(B + (long)k0 * Ldb + n0, Ldb, kLen, nLen, pb);
                    if (TransA) PackATransposed(A + (long)k0 * Lda + m0, Lda, mLen, kLen, pa);
                    else PackANormal(A + (long)m0 * Lda + k0, Lda, mLen, kLen, pa);
                    bool accumulate = Accumulate || k0 > 0;
                    for (int jr = 0; jr < nLen; jr += NR)
                    {
                        int cols = Math.Min(NR, nLen - jr);
                        for (int ir = 0; ir < mLen; ir += MR)
                        {
                            int rows = Math.Min(MR, mLen - ir);
                            GemmKernel.Run(kLen, pa + ir * kLen, pb + jr * kLen, C + (long)(m0 + ir) * Ldc + n0 + jr, Ldc, rows, cols, accumulate);
                        }
                    }
                }
            }
        }

        // Packed A: for each MR-row panel, kLen groups of MR values (rows past mLen are zero).
        static void PackANormal(float* a, int lda, int mLen, int kLen, float* dst)
        {
            for (int ir = 0; ir < mLen; ir += MR)
            {
                int rows = Math.Min(MR, mLen - ir);
                float* panel = dst + ir * kLen;
                if (rows == MR)
                {
                    float* r0 = a + (long)ir * lda, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda, r5 = r4 + lda;
                    for (int p = 0; p < kLen; p++)
                    {
                        float* d = panel + p * MR;
                        d[0] = r0[p]; d[1] = r1[p]; d[2] = r2[p]; d[3] = r3[p]; d[4] = r4[p]; d[5] = r5[p];
                    }
                }
                else
                {
                    for (int p = 0; p < kLen; p++)
                    {
                        float* d = panel + p * MR;
                        for (int r = 0; r < MR; r++) d[r] = r < rows ? a[(long)(ir + r) * lda + p] : 0f;
                    }
                }
            }
        }

        static void PackATransposed(float* a, int lda, int mLen, int kLen, float* dst)
        {
            for (int ir = 0; ir < mLen; ir += MR)
            {
                int rows = Math.Min(MR, mLen - ir);
                float* panel = dst + ir * kLen;
                for (int p = 0; p < kLen; p++)
                {
                    float* s = a + (long)p * lda + ir;
                    float* d = panel + p * MR;
                    if (rows == MR)
                    {
                        d[0] = s[0]; d[1] = s[1]; d[2] = s[2]; d[3] = s[3]; d[4] = s[4]; d[5] = s[5];
                    }
                    else
                    {
                        for (int r = 0; r < MR; r++) d[r] = r < rows ? s[r] : 0f;
                    }
                }
            }
        }

        // Packed B: for each NR-column panel, kLen groups of NR values (columns past nLen are zero).
        static void PackBNormal(float* b, int ldb, int kLen, int nLen, float* dst)
        {
            for (int jr = 0; jr < nLen; jr += NR)
            {
                int cols = Math.Min(NR, nLen - jr);
                float* panel = dst + jr * kLen;
                if (cols == NR)
                {
                    for (int p = 0; p < kLen; p++) GemmKernel.Copy16(b + (long)p * ldb + jr, panel + p * NR);
                }
                else
                {
                    for (int p = 0; p < kLen; p++)
                    {
                        float* s = b + (long)p * ldb + jr;
                        float* d = panel + p * NR;
                        for (int j = 0; j < NR; j++) d[j] = j < cols ? s[j] : 0f;
                    }
                }
            }
        }

        static void PackBTransposed(float* b, int ldb, int kLen, int nLen, float* dst)
        {
            for (int jr = 0; jr < nLen; jr += NR)
            {
                int cols = Math.Min(NR, nLen - jr);
                float* panel = dst + jr * kLen;
                for (int j = 0; j < NR; j++)
                {
                    float* d = panel + j;
                    if (j < cols)
                    {
                        float* s = b + (long)(jr + j) * ldb;
                        for (int p = 0; p < kLen; p++) d[p * NR] = s[p];
                    }
                    else
                    {
                        for (int p = 0; p < kLen; p++) d[p * NR] = 0f;
                    }
                }
            }
        }
    }
}
