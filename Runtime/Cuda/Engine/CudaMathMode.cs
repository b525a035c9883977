namespace Sightline.Cuda.Engine
{
    /// <summary>How the CUDA engine's convolutions and matrix products compute in fp32.</summary>
    public enum CudaMathMode
    {
        /// <summary>IEEE fp32 multiply-adds only (TF32 off): what is checked against the CPU engine. The default.</summary>
        Strict = 0,
        /// <summary>TF32 tensor cores for convolutions and fully connected layers (10-bit mantissa products, fp32 sums).</summary>
        Tf32 = 1,
    }
}
