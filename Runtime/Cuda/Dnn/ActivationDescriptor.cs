using System;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Dnn
{
    /// <summary>An element-wise activation (cudnnActivationDescriptor_t). coef: the clip for ClippedRelu, alpha for Elu.</summary>
    public sealed unsafe class ActivationDescriptor : DnnDescriptor
    {
        public ActivationDescriptor(DnnActivationMode mode, double coef = 0)
        {
            if (mode == DnnActivationMode.ClippedRelu && !(coef > 0)) throw new ArgumentOutOfRangeException(nameof(coef), coef, "a clipped ReLU needs a positive clip");
            Mode = mode;
            Coef = coef;
            Api = CudaLibraries.Cudnn;
            Create(Api.cudnnCreateActivationDescriptor, Api.cudnnDestroyActivationDescriptor, "cudnnCreateActivationDescriptor");
            Configured(Api.cudnnSetActivationDescriptor(Handle, (int)mode, 0, coef), "cudnnSetActivationDescriptor");
        }

        public DnnActivationMode Mode { get; }
        public double Coef { get; }
    }
}
