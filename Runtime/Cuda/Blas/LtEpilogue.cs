namespace Sightline.Cuda.Blas
{
    /// <summary>cublasLtEpilogue_t: what cuBLASLt applies to the product before writing D.</summary>
    public enum LtEpilogue
    {
        Default = 1,
        Relu = 2,
        /// <summary>Adds a bias vector (one value per row of D, i.e. per output feature in column-major).</summary>
        Bias = 4,
        ReluBias = 6,
    }
}
