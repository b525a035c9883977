using System;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Dnn
{
    /// <summary>Convolution weights: k output channels × c input channels per group × h × w (cudnnFilterDescriptor_t).</summary>
    public sealed unsafe class FilterDescriptor : DnnDescriptor
    {
        /// <param name="format">Nchw = OIHW (the NetworkSpec layout), Nhwc = OHWI.</param>
        public FilterDescriptor(int k, int c, int h, int w, DnnTensorFormat format = DnnTensorFormat.Nchw, DnnDataType dataType = DnnDataType.Float)
        {
            DnnChecks.Positive("filter", k, c, h, w);
            DnnChecks.FloatScaled(dataType);
            K = k; C = c; H = h; W = w;
            Format = format;
            DataType = dataType;
            Api = CudaLibraries.Cudnn;
            Create(Api.cudnnCreateFilterDescriptor, Api.cudnnDestroyFilterDescriptor, "cudnnCreateFilterDescriptor");
            // Note the argument order: data type before format (the tensor call has them the other way round).
            Configured(Api.cudnnSetFilter4dDescriptor(Handle, (int)dataType, (int)format, k, c, h, w), $"cudnnSetFilter4dDescriptor ({k}x{c}x{h}x{w} {format} {dataType})");
        }

        public int K { get; }
        public int C { get; }
        public int H { get; }
        public int W { get; }
        public DnnTensorFormat Format { get; }
        public DnnDataType DataType { get; }
        public long ElementCount => (long)K * C * H * W;

        public override string ToString() => $"{K}x{C}x{H}x{W} {Format} {DataType}";
    }
}
