namespace Sightline.Cuda.Engine
{
    /// <summary>Which cuDNN convolution algorithms the engine may choose from (the fastest measured one is taken).</summary>
    public enum ConvolutionAlgorithms
    {
        /// <summary>All of them, Winograd and FFT included: the fastest, with errors of about 1e-3 relative in fp32 (as PyTorch with cudnn.benchmark).</summary>
        Fastest = 0,
        /// <summary>
        /// Only the GEMM-style and direct algorithms, which sum the same products as the CPU engine: what the
        /// comparisons against the CPU engine and PyTorch in float64 use.
        /// </summary>
        Accurate = 1,
    }
}
