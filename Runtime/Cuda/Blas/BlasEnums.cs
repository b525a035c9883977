namespace Sightline.Cuda.Blas
{
    /// <summary>cublasOperation_t.</summary>
    public enum BlasOperation
    {
        None = 0,
        Transpose = 1,
    }

    /// <summary>cublasMath_t: what cuBLAS may use for fp32 GEMMs.</summary>
    public enum BlasMathMode
    {
        /// <summary>CUBLAS_DEFAULT_MATH: strict fp32 for fp32 GEMMs.</summary>
        Default = 0,
        /// <summary>CUBLAS_PEDANTIC_MATH: no reduced-precision shortcuts anywhere (for tests).</summary>
        Pedantic = 2,
        /// <summary>CUBLAS_TF32_TENSOR_OP_MATH: fp32 GEMMs on TF32 tensor cores.</summary>
        Tf32TensorOp = 3,
    }

    /// <summary>cudaDataType_t values used here.</summary>
    public enum CudaDataType
    {
        Float32 = 0,
        Float64 = 1,
        Float16 = 2,
        Int8 = 3,
        BFloat16 = 14,
    }

    /// <summary>cublasComputeType_t values used here.</summary>
    public enum BlasComputeType
    {
        Float16 = 64,
        Float32 = 68,
        Float32Pedantic = 69,
        Float32FastFloat16 = 74,
        Float32FastBFloat16 = 75,
        Float32FastTf32 = 77,
    }
}
