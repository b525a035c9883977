using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Dnn
{
    /// <summary>A 4-d tensor's shape, type and layout (cudnnTensorDescriptor_t). Arguments are checked before cuDNN is touched.</summary>
    public sealed unsafe class TensorDescriptor : ArrayDescriptor
    {
        /// <summary>A packed NCHW or NHWC tensor of n×c×h×w elements.</summary>
        public TensorDescriptor(int n, int c, int h, int w, DnnTensorFormat format = DnnTensorFormat.Nchw, DnnDataType dataType = DnnDataType.Float)
            : base("tensor", n, c, h, w, format, dataType)
        {
            Api = CudaLibraries.Cudnn;
            Create(Api.cudnnCreateTensorDescriptor, Api.cudnnDestroyTensorDescriptor, "cudnnCreateTensorDescriptor");
            Configured(Api.cudnnSetTensor4dDescriptor(Handle, (int)format, (int)dataType, n, c, h, w), $"cudnnSetTensor4dDescriptor ({this})");
        }

        /// <summary>A strided view: element (n,c,h,w) at n·nStride + c·cStride + h·hStride + w·wStride (e.g. one tower's channels).</summary>
        public TensorDescriptor(int n, int c, int h, int w, int nStride, int cStride, int hStride, int wStride, DnnDataType dataType = DnnDataType.Float)
            : base("tensor", n, c, h, w, DnnTensorFormat.Nchw, dataType)
        {
            DnnChecks.Positive("tensor strides", nStride, cStride, hStride, wStride);
            Api = CudaLibraries.Cudnn;
            Create(Api.cudnnCreateTensorDescriptor, Api.cudnnDestroyTensorDescriptor, "cudnnCreateTensorDescriptor");
            Configured(Api.cudnnSetTensor4dDescriptorEx(Handle, (int)dataType, n, c, h, w, nStride, cStride, hStride, wStride),
                $"cudnnSetTensor4dDescriptorEx ({n}x{c}x{h}x{w} strides {nStride},{cStride},{hStride},{wStride})");
        }

        public int N => Outer;
    }
}
