using System.Numerics;
using System.Runtime.CompilerServices;
#if NET
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace Sightline.Cpu
{
    /// <summary>
    /// The GEMM micro-kernel: C[MR x NR] (+)= packed A panel [kc x MR] times packed B panel [kc x NR].
    /// AVX2 + FMA keeps the 6x16 block in 12 ymm registers (the rest hold two B rows and one broadcast A value);
    /// elsewhere Vector&lt;float&gt; or scalar code computes the same block.
    /// </summary>
    internal static unsafe class GemmKernel
    {
        public const int MR = 6;
        public const int NR = 16;

        /// <summary>
        /// MethodImplOptions.AggressiveOptimization (512), spelled as a number because netstandard2.1 lacks the name:
        /// hot kernels are compiled fully optimised at once instead of starting unoptimised (tiered compilation),
        /// so the first training step is as fast as the rest. Runtimes that do not know the flag ignore it.
        /// </summary>
        internal const MethodImplOptions Optimized = (MethodImplOptions)512;

        /// <summary>Which micro-kernel runs on this machine (reported by the benchmark).</summary>
        public static string Name
        {
            get
            {
#if NET
                if (Fma.IsSupported && Avx.IsSupported) return "avx2-fma 6x16";
#endif
                if (Vector.IsHardwareAccelerated && NR % Vector<float>.Count == 0) return $"vector{Vector<float>.Count * 32} 6x16";
                return "scalar 6x16";
            }
        }

        [MethodImpl(GemmKernel.Optimized)]
        public static void Run(int kc, float* a, float* b, float* c, int ldc, int rows, int cols, bool accumulate)
        {
            if (rows == MR && cols == NR)
            {
                Full(kc, a, b, c, ldc, accumulate);
                return;
            }
            // Edge block: compute the whole 6x16 into a temporary, then add or copy the part inside C.
            float* tmp = stackalloc float[MR * NR];
            Full(kc, a, b, tmp, NR, false);
            for (int r = 0; r < rows; r++)
            {
                float* dst = c + (long)r * ldc;
                float* src = tmp + r * NR;
                if (accumulate) for (int j = 0; j < cols; j++) dst[j] += src[j];
                else for (int j = 0; j < cols; j++) dst[j] = src[j];
            }
        }

        public static void Copy16(float* src, float* dst)
        {
#if NET
            if (Avx.IsSupported)
            {
                Avx.Store(dst, Avx.LoadVector256(src));
                Avx.Store(dst + 8, Avx.LoadVector256(src + 8));
                return;
            }
#endif
            for (int j = 0; j < 16; j++) dst[j] = src[j];
        }

        /// <summary>Packs 6 rows of a row-major matrix (row stride ld) over k columns into [k][6].</summary>
        [MethodImpl(GemmKernel.Optimized)]
        public static void PackRows6(float* a, int ld, int k, float* dst)
        {
            float* r0 = a, r1 = r0 + ld, r2 = r1 + ld, r3 = r2 + ld, r4 = r3 + ld, r5 = r4 + ld;
            for (int p = 0; p < k; p++, dst += MR)
            {
                dst[0] = r0[p]; dst[1] = r1[p]; dst[2] = r2[p]; dst[3] = r3[p]; dst[4] = r4[p]; dst[5] = r5[p];
            }
        }

        /// <summary>Packs 16 rows (row stride ld), each k long, as 16 columns: dst[p 16 + j] = row j [p]. An 8x8 AVX transpose where available.</summary>
        [MethodImpl(GemmKernel.Optimized)]
        public static void PackColumns16(float* b, int ld, int k, float* dst)
        {
            int p = 0;
#if NET
            if (Avx.IsSupported)
            {
                for (; p + 8 <= k; p += 8)
                {
                    Transpose8(b + p, ld, dst + p * NR);
                    Transpose8(b + 8L * ld + p, ld, dst + p * NR + 8);
                }
            }
#endif
            for (; p < k; p++)
                for (int j = 0; j < NR; j++) dst[p * NR + j] = b[(long)j * ld + p];
        }

#if NET
        // Rows 0..7 (stride ld) x columns 0..7 -> dst[c 16 + r].
        [MethodImpl(GemmKernel.Optimized)]
        static void Transpose8(float* s, int ld, float* dst)
        {
            var r0 = Avx.LoadVector256(s);
            var r1 = Avx.LoadVector256(s + ld);
            var r2 = Avx.LoadVector256(s + 2L * ld);
            var r3 = Avx.LoadVector256(s + 3L * ld);
            var r4 = Avx.LoadVector256(s + 4L * ld);
            var r5 = Avx.LoadVector256(s + 5L * ld);
            var r6 = Avx.LoadVector256(s + 6L * ld);
            var r7 = Avx.LoadVector256(s + 7L * ld);
            var t0 = Avx.UnpackLow(r0, r1);
            var t1 = Avx.UnpackHigh(r0, r1);
            var t2 = Avx.UnpackLow(r2, r3);
            var t3 = Avx.UnpackHigh(r2, r3);
            var t4 = Avx.UnpackLow(r4, r5);
            var t5 = Avx.UnpackHigh(r4, r5);
            var t6 = Avx.UnpackLow(r6, r7);
            var t7 = Avx.UnpackHigh(r6, r7);
            var s0 = Avx.Shuffle(t0, t2, 0x44);
            var s1 = Avx.Shuffle(t0, t2, 0xEE);
            var s2 = Avx.Shuffle(t1, t3, 0x44);
            var s3 = Avx.Shuffle(t1, t3, 0xEE);
            var s4 = Avx.Shuffle(t4, t6, 0x44);
            var s5 = Avx.Shuffle(t4, t6, 0xEE);
            var s6 = Avx.Shuffle(t5, t7, 0x44);
            var s7 = Avx.Shuffle(t5, t7, 0xEE);
            Avx.Store(dst + 0 * NR, Avx.Permute2x128(s0, s4, 0x20));
            Avx.Store(dst + 1 * NR, Avx.Permute2x128(s1, s5, 0x20));
            Avx.Store(dst + 2 * NR, Avx.Permute2x128(s2, s6, 0x20));
            Avx.Store(dst + 3 * NR, Avx.Permute2x128(s3, s7, 0x20));
            Avx.Store(dst + 4 * NR, Avx.Permute2x128(s0, s4, 0x31));
            Avx.Store(dst + 5 * NR, Avx.Permute2x128(s1, s5, 0x31));
            Avx.Store(dst + 6 * NR, Avx.Permute2x128(s2, s6, 0x31));
            Avx.Store(dst + 7 * NR, Avx.Permute2x128(s3, s7, 0x31));
        }
#endif

        static void Full(int kc, float* a, float* b, float* c, int ldc, bool accumulate)
        {
#if NET
            if (Fma.IsSupported && Avx.IsSupported)
            {
                Avx2Fma(kc, a, b, c, ldc, accumulate);
                return;
            }
#endif
            if (Vector.IsHardwareAccelerated && NR % Vector<float>.Count == 0) Vectorised(kc, a, b, c, ldc, accumulate);
            else Scalar(kc, a, b, c, ldc, accumulate);
        }

#if NET
        [MethodImpl(GemmKernel.Optimized)]
        static void Avx2Fma(int kc, float* a, float* b, float* c, int ldc, bool accumulate)
        {
            Vector256<float> c00 = Vector256<float>.Zero, c01 = Vector256<float>.Zero;
            Vector256<float> c10 = Vector256<float>.Zero, c11 = Vector256<float>.Zero;
            Vector256<float> c20 = Vector256<float>.Zero, c21 = Vector256<float>.Zero;
            Vector256<float> c30 = Vector256<float>.Zero, c31 = Vector256<float>.Zero;
            Vector256<float> c40 = Vector256<float>.Zero, c41 = Vector256<float>.Zero;
            Vector256<float> c50 = Vector256<float>.Zero, c51 = Vector256<float>.Zero;
            for (int p = 0; p < kc; p++)
            {
                Vector256<float> b0 = Avx.LoadVector256(b);
                Vector256<float> b1 = Avx.LoadVector256(b + 8);
                Vector256<float> x = Vector256.Create(a[0]);
                c00 = Fma.MultiplyAdd(x, b0, c00); c01 = Fma.MultiplyAdd(x, b1, c01);
                x = Vector256.Create(a[1]);
                c10 = Fma.MultiplyAdd(x, b0, c10); c11 = Fma.MultiplyAdd(x, b1, c11);
                x = Vector256.Create(a[2]);
                c20 = Fma.MultiplyAdd(x, b0, c20); c21 = Fma.MultiplyAdd(x, b1, c21);
                x = Vector256.Create(a[3]);
                c30 = Fma.MultiplyAdd(x, b0, c30); c31 = Fma.MultiplyAdd(x, b1, c31);
                x = Vector256.Create(a[4]);
                c40 = Fma.MultiplyAdd(x, b0, c40); c41 = Fma.MultiplyAdd(x, b1, c41);
                x = Vector256.Create(a[5]);
                c50 = Fma.MultiplyAdd(x, b0, c50); c51 = Fma.MultiplyAdd(x, b1, c51);
                a += MR;
                b += NR;
            }
            Store(c, c00, c01, accumulate); c += ldc;
            Store(c, c10, c11, accumulate); c += ldc;
            Store(c, c20, c21, accumulate); c += ldc;
            Store(c, c30, c31, accumulate); c += ldc;
            Store(c, c40, c41, accumulate); c += ldc;
            Store(c, c50, c51, accumulate);
        }

        static void Store(float* c, Vector256<float> lo, Vector256<float> hi, bool accumulate)
        {
            if (accumulate)
            {
                lo = Avx.Add(Avx.LoadVector256(c), lo);
                hi = Avx.Add(Avx.LoadVector256(c + 8), hi);
            }
            Avx.Store(c, lo);
            Avx.Store(c + 8, hi);
        }
#endif

        [MethodImpl(GemmKernel.Optimized)]
        static void Vectorised(int kc, float* a, float* b, float* c, int ldc, bool accumulate)
        {
            int w = Vector<float>.Count;
            int perRow = NR / w;
            Vector<float>* acc = stackalloc Vector<float>[MR * 4];
            for (int i = 0; i < MR * perRow; i++) acc[i] = Vector<float>.Zero;
            for (int p = 0; p < kc; p++)
            {
                for (int v = 0; v < perRow; v++)
                {
                    Vector<float> bv = *(Vector<float>*)(b + v * w);
                    for (int r = 0; r < MR; r++) acc[r * perRow + v] += new Vector<float>(a[r]) * bv;
                }
                a += MR;
                b += NR;
            }
            for (int r = 0; r < MR; r++)
            {
                float* row = c + (long)r * ldc;
                for (int v = 0; v < perRow; v++)
                {
                    Vector<float>* dst = (Vector<float>*)(row + v * w);
                    *dst = accumulate ? *dst + acc[r * perRow + v] : acc[r * perRow + v];
                }
            }
        }

        [MethodImpl(GemmKernel.Optimized)]
        static void Scalar(int kc, float* a, float* b, float* c, int ldc, bool accumulate)
        {
            float* acc = stackalloc float[MR * NR];
            for (int i = 0; i < MR * NR; i++) acc[i] = 0f;
            for (int p = 0; p < kc; p++)
            {
                for (int r = 0; r < MR; r++)
                {
                    float x = a[r];
                    float* dst = acc + r * NR;
                    for (int j = 0; j < NR; j++) dst[j] += x * b[j];
                }
                a += MR;
                b += NR;
            }
            for (int r = 0; r < MR; r++)
            {
                float* row = c + (long)r * ldc;
                for (int j = 0; j < NR; j++) row[j] = accumulate ? row[j] + acc[r * NR + j] : acc[r * NR + j];
            }
        }
    }
}
