using System;

namespace Sightline.Cuda.Dnn
{
    /// <summary>
    /// The handle every cuDNN descriptor owns: made by its cudnnCreate*Descriptor call, configured by one or more set
    /// calls, released by its cudnnDestroy*Descriptor call. A set call that fails releases the handle before the
    /// error is thrown, since nobody can dispose a descriptor whose constructor threw.
    /// </summary>
    public abstract unsafe class DnnDescriptor : IDisposable
    {
        IntPtr _handle;
        delegate* unmanaged[Cdecl]<IntPtr, int> _destroy;

        /// <summary>Set by the constructor after it has checked its arguments, so a bad argument is reported before cuDNN is loaded.</summary>
        public CudnnApi Api { get; protected set; } = null!;
        public IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(GetType().Name);

        protected void Create(delegate* unmanaged[Cdecl]<IntPtr*, int> create, delegate* unmanaged[Cdecl]<IntPtr, int> destroy, string call)
        {
            IntPtr handle;
            Api.Check(create(&handle), call);
            _handle = handle;
            _destroy = destroy;
        }

        /// <summary>Checks a set call's status; on failure the handle is released first.</summary>
        protected void Configured(int status, string call)
        {
            if (status == CudnnApi.Success) return;
            Dispose();
            Api.Check(status, call);
        }

        public void Dispose()
        {
            if (_handle == IntPtr.Zero) return;
            _destroy(_handle);
            _handle = IntPtr.Zero;
        }
    }
}
