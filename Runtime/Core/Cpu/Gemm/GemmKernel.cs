using System;
using System.Numerics;
using System.Runtime.CompilerServices;
#if NET
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace Sightline.Cpu
{
    /// <summary>
    /// The GEMM micro-kernel: C[MR x NR] (+)= packed A panel [kc x MR] times packed B panel [kc x NR], and the packing
    /// of full panels in the layout it reads. The register block is chosen once at start-up: AVX-512F runs 12x32
    /// (<see cref="GemmKernelAvx512"/>); otherwise AVX2 + FMA keeps a 6x16 block in 12 ymm registers (the rest hold
    /// two B rows and one broadcast A value), and elsewhere Vector&lt;float&gt; or scalar code computes the same 6x16.
    /// Every kernel computes each C element as the same chain of fused multiply-adds over the panel's k in order, so
    /// AVX-512, AVX2 and, under .NET, the portable kernels give the same bits (Unity's portable build multiplies and
    /// adds separately). SIGHTLINE_CPU_ISA forces a narrower kernel (<see cref="GemmIsaSetting"/>).
    /// </summary>
    internal static unsafe class GemmKernel
    {
        // The register blocks: AVX-512 (12 rows of 2 zmm) and the AVX2, Vector<float> and scalar kernels (6 rows of 2 ymm).
        internal const int Mr12 = 12, Nr32 = 32;
        const int Mr6 = 6, Nr16 = 16;

        // Which kernel runs, and whether it is the AVX-512 one. Field initialisers, not a static constructor, so that
        // calls need no class-initialisation checks; read on every call, which costs nothing next to a kernel's
        // kc x 24 FMAs. SIGHTLINE_CPU_ISA may force a narrower kernel than the widest (GemmIsaSetting).
        static GemmIsa _isa = GemmIsaSetting.Parse(Environment.GetEnvironmentVariable(GemmIsaSetting.Variable), Widest, out _isaProblem);
        static string? _isaProblem;
        static bool _wide = _isa == GemmIsa.Avx512;

        /// <summary>The widest kernel this CPU and runtime run.</summary>
        internal static GemmIsa Widest
        {
            get
            {
                if (CanRunAvx512) return GemmIsa.Avx512;
#if NET
                if (Fma.IsSupported && Avx.IsSupported) return GemmIsa.Avx2;
#endif
                return GemmIsa.Portable;
            }
        }

        /// <summary>The kernel in use.</summary>
        public static GemmIsa Isa => _isa;

        /// <summary>Why SIGHTLINE_CPU_ISA was not followed (an unknown value, or an instruction set this CPU lacks); else null.</summary>
        public static string? IsaProblem => _isaProblem;

        /// <summary>AVX data movement (packing) is used unless the portable kernel was asked for.</summary>
        static bool UseAvx
        {
            get
            {
#if NET
                return _isa != GemmIsa.Portable && Avx.IsSupported;
#else
                return false;
#endif
            }
        }

        /// <summary>Rows of the register block (of a packed A panel).</summary>
        public static int MR => _wide ? Mr12 : Mr6;
        /// <summary>Columns of the register block (of a packed B panel).</summary>
        public static int NR => _wide ? Nr32 : Nr16;

        static bool CanRunAvx512
        {
            get
            {
#if NET
                return GemmKernelAvx512.IsSupported;
#else
                return false;
#endif
            }
        }

        /// <summary>
        /// Picks the widest kernel this machine runs, or, with <paramref name="allowAvx512"/> false, the AVX2 one
        /// (tests compare the two). Not thread-safe: call it only while no multiply runs, and pack again afterwards
        /// (packed panels have the shape of the kernel that was selected when they were packed).
        /// </summary>
        internal static void Select(bool allowAvx512) => Select(allowAvx512 && CanRunAvx512 ? GemmIsa.Avx512 : Widest == GemmIsa.Avx512 ? GemmIsa.Avx2 : Widest);

        /// <summary>
        /// Selects a kernel (tests compare them all on one machine); one wider than <see cref="Widest"/> is refused.
        /// Not thread-safe, as <see cref="Select(bool)"/>.
        /// </summary>
        internal static void Select(GemmIsa isa)
        {
            if (isa < Widest) throw new ArgumentException($"this CPU does not run the {isa} kernel (widest: {Widest})", nameof(isa));
            _isa = isa;
            _wide = isa == GemmIsa.Avx512;
        }

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
                if (_wide) return $"avx512f {Mr12}x{Nr32}";
                if (_isa == GemmIsa.Avx2) return "avx2-fma 6x16";
                if (Vector.IsHardwareAccelerated && Nr16 % Vector<float>.Count == 0) return $"vector{Vector<float>.Count * 32} 6x16";
                return "scalar 6x16";
            }
        }

        [MethodImpl(GemmKernel.Optimized)]
        public static void Run(int kc, float* a, float* b, float* c, int ldc, int rows, int cols, bool accumulate)
        {
#if NET
            if (_wide)
            {
                GemmKernelAvx512.Run(kc, a, b, c, ldc, rows, cols, accumulate);
                return;
            }
#endif
            if (rows == Mr6 && cols == Nr16)
            {
                Full(kc, a, b, c, ldc, accumulate);
                return;
            }
            // Edge block: compute the whole 6x16 into a temporary, then add or copy the part inside C.
            float* tmp = stackalloc float[Mr6 * Nr16];
            Full(kc, a, b, tmp, Nr16, false);
            CopyEdge(tmp, Nr16, c, ldc, rows, cols, accumulate);
        }

        /// <summary>Adds (or copies) rows x cols of a block computed into <paramref name="tmp"/> (row stride ld) to C.</summary>
        internal static void CopyEdge(float* tmp, int ld, float* c, int ldc, int rows, int cols, bool accumulate)
        {
            for (int r = 0; r < rows; r++)
            {
                float* dst = c + (long)r * ldc;
                float* src = tmp + r * ld;
                if (accumulate) for (int j = 0; j < cols; j++) dst[j] += src[j];
                else for (int j = 0; j < cols; j++) dst[j] = src[j];
            }
        }

        /// <summary>One full packed-A panel: dst[p MR + r] = A(r, p) for p &lt; k, where A(r, p) = trans ? a[p ld + r] : a[r ld + p].</summary>
        [MethodImpl(GemmKernel.Optimized)]
        public static void PackPanelA(bool trans, float* a, int ld, int k, float* dst)
        {
#if NET
            if (_wide)
            {
                GemmKernelAvx512.PackPanelA(trans, a, ld, k, dst);
                return;
            }
#endif
            if (!trans)
            {
                PackRows6(a, ld, k, dst);
                return;
            }
            for (int p = 0; p < k; p++, a += ld, dst += Mr6)
            {
                dst[0] = a[0]; dst[1] = a[1]; dst[2] = a[2]; dst[3] = a[3]; dst[4] = a[4]; dst[5] = a[5];
            }
        }

        /// <summary>One full packed-B panel: dst[p NR + j] = B(p, j) for p &lt; k, where B(p, j) = trans ? b[j ld + p] : b[p ld + j].</summary>
        [MethodImpl(GemmKernel.Optimized)]
        public static void PackPanelB(bool trans, float* b, int ld, int k, float* dst)
        {
#if NET
            if (_wide)
            {
                GemmKernelAvx512.PackPanelB(trans, b, ld, k, dst);
                return;
            }
#endif
            if (trans) PackColumns16(b, ld, k, dst);
            else for (int p = 0; p < k; p++, b += ld, dst += Nr16) Copy16(b, dst);
        }

        /// <summary>Copies NR floats (one row of a packed-B panel).</summary>
        public static void CopyRow(float* src, float* dst)
        {
#if NET
            if (_wide)
            {
                GemmKernelAvx512.CopyRow(src, dst);
                return;
            }
#endif
            Copy16(src, dst);
        }

        static void Copy16(float* src, float* dst)
        {
#if NET
            if (UseAvx)
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
        static void PackRows6(float* a, int ld, int k, float* dst)
        {
            float* r0 = a, r1 = r0 + ld, r2 = r1 + ld, r3 = r2 + ld, r4 = r3 + ld, r5 = r4 + ld;
            for (int p = 0; p < k; p++, dst += Mr6)
            {
                dst[0] = r0[p]; dst[1] = r1[p]; dst[2] = r2[p]; dst[3] = r3[p]; dst[4] = r4[p]; dst[5] = r5[p];
            }
        }

        /// <summary>Packs 16 rows (row stride ld), each k long, as 16 columns: dst[p 16 + j] = row j [p]. An 8x8 AVX transpose where available.</summary>
        [MethodImpl(GemmKernel.Optimized)]
        static void PackColumns16(float* b, int ld, int k, float* dst)
        {
            int p = 0;
#if NET
            if (UseAvx)
            {
                for (; p + 8 <= k; p += 8)
                {
                    Transpose8(b + p, ld, dst + p * Nr16, Nr16);
                    Transpose8(b + 8L * ld + p, ld, dst + p * Nr16 + 8, Nr16);
                }
            }
#endif
            for (; p < k; p++)
                for (int j = 0; j < Nr16; j++) dst[p * Nr16 + j] = b[(long)j * ld + p];
        }

#if NET
        /// <summary>Rows 0..7 (stride ld) x columns 0..7 -> dst[c ldd + r].</summary>
        [MethodImpl(GemmKernel.Optimized)]
        internal static void Transpose8(float* s, int ld, float* dst, int ldd)
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
            Avx.Store(dst + 0 * ldd, Avx.Permute2x128(s0, s4, 0x20));
            Avx.Store(dst + 1 * ldd, Avx.Permute2x128(s1, s5, 0x20));
            Avx.Store(dst + 2 * ldd, Avx.Permute2x128(s2, s6, 0x20));
            Avx.Store(dst + 3 * ldd, Avx.Permute2x128(s3, s7, 0x20));
            Avx.Store(dst + 4 * ldd, Avx.Permute2x128(s0, s4, 0x31));
            Avx.Store(dst + 5 * ldd, Avx.Permute2x128(s1, s5, 0x31));
            Avx.Store(dst + 6 * ldd, Avx.Permute2x128(s2, s6, 0x31));
            Avx.Store(dst + 7 * ldd, Avx.Permute2x128(s3, s7, 0x31));
        }
#endif

        static void Full(int kc, float* a, float* b, float* c, int ldc, bool accumulate)
        {
#if NET
            if (_isa == GemmIsa.Avx2)
            {
                Avx2Fma(kc, a, b, c, ldc, accumulate);
                return;
            }
#endif
            if (Vector.IsHardwareAccelerated && Nr16 % Vector<float>.Count == 0) Vectorised(kc, a, b, c, ldc, accumulate);
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
                a += Mr6;
                b += Nr16;
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
            int perRow = Nr16 / w;
            Vector<float>* acc = stackalloc Vector<float>[Mr6 * 4];
            for (int i = 0; i < Mr6 * perRow; i++) acc[i] = Vector<float>.Zero;
            for (int p = 0; p < kc; p++)
            {
                for (int v = 0; v < perRow; v++)
                {
                    Vector<float> bv = *(Vector<float>*)(b + v * w);
#if NET
                    // Fused, like the AVX2 and AVX-512 kernels: the same bits whichever kernel runs.
                    for (int r = 0; r < Mr6; r++) acc[r * perRow + v] = Vector.FusedMultiplyAdd(new Vector<float>(a[r]), bv, acc[r * perRow + v]);
#else
                    for (int r = 0; r < Mr6; r++) acc[r * perRow + v] += new Vector<float>(a[r]) * bv;
#endif
                }
                a += Mr6;
                b += Nr16;
            }
            for (int r = 0; r < Mr6; r++)
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
            float* acc = stackalloc float[Mr6 * Nr16];
            for (int i = 0; i < Mr6 * Nr16; i++) acc[i] = 0f;
            for (int p = 0; p < kc; p++)
            {
                for (int r = 0; r < Mr6; r++)
                {
                    float x = a[r];
                    float* dst = acc + r * Nr16;
#if NET
                    for (int j = 0; j < Nr16; j++) dst[j] = MathF.FusedMultiplyAdd(x, b[j], dst[j]);
#else
                    for (int j = 0; j < Nr16; j++) dst[j] += x * b[j];
#endif
                }
                a += Mr6;
                b += Nr16;
            }
            for (int r = 0; r < Mr6; r++)
            {
                float* row = c + (long)r * ldc;
                for (int j = 0; j < Nr16; j++) row[j] = accumulate ? row[j] + acc[r * Nr16 + j] : acc[r * Nr16 + j];
            }
        }
    }
}
