using System;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Dnn
{
    /// <summary>2-d pooling window, padding and stride (cudnnPoolingDescriptor_t). NaNs are not propagated.</summary>
    public sealed unsafe class PoolingDescriptor : DnnDescriptor
    {
        public PoolingDescriptor(DnnPoolingMode mode, int windowH, int windowW, int strideH, int strideW, int padH = 0, int padW = 0)
        {
            if (windowH <= 0 || windowW <= 0) throw new ArgumentOutOfRangeException(nameof(windowH), $"pooling window must be positive, got {windowH}x{windowW}");
            if (strideH <= 0 || strideW <= 0) throw new ArgumentOutOfRangeException(nameof(strideH), $"pooling stride must be positive, got {strideH}x{strideW}");
            if (padH < 0 || padW < 0 || padH >= windowH || padW >= windowW)
                throw new ArgumentOutOfRangeException(nameof(padH), $"pooling padding {padH}x{padW} must be at least 0 and smaller than the window {windowH}x{windowW}");
            Mode = mode; WindowH = windowH; WindowW = windowW; StrideH = strideH; StrideW = strideW; PadH = padH; PadW = padW;
            Api = CudaLibraries.Cudnn;
            Create(Api.cudnnCreatePoolingDescriptor, Api.cudnnDestroyPoolingDescriptor, "cudnnCreatePoolingDescriptor");
            Configured(Api.cudnnSetPooling2dDescriptor(Handle, (int)mode, 0, windowH, windowW, padH, padW, strideH, strideW), "cudnnSetPooling2dDescriptor");
        }

        public DnnPoolingMode Mode { get; }
        public int WindowH { get; }
        public int WindowW { get; }
        public int StrideH { get; }
        public int StrideW { get; }
        public int PadH { get; }
        public int PadW { get; }

        /// <summary>Output height and width for an h×w input (cuDNN's floor rule).</summary>
        public (int H, int W) OutputSize(int h, int w) => (1 + (h + 2 * PadH - WindowH) / StrideH, 1 + (w + 2 * PadW - WindowW) / StrideW);
    }
}
