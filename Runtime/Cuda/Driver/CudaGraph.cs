using System;

namespace Sightline.Cuda.Driver
{
    /// <summary>A graph recorded by stream capture (<see cref="CudaStream.EndCapture"/>); instantiate it to run it.</summary>
    public sealed unsafe class CudaGraph : IDisposable
    {
        IntPtr _handle;

        internal CudaGraph(CudaContext context, IntPtr handle)
        {
            Context = context;
            _handle = handle;
        }

        public CudaContext Context { get; }
        public IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(CudaGraph));

        /// <summary>Makes an executable graph (cuGraphInstantiateWithFlags, no flags); the graph may be disposed after.</summary>
        public CudaGraphExec Instantiate()
        {
            Context.MakeCurrent();
            Context.Api.Ensure(Context.Api.cuGraphInstantiateWithFlags, "cuGraphInstantiateWithFlags");
            IntPtr exec;
            Context.Api.Check(Context.Api.cuGraphInstantiateWithFlags(&exec, Handle, 0), "cuGraphInstantiateWithFlags");
            return new CudaGraphExec(Context, exec);
        }

        public void Dispose()
        {
            if (_handle == IntPtr.Zero) return;
            IntPtr handle = _handle;
            _handle = IntPtr.Zero;
            Context.MakeCurrent();
            Context.Api.Check(Context.Api.cuGraphDestroy(handle), "cuGraphDestroy");
        }
    }

    /// <summary>An instantiated graph: one launch replays every captured kernel and copy.</summary>
    public sealed unsafe class CudaGraphExec : IDisposable
    {
        IntPtr _handle;

        internal CudaGraphExec(CudaContext context, IntPtr handle)
        {
            Context = context;
            _handle = handle;
        }

        public CudaContext Context { get; }
        public IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(CudaGraphExec));

        public void Launch(CudaStream stream)
        {
            Context.MakeCurrent();
            Context.Api.Ensure(Context.Api.cuGraphLaunch, "cuGraphLaunch");
            Context.Api.Check(Context.Api.cuGraphLaunch(Handle, stream.Handle), "cuGraphLaunch");
        }

        public void Dispose()
        {
            if (_handle == IntPtr.Zero) return;
            IntPtr handle = _handle;
            _handle = IntPtr.Zero;
            Context.MakeCurrent();
            Context.Api.Check(Context.Api.cuGraphExecDestroy(handle), "cuGraphExecDestroy");
        }
    }
}
