using System;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Dnn
{
    /// <summary>An element-wise activation (cudnnActivationDescriptor_t). coef: the clip for ClippedRelu, alpha for Elu.</summary>
    public sealed unsafe class ActivationDescriptor : IDisposable
    {
        IntPtr _handle;

        public ActivationDescriptor(DnnActivationMode mode, double coef = 0)
        {
            if (mode == DnnActivationMode.ClippedRelu && !(coef > 0)) throw new ArgumentOutOfRangeException(nameof(coef), coef, "a clipped ReLU needs a positive clip");
            Mode = mode;
            Coef = coef;
            Api = CudaLibraries.Cudnn;
            IntPtr handle;
            Api.Check(Api.cudnnCreateActivationDescriptor(&handle), "cudnnCreateActivationDescriptor");
            _handle = handle;
            int status = Api.cudnnSetActivationDescriptor(_handle, (int)mode, 0, coef);
            if (status != CudnnApi.Success)
            {
                Dispose();
                Api.Check(status, "cudnnSetActivationDescriptor");
            }
        }

        public CudnnApi Api { get; }
        public DnnActivationMode Mode { get; }
        public double Coef { get; }
        public IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(ActivationDescriptor));

        public void Dispose()
        {
            if (_handle == IntPtr.Zero) return;
            Api.cudnnDestroyActivationDescriptor(_handle);
            _handle = IntPtr.Zero;
        }
    }
}
