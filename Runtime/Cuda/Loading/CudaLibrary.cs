namespace Sightline.Cuda.Loading
{
    /// <summary>The native libraries Sightline binds.</summary>
    public enum CudaLibrary
    {
        /// <summary>The CUDA driver (libcuda.so.1, nvcuda.dll).</summary>
        Driver,
        /// <summary>The runtime compiler (libnvrtc.so.13, nvrtc64_130_0.dll).</summary>
        Nvrtc,
        Cublas,
        CublasLt,
        Cudnn,
    }
}
