using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using Sightline.Cpu;
#if NET
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace Sightline.Cli.Benchmarks
{
    /// <summary>
    /// The machine's arithmetic ceiling for the GEMM kernel in use: fused multiply-adds of the kernel's vector width
    /// (AVX-512: 16 floats, AVX2: 8) issued back to back on every thread at once, with twelve independent
    /// accumulators per thread so that FMA latency never stalls them. GEMM and training rates are quoted as
    /// fractions of it, which makes them comparable between machines: a Zen 4 core splits a 512-bit FMA in two and
    /// does half the flops per cycle of a Zen 5 core (216 GFLOP/s on one Zen 5 core here with 512-bit FMAs, 108 with
    /// 256-bit ones), so the same engine trains at very different images/s on the two.
    /// The portable kernel (no FMA instructions) has no such ceiling here: <see cref="Measure"/> returns null.
    /// </summary>
    internal static class FmaPeak
    {
        /// <summary>GFLOP/s (an FMA is two) of all <paramref name="threads"/> threads together, measured for about <paramref name="seconds"/>; null for the portable kernel.</summary>
        public static double? Measure(GemmIsa isa, int threads, double seconds)
        {
#if NET
            if (isa == GemmIsa.Avx512 && !Avx512F.IsSupported) return null;
            if (isa == GemmIsa.Avx2 && !Fma.IsSupported) return null;
            if (isa == GemmIsa.Portable) return null;
            Run(isa, 1000); // compile it before the threads start
            long iterations = Math.Max(1000, (long)(Calibrate(isa) * Math.Max(0.05, seconds)));
            var flops = new double[threads];
            var start = new Barrier(threads);
            var workers = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                int index = t;
                workers[t] = new Thread(() =>
                {
                    start.SignalAndWait();
                    var watch = Stopwatch.StartNew();
                    Run(isa, iterations);
                    flops[index] = FlopsPerIteration(isa) * iterations / watch.Elapsed.TotalSeconds;
                }) { IsBackground = true, Name = "sightline fma peak" };
                workers[t].Start();
            }
            double total = 0;
            for (int t = 0; t < threads; t++)
            {
                workers[t].Join();
                total += flops[t];
            }
            return total / 1e9;
#else
            return null;
#endif
        }

#if NET
        // Iterations per second on one thread, from a short run.
        static double Calibrate(GemmIsa isa)
        {
            const long probe = 2_000_000;
            var watch = Stopwatch.StartNew();
            Run(isa, probe);
            return probe / Math.Max(1e-6, watch.Elapsed.TotalSeconds);
        }

        // Twelve FMAs per iteration, of 16 or 8 floats.
        static double FlopsPerIteration(GemmIsa isa) => 12.0 * 2.0 * (isa == GemmIsa.Avx512 ? 16 : 8);

        static float Run(GemmIsa isa, long iterations) =>
            isa == GemmIsa.Avx512 ? Run512(iterations, s_multiplier, s_addend) : Run256(iterations, s_multiplier, s_addend);

        // x * 1 + 0 keeps every accumulator finite and unchanged, so the loop runs at the same speed however long. They
        // come from mutable fields so that the compiler cannot see the constants and drop the arithmetic.
        static float s_multiplier = 1f, s_addend = 0f;

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        static float Run512(long iterations, float multiplier, float addend)
        {
            var one = Vector512.Create(multiplier);
            var zero = Vector512.Create(addend);
            Vector512<float> a0 = one, a1 = one, a2 = one, a3 = one, a4 = one, a5 = one;
            Vector512<float> a6 = one, a7 = one, a8 = one, a9 = one, a10 = one, a11 = one;
            for (long i = 0; i < iterations; i++)
            {
                a0 = Avx512F.FusedMultiplyAdd(a0, one, zero); a1 = Avx512F.FusedMultiplyAdd(a1, one, zero);
                a2 = Avx512F.FusedMultiplyAdd(a2, one, zero); a3 = Avx512F.FusedMultiplyAdd(a3, one, zero);
                a4 = Avx512F.FusedMultiplyAdd(a4, one, zero); a5 = Avx512F.FusedMultiplyAdd(a5, one, zero);
                a6 = Avx512F.FusedMultiplyAdd(a6, one, zero); a7 = Avx512F.FusedMultiplyAdd(a7, one, zero);
                a8 = Avx512F.FusedMultiplyAdd(a8, one, zero); a9 = Avx512F.FusedMultiplyAdd(a9, one, zero);
                a10 = Avx512F.FusedMultiplyAdd(a10, one, zero); a11 = Avx512F.FusedMultiplyAdd(a11, one, zero);
            }
            return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).ToScalar();
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        static float Run256(long iterations, float multiplier, float addend)
        {
            var one = Vector256.Create(multiplier);
            var zero = Vector256.Create(addend);
            Vector256<float> a0 = one, a1 = one, a2 = one, a3 = one, a4 = one, a5 = one;
            Vector256<float> a6 = one, a7 = one, a8 = one, a9 = one, a10 = one, a11 = one;
            for (long i = 0; i < iterations; i++)
            {
                a0 = Fma.MultiplyAdd(a0, one, zero); a1 = Fma.MultiplyAdd(a1, one, zero);
                a2 = Fma.MultiplyAdd(a2, one, zero); a3 = Fma.MultiplyAdd(a3, one, zero);
                a4 = Fma.MultiplyAdd(a4, one, zero); a5 = Fma.MultiplyAdd(a5, one, zero);
                a6 = Fma.MultiplyAdd(a6, one, zero); a7 = Fma.MultiplyAdd(a7, one, zero);
                a8 = Fma.MultiplyAdd(a8, one, zero); a9 = Fma.MultiplyAdd(a9, one, zero);
                a10 = Fma.MultiplyAdd(a10, one, zero); a11 = Fma.MultiplyAdd(a11, one, zero);
            }
            return (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11).ToScalar();
        }
#endif
    }
}
