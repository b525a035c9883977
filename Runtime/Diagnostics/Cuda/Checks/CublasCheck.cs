using System;
using System.Collections.Generic;
using Sightline.Cuda.Blas;
using Sightline.Cuda.Diagnostics.Reference;
using Sightline.Cuda.Driver;

namespace Sightline.Cuda.Diagnostics.Checks
{
    static class CublasCheck
    {
        const int M = 67, N = 45, K = 129;
        const double StrictTolerance = 1e-4;
        // TF32 keeps 10 mantissa bits: each product is off by up to ~2^-10 relative; over 129 terms of |x| < 1 a
        // few hundredths is the honest bound.
        const double Tf32Tolerance = 5e-2;

        public static IEnumerable<CheckResult> Run(GpuCheckEnvironment env)
        {
            using var blas = new CublasHandle(env.Context, env.Stream);
            blas.SetMathMode(BlasMathMode.Default);
            foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
                yield return Sgemm(env, blas, ta, tb, $"cublas/sgemm-{(ta ? 't' : 'n')}{(tb ? 't' : 'n')}", StrictTolerance);
            yield return StridedBatched(env, blas);

            blas.SetMathMode(BlasMathMode.Tf32TensorOp);
            yield return Sgemm(env, blas, false, false, "cublas/sgemm-tf32-math-mode", Tf32Tolerance);
            blas.SetMathMode(BlasMathMode.Default);

            yield return GemmExTf32(env, blas);
            foreach (var r in GemmExBf16(env, blas)) yield return r;
        }

        static CheckResult Sgemm(GpuCheckEnvironment env, CublasHandle blas, bool ta, bool tb, string name, double tolerance)
        {
            int lda = ta ? K : M, ldb = tb ? N : K;
            var a = NaiveLayers.Random(M * K, 1);
            var b = NaiveLayers.Random(K * N, 2);
            var c = NaiveLayers.Random(M * N, 3);
            using var da = env.Upload(a);
            using var db = env.Upload(b);
            using var dc = env.Upload(c);
            blas.Sgemm(ta ? BlasOperation.Transpose : BlasOperation.None, tb ? BlasOperation.Transpose : BlasOperation.None, M, N, K,
                0.75f, da.Address, lda, db.Address, ldb, 0.5f, dc.Address, M);
            env.Stream.Synchronize();
            NaiveGemm.Run(ta, tb, M, N, K, 0.75f, a, lda, b, ldb, 0.5f, c, M);
            return CheckResult.Compare(name, dc.ToArray(), c, tolerance, $"{M}x{N}x{K}, alpha 0.75, beta 0.5");
        }

        static CheckResult StridedBatched(GpuCheckEnvironment env, CublasHandle blas)
        {
            const int batch = 3;
            var a = NaiveLayers.Random(batch * M * K, 4);
            var b = NaiveLayers.Random(batch * K * N, 5);
            var c = new float[batch * M * N];
            using var da = env.Upload(a);
            using var db = env.Upload(b);
            using var dc = env.Upload(c);
            blas.SgemmStridedBatched(BlasOperation.None, BlasOperation.None, M, N, K, 1f, da.Address, M, M * K, db.Address, K, K * N, 0f, dc.Address, M, M * N, batch);
            env.Stream.Synchronize();
            var expected = new float[c.Length];
            for (int i = 0; i < batch; i++)
            {
                var ai = Slice(a, i * M * K, M * K);
                var bi = Slice(b, i * K * N, K * N);
                var ci = new float[M * N];
                NaiveGemm.Run(false, false, M, N, K, 1f, ai, M, bi, K, 0f, ci, M);
                Array.Copy(ci, 0, expected, i * M * N, M * N);
            }
            return CheckResult.Compare("cublas/sgemm-strided-batched", dc.ToArray(), expected, StrictTolerance, $"{batch} x {M}x{N}x{K}");
        }

        static CheckResult GemmExTf32(GpuCheckEnvironment env, CublasHandle blas)
        {
            var a = NaiveLayers.Random(M * K, 6);
            var b = NaiveLayers.Random(K * N, 7);
            var c = new float[M * N];
            using var da = env.Upload(a);
            using var db = env.Upload(b);
            using var dc = env.Upload(c);
            blas.GemmEx(BlasOperation.None, BlasOperation.None, M, N, K, 1f, da.Address, CudaDataType.Float32, M, db.Address, CudaDataType.Float32, K,
                0f, dc.Address, CudaDataType.Float32, M, BlasComputeType.Float32FastTf32);
            env.Stream.Synchronize();
            NaiveGemm.Run(false, false, M, N, K, 1f, a, M, b, K, 0f, c, M);
            return CheckResult.Compare("cublas/gemmex-tf32", dc.ToArray(), c, Tf32Tolerance, "fp32 data, CUBLAS_COMPUTE_32F_FAST_TF32");
        }

        static IEnumerable<CheckResult> GemmExBf16(GpuCheckEnvironment env, CublasHandle blas)
        {
            var a = NaiveLayers.Random(M * K, 8);
            var b = NaiveLayers.Random(K * N, 9);
            using var da = env.Upload(a);
            using var db = env.Upload(b);
            using var a16 = new DeviceBuffer<ushort>(env.Context, a.Length);
            using var b16 = new DeviceBuffer<ushort>(env.Context, b.Length);
            using var back = new DeviceBuffer<float>(env.Context, a.Length);
            var utility = env.Module("utility.cu");
            Convert(env, utility.Kernel("sl_f32_to_bf16"), a16.Address, da.Address, a.Length);
            Convert(env, utility.Kernel("sl_f32_to_bf16"), b16.Address, db.Address, b.Length);
            Convert(env, utility.Kernel("sl_bf16_to_f32"), back.Address, a16.Address, a.Length);
            env.Stream.Synchronize();
            var aRounded = RoundToBf16(a);
            var bRounded = RoundToBf16(b);
            yield return CheckResult.Compare("cublas/bf16-conversion-kernels", back.ToArray(), aRounded, 0, "sl_f32_to_bf16 then sl_bf16_to_f32 equals host round-to-nearest-even");

            var c = new float[M * N];
            using var dc = env.Upload(c);
            blas.GemmEx(BlasOperation.None, BlasOperation.None, M, N, K, 1f, a16.Address, CudaDataType.BFloat16, M, b16.Address, CudaDataType.BFloat16, K,
                0f, dc.Address, CudaDataType.Float32, M, BlasComputeType.Float32);
            env.Stream.Synchronize();
            NaiveGemm.Run(false, false, M, N, K, 1f, aRounded, M, bRounded, K, 0f, c, M);
            yield return CheckResult.Compare("cublas/gemmex-bf16", dc.ToArray(), c, 1e-3, "bf16 A and B, fp32 C and compute");
        }

        static void Convert(GpuCheckEnvironment env, CudaKernel kernel, ulong y, ulong x, int n)
        {
            var args = new KernelArgs();
            args.Add(y);
            args.Add(x);
            args.Add((long)n);
            kernel.Launch(env.Stream, Dim3.BlocksFor(n, 256), 256, args);
        }

        /// <summary>fp32 -> bf16 -> fp32 with round-to-nearest-even, as utility.cu does it.</summary>
        internal static float[] RoundToBf16(float[] values)
        {
            var result = new float[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                uint u = (uint)BitConverter.SingleToInt32Bits(values[i]);
                uint rounded = (u + 0x7fffu + ((u >> 16) & 1u)) & 0xffff0000u;
                result[i] = BitConverter.Int32BitsToSingle((int)rounded);
            }
            return result;
        }

        static float[] Slice(float[] source, int start, int length)
        {
            var s = new float[length];
            Array.Copy(source, start, s, 0, length);
            return s;
        }
    }
}
