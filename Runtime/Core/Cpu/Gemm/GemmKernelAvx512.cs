#if NET
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sightline.Cpu
{
    /// <summary>
    /// The AVX-512F micro-kernel: C[12 x 32] (+)= packed A panel [kc x 12] times packed B panel [kc x 32]. The block
    /// keeps 24 zmm accumulators; two more hold a B row and one a broadcast A value, which leaves some of the 32 zmm
    /// registers free so the JIT never spills. Per k step it issues 24 FMAs for 2 B loads and 12 broadcasts (the 6x16
    /// AVX2 block issues 12 for 2 and 6), so loads and loop overhead weigh half as much per flop. Cores with two 512-bit
    /// FMA units (Intel) get twice the AVX2 peak; on a Zen 4 core, which splits 512-bit FMAs, both kernels reach the
    /// same in-cache peak (115 GFLOP/s measured) and the gain is the traffic and packing per flop (a 1536^3 product went
    /// from 0.87 to 0.95 of OpenBLAS). A bigger block (14x32, 8x48) would save loads that are not the limit on either.
    ///
    /// Also the packing of full 12-row A and 32-column B panels in the layout the kernel reads.
    ///
    /// Each C element is the same FMA chain as in the 6x16 kernels (zero, then a(r, p) b(p, j) fused in for p in
    /// order; C overwritten or added to once at the end), so both give the same bits.
    /// </summary>
    internal static unsafe class GemmKernelAvx512
    {
        public const int MR = GemmKernel.Mr12;
        public const int NR = GemmKernel.Nr32;
        // Columns of the half-width kernel that edge panels with at most 16 columns use (half the work of a full block).
        const int Half = 16;

        public static bool IsSupported => Avx512F.IsSupported;

        [MethodImpl(GemmKernel.Optimized)]
        public static void Run(int kc, float* a, float* b, float* c, int ldc, int rows, int cols, bool accumulate)
        {
            if (rows == MR && cols == NR)
            {
                Full(kc, a, b, c, ldc, accumulate);
                return;
            }
            if (cols <= Half)
            {
                if (rows == MR && cols == Half)
                {
                    Narrow(kc, a, b, c, ldc, accumulate);
                    return;
                }
                float* narrow = stackalloc float[MR * Half];
                Narrow(kc, a, b, narrow, Half, false);
                GemmKernel.CopyEdge(narrow, Half, c, ldc, rows, cols, accumulate);
                return;
            }
            // Edge block: compute the whole 12x32 into a temporary, then add or copy the part inside C.
            float* tmp = stackalloc float[MR * NR];
            Full(kc, a, b, tmp, NR, false);
            GemmKernel.CopyEdge(tmp, NR, c, ldc, rows, cols, accumulate);
        }

        [MethodImpl(GemmKernel.Optimized)]
        static void Full(int kc, float* a, float* b, float* c, int ldc, bool accumulate)
        {
            // The block's 24 cache lines of C are fetched while the FMAs run: at small kc (a fully connected layer's
            // weight gradient, k = batch) storing them cold to memory otherwise stalls the next block (15% at k = 32).
            for (int r = 0; r < MR; r++)
            {
                Sse.Prefetch0(c + (long)r * ldc);
                Sse.Prefetch0(c + (long)r * ldc + 16);
            }
            Vector512<float> c00 = Vector512<float>.Zero, c01 = Vector512<float>.Zero;
            Vector512<float> c10 = Vector512<float>.Zero, c11 = Vector512<float>.Zero;
            Vector512<float> c20 = Vector512<float>.Zero, c21 = Vector512<float>.Zero;
            Vector512<float> c30 = Vector512<float>.Zero, c31 = Vector512<float>.Zero;
            Vector512<float> c40 = Vector512<float>.Zero, c41 = Vector512<float>.Zero;
            Vector512<float> c50 = Vector512<float>.Zero, c51 = Vector512<float>.Zero;
            Vector512<float> c60 = Vector512<float>.Zero, c61 = Vector512<float>.Zero;
            Vector512<float> c70 = Vector512<float>.Zero, c71 = Vector512<float>.Zero;
            Vector512<float> c80 = Vector512<float>.Zero, c81 = Vector512<float>.Zero;
            Vector512<float> c90 = Vector512<float>.Zero, c91 = Vector512<float>.Zero;
            Vector512<float> ca0 = Vector512<float>.Zero, ca1 = Vector512<float>.Zero;
            Vector512<float> cb0 = Vector512<float>.Zero, cb1 = Vector512<float>.Zero;
            for (int p = 0; p < kc; p++)
            {
                Vector512<float> b0 = Avx512F.LoadVector512(b);
                Vector512<float> b1 = Avx512F.LoadVector512(b + 16);
                Vector512<float> x = Vector512.Create(a[0]);
                c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
                x = Vector512.Create(a[1]);
                c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
                x = Vector512.Create(a[2]);
                c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
                x = Vector512.Create(a[3]);
                c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
                x = Vector512.Create(a[4]);
                c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
                x = Vector512.Create(a[5]);
                c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
                x = Vector512.Create(a[6]);
                c60 = Avx512F.FusedMultiplyAdd(x, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
                x = Vector512.Create(a[7]);
                c70 = Avx512F.FusedMultiplyAdd(x, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
                x = Vector512.Create(a[8]);
                c80 = Avx512F.FusedMultiplyAdd(x, b0, c80); c81 = Avx512F.FusedMultiplyAdd(x, b1, c81);
                x = Vector512.Create(a[9]);
                c90 = Avx512F.FusedMultiplyAdd(x, b0, c90); c91 = Avx512F.FusedMultiplyAdd(x, b1, c91);
                x = Vector512.Create(a[10]);
                ca0 = Avx512F.FusedMultiplyAdd(x, b0, ca0); ca1 = Avx512F.FusedMultiplyAdd(x, b1, ca1);
                x = Vector512.Create(a[11]);
                cb0 = Avx512F.FusedMultiplyAdd(x, b0, cb0); cb1 = Avx512F.FusedMultiplyAdd(x, b1, cb1);
                a += MR;
                b += NR;
            }
            Store(c, c00, accumulate); Store(c + 16, c01, accumulate); c += ldc;
            Store(c, c10, accumulate); Store(c + 16, c11, accumulate); c += ldc;
            Store(c, c20, accumulate); Store(c + 16, c21, accumulate); c += ldc;
            Store(c, c30, accumulate); Store(c + 16, c31, accumulate); c += ldc;
            Store(c, c40, accumulate); Store(c + 16, c41, accumulate); c += ldc;
            Store(c, c50, accumulate); Store(c + 16, c51, accumulate); c += ldc;
            Store(c, c60, accumulate); Store(c + 16, c61, accumulate); c += ldc;
            Store(c, c70, accumulate); Store(c + 16, c71, accumulate); c += ldc;
            Store(c, c80, accumulate); Store(c + 16, c81, accumulate); c += ldc;
            Store(c, c90, accumulate); Store(c + 16, c91, accumulate); c += ldc;
            Store(c, ca0, accumulate); Store(c + 16, ca1, accumulate); c += ldc;
            Store(c, cb0, accumulate); Store(c + 16, cb1, accumulate);
        }

        // Columns 0..15 of a 32-wide B panel: the same chains as Full for those columns.
        [MethodImpl(GemmKernel.Optimized)]
        static void Narrow(int kc, float* a, float* b, float* c, int ldc, bool accumulate)
        {
            for (int r = 0; r < MR; r++) Sse.Prefetch0(c + (long)r * ldc); // as in Full
            Vector512<float> c0 = Vector512<float>.Zero, c1 = Vector512<float>.Zero, c2 = Vector512<float>.Zero;
            Vector512<float> c3 = Vector512<float>.Zero, c4 = Vector512<float>.Zero, c5 = Vector512<float>.Zero;
            Vector512<float> c6 = Vector512<float>.Zero, c7 = Vector512<float>.Zero, c8 = Vector512<float>.Zero;
            Vector512<float> c9 = Vector512<float>.Zero, ca = Vector512<float>.Zero, cb = Vector512<float>.Zero;
            for (int p = 0; p < kc; p++)
            {
                Vector512<float> b0 = Avx512F.LoadVector512(b);
                c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[0]), b0, c0);
                c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[1]), b0, c1);
                c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[2]), b0, c2);
                c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[3]), b0, c3);
                c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[4]), b0, c4);
                c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[5]), b0, c5);
                c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[6]), b0, c6);
                c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[7]), b0, c7);
                c8 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[8]), b0, c8);
                c9 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[9]), b0, c9);
                ca = Avx512F.FusedMultiplyAdd(Vector512.Create(a[10]), b0, ca);
                cb = Avx512F.FusedMultiplyAdd(Vector512.Create(a[11]), b0, cb);
                a += MR;
                b += NR;
            }
            Store(c, c0, accumulate); c += ldc;
            Store(c, c1, accumulate); c += ldc;
            Store(c, c2, accumulate); c += ldc;
            Store(c, c3, accumulate); c += ldc;
            Store(c, c4, accumulate); c += ldc;
            Store(c, c5, accumulate); c += ldc;
            Store(c, c6, accumulate); c += ldc;
            Store(c, c7, accumulate); c += ldc;
            Store(c, c8, accumulate); c += ldc;
            Store(c, c9, accumulate); c += ldc;
            Store(c, ca, accumulate); c += ldc;
            Store(c, cb, accumulate);
        }

        /// <summary>One full 12-row packed-A panel (see <see cref="GemmKernel.PackPanelA"/>).</summary>
        [MethodImpl(GemmKernel.Optimized)]
        public static void PackPanelA(bool trans, float* a, int ld, int k, float* dst)
        {
            if (trans)
            {
                // A(r, p) = a[p ld + r]: each p is 12 contiguous floats, moved as 8 + 4.
                for (int p = 0; p < k; p++, a += ld, dst += MR)
                {
                    Avx.Store(dst, Avx.LoadVector256(a));
                    Sse.Store(dst + 8, Sse.LoadVector128(a + 8));
                }
                return;
            }
            // 12 rows x 8 columns at a time through 8x8 and 4x8 transposes: a float at a time from 12 rows far apart
            // would touch each cache line 16 times (4x slower than packing 6 rows, measured at ld = 1536).
            int q = 0;
            for (; q + 8 <= k; q += 8)
            {
                GemmKernel.Transpose8(a + q, ld, dst + q * MR, MR);
                Transpose4x8(a + 8L * ld + q, ld, dst + q * MR + 8, MR);
            }
            for (; q < k; q++)
                for (int r = 0; r < MR; r++) dst[q * MR + r] = a[r * (long)ld + q];
        }

        /// <summary>One full 32-column packed-B panel (see <see cref="GemmKernel.PackPanelB"/>).</summary>
        [MethodImpl(GemmKernel.Optimized)]
        public static void PackPanelB(bool trans, float* b, int ld, int k, float* dst)
        {
            if (!trans)
            {
                for (int p = 0; p < k; p++, b += ld, dst += NR) CopyRow(b, dst);
                return;
            }
            // B(p, j) = b[j ld + p]: 32 rows transposed 8x8 at a time, 16 columns (a cache line of each row) per pass.
            int q = 0;
            for (; q + 16 <= k; q += 16)
                for (int j = 0; j < NR; j += 8)
                {
                    GemmKernel.Transpose8(b + j * (long)ld + q, ld, dst + q * NR + j, NR);
                    GemmKernel.Transpose8(b + j * (long)ld + q + 8, ld, dst + (q + 8) * NR + j, NR);
                }
            for (; q + 8 <= k; q += 8)
                for (int j = 0; j < NR; j += 8) GemmKernel.Transpose8(b + j * (long)ld + q, ld, dst + q * NR + j, NR);
            for (; q < k; q++)
                for (int j = 0; j < NR; j++) dst[q * NR + j] = b[j * (long)ld + q];
        }

        /// <summary>Copies 32 floats (one row of a packed-B panel).</summary>
        public static void CopyRow(float* src, float* dst)
        {
            Avx512F.Store(dst, Avx512F.LoadVector512(src));
            Avx512F.Store(dst + 16, Avx512F.LoadVector512(src + 16));
        }

        // Rows 0..3 (stride ld) x columns 0..7 -> dst[c ldd + r] (4 floats per column).
        [MethodImpl(GemmKernel.Optimized)]
        static void Transpose4x8(float* s, int ld, float* dst, int ldd)
        {
            var r0 = Avx.LoadVector256(s);
            var r1 = Avx.LoadVector256(s + ld);
            var r2 = Avx.LoadVector256(s + 2L * ld);
            var r3 = Avx.LoadVector256(s + 3L * ld);
            var t0 = Avx.UnpackLow(r0, r1);   // r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5]
            var t1 = Avx.UnpackHigh(r0, r1);  // r0[2] r1[2] r0[3] r1[3] | r0[6] r1[6] r0[7] r1[7]
            var t2 = Avx.UnpackLow(r2, r3);
            var t3 = Avx.UnpackHigh(r2, r3);
            var c04 = Avx.Shuffle(t0, t2, 0x44); // column 0 | column 4
            var c15 = Avx.Shuffle(t0, t2, 0xEE);
            var c26 = Avx.Shuffle(t1, t3, 0x44);
            var c37 = Avx.Shuffle(t1, t3, 0xEE);
            Sse.Store(dst + 0 * ldd, c04.GetLower());
            Sse.Store(dst + 1 * ldd, c15.GetLower());
            Sse.Store(dst + 2 * ldd, c26.GetLower());
            Sse.Store(dst + 3 * ldd, c37.GetLower());
            Sse.Store(dst + 4 * ldd, Avx.ExtractVector128(c04, 1));
            Sse.Store(dst + 5 * ldd, Avx.ExtractVector128(c15, 1));
            Sse.Store(dst + 6 * ldd, Avx.ExtractVector128(c26, 1));
            Sse.Store(dst + 7 * ldd, Avx.ExtractVector128(c37, 1));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Store(float* c, Vector512<float> value, bool accumulate)
        {
            if (accumulate) value = Avx512F.Add(Avx512F.LoadVector512(c), value);
            Avx512F.Store(c, value);
        }
    }
}
#endif
