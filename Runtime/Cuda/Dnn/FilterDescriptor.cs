using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Dnn
{
    /// <summary>Convolution weights: k output channels × c input channels per group × h × w (cudnnFilterDescriptor_t).</summary>
    public sealed unsafe class FilterDescriptor : ArrayDescriptor
    {
        /// <param name="format">Nchw = OIHW (the NetworkSpec layout), Nhwc = OHWI.</param>
        public FilterDescriptor(int k, int c, int h, int w, DnnTensorFormat format = DnnTensorFormat.Nchw, DnnDataType dataType = DnnDataType.Float)
            : base("filter", k, c, h, w, format, dataType)
        {
            Api = CudaLibraries.Cudnn;
            Create(Api.cudnnCreateFilterDescriptor, Api.cudnnDestroyFilterDescriptor, "cudnnCreateFilterDescriptor");
            // Note the argument order: data type before format (the tensor call has them the other way round).
            Configured(Api.cudnnSetFilter4dDescriptor(Handle, (int)dataType, (int)format, k, c, h, w), $"cudnnSetFilter4dDescriptor ({this})");
        }

        public int K => Outer;
    }
}
