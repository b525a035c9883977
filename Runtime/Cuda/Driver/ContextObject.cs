using System;

namespace Sightline.Cuda.Driver
{
    /// <summary>
    /// A driver object that belongs to a context (stream, event, module, graph): its handle, and its release with the
    /// object's own destroy call, the context made current first. Dispose releases once; later uses of
    /// <see cref="Handle"/> throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public abstract unsafe class ContextObject : IDisposable
    {
        readonly delegate* unmanaged[Cdecl]<IntPtr, int> _destroy;
        readonly string _destroyName;
        IntPtr _handle;

        protected ContextObject(CudaContext context, delegate* unmanaged[Cdecl]<IntPtr, int> destroy, string destroyName)
        {
            Context = context;
            _destroy = destroy;
            _destroyName = destroyName;
        }

        public CudaContext Context { get; }
        public IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw Disposed();

        /// <summary>Takes ownership of the handle the subclass's create call made.</summary>
        protected void Own(IntPtr handle) => _handle = handle;

        /// <summary>What a use after Dispose reports; a subclass may name the object.</summary>
        protected virtual ObjectDisposedException Disposed() => new ObjectDisposedException(GetType().Name);

        public void Dispose()
        {
            if (_handle == IntPtr.Zero) return;
            IntPtr handle = _handle;
            _handle = IntPtr.Zero;
            Context.MakeCurrent();
            Context.Api.Check(_destroy(handle), _destroyName);
        }
    }
}
