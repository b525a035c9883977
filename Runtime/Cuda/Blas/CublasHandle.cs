using System;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Blas
{
    /// <summary>
    /// A cuBLAS handle bound to one context and stream. Column-major as cuBLAS is: for row-major C = A·B compute
    /// Cᵀ = Bᵀ·Aᵀ, i.e. Sgemm(None, None, n, m, k, 1, B, n, A, k, 0, C, n).
    /// </summary>
    public sealed unsafe class CublasHandle : IDisposable
    {
        IntPtr _handle;

        public CublasHandle(CudaContext context, CudaStream? stream = null)
        {
            Context = context;
            Api = CudaLibraries.Cublas;
            context.MakeCurrent();
            IntPtr handle;
            Api.Check(Api.cublasCreate_v2(&handle), "cublasCreate_v2");
            _handle = handle;
            if (stream != null) SetStream(stream);
        }

        public CudaContext Context { get; }
        public CublasApi Api { get; }
        public IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(CublasHandle));

        public void SetStream(CudaStream stream)
        {
            Context.MakeCurrent();
            Api.Check(Api.cublasSetStream_v2(Handle, stream.Handle), "cublasSetStream_v2");
        }

        public void SetMathMode(BlasMathMode mode)
        {
            Context.MakeCurrent();
            Api.Check(Api.cublasSetMathMode(Handle, (int)mode), "cublasSetMathMode");
        }

        /// <summary>A user-owned workspace (needed for CUDA graph capture to avoid allocations inside cuBLAS).</summary>
        public void SetWorkspace(ulong address, long bytes)
        {
            Context.MakeCurrent();
            Api.Check(Api.cublasSetWorkspace_v2(Handle, (void*)address, (nuint)bytes), "cublasSetWorkspace_v2");
        }

        /// <summary>C = alpha·op(A)·op(B) + beta·C, fp32, column-major: op(A) is m×k, op(B) k×n, C m×n.</summary>
        public void Sgemm(BlasOperation opA, BlasOperation opB, int m, int n, int k, float alpha, ulong a, int lda, ulong b, int ldb, float beta, ulong c, int ldc)
        {
            Context.MakeCurrent();
            Api.Check(Api.cublasSgemm_v2(Handle, (int)opA, (int)opB, m, n, k, &alpha, a, lda, b, ldb, &beta, c, ldc), "cublasSgemm_v2");
        }

        /// <summary><see cref="Sgemm"/> over <paramref name="batch"/> matrices spaced by the given element strides.</summary>
        public void SgemmStridedBatched(BlasOperation opA, BlasOperation opB, int m, int n, int k, float alpha,
            ulong a, int lda, long strideA, ulong b, int ldb, long strideB, float beta, ulong c, int ldc, long strideC, int batch)
        {
            Context.MakeCurrent();
            Api.Check(Api.cublasSgemmStridedBatched(Handle, (int)opA, (int)opB, m, n, k, &alpha, a, lda, strideA, b, ldb, strideB, &beta, c, ldc, strideC, batch),
                "cublasSgemmStridedBatched");
        }

        /// <summary>
        /// Mixed-precision GEMM (cublasGemmEx): e.g. bf16 A/B, fp32 C, <see cref="BlasComputeType.Float32"/>; or fp32
        /// everything with <see cref="BlasComputeType.Float32FastTf32"/>. alpha/beta are fp32 (compute type 32F).
        /// </summary>
        public void GemmEx(BlasOperation opA, BlasOperation opB, int m, int n, int k, float alpha,
            ulong a, CudaDataType typeA, int lda, ulong b, CudaDataType typeB, int ldb, float beta,
            ulong c, CudaDataType typeC, int ldc, BlasComputeType compute)
        {
            RequireFloatScale(compute);
            Context.MakeCurrent();
            Api.Check(Api.cublasGemmEx(Handle, (int)opA, (int)opB, m, n, k, &alpha, a, (int)typeA, lda, b, (int)typeB, ldb, &beta,
                c, (int)typeC, ldc, (int)compute, CublasApi.GemmDefaultAlgorithm), "cublasGemmEx");
        }

        public void GemmStridedBatchedEx(BlasOperation opA, BlasOperation opB, int m, int n, int k, float alpha,
            ulong a, CudaDataType typeA, int lda, long strideA, ulong b, CudaDataType typeB, int ldb, long strideB, float beta,
            ulong c, CudaDataType typeC, int ldc, long strideC, int batch, BlasComputeType compute)
        {
            RequireFloatScale(compute);
            Context.MakeCurrent();
            Api.Check(Api.cublasGemmStridedBatchedEx(Handle, (int)opA, (int)opB, m, n, k, &alpha, a, (int)typeA, lda, strideA, b, (int)typeB, ldb, strideB,
                &beta, c, (int)typeC, ldc, strideC, batch, (int)compute, CublasApi.GemmDefaultAlgorithm), "cublasGemmStridedBatchedEx");
        }

        // alpha and beta are passed as float: the scale type of every 32F compute type. 16F compute wants half scalars.
        static void RequireFloatScale(BlasComputeType compute)
        {
            if (compute == BlasComputeType.Float16)
                throw new NotSupportedException("compute type Float16 needs half-precision alpha/beta; use Float32 compute with fp16 inputs");
        }

        public void Dispose()
        {
            if (_handle == IntPtr.Zero) return;
            IntPtr handle = _handle;
            _handle = IntPtr.Zero;
            Context.MakeCurrent();
            Api.Check(Api.cublasDestroy_v2(handle), "cublasDestroy_v2");
        }
    }
}
