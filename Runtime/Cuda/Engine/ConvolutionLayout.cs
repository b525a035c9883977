namespace Sightline.Cuda.Engine
{
    /// <summary>
    /// How a convolution's tensors are laid out for cuDNN. The network between convolutions stays NCHW; a layer run
    /// in NHWC transposes its input, filter and output around the cuDNN calls (Native~/kernels/transpose.cu).
    /// Documentation~/gpu.md measured NHWC faster for conv1, conv3, conv4 and conv5 in TF32 and NCHW faster for conv2 and for
    /// everything in strict fp32, so the best choice is per layer and per math mode.
    /// </summary>
    public enum ConvolutionLayout
    {
        /// <summary>Every convolution in NCHW (what the engine has always done).</summary>
        Nchw = 0,
        /// <summary>
        /// Per layer and batch size, whichever layout is faster by measurement: cuDNN's timed algorithm search in both
        /// layouts, the NHWC side charged with its transposes (timed too).
        /// </summary>
        Auto = 1,
        /// <summary>Every convolution in NHWC (for checks of the NHWC path).</summary>
        Nhwc = 2,
    }
}
