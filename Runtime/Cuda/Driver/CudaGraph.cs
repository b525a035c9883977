using System;

namespace Sightline.Cuda.Driver
{
    /// <summary>A graph recorded by stream capture (<see cref="CudaStream.EndCapture"/>); instantiate it to run it.</summary>
    public sealed unsafe class CudaGraph : ContextObject
    {
        internal CudaGraph(CudaContext context, IntPtr handle)
            : base(context, context.Api.cuGraphDestroy, "cuGraphDestroy")
        {
            Own(handle);
        }

        /// <summary>Makes an executable graph (cuGraphInstantiateWithFlags, no flags); the graph may be disposed after.</summary>
        public CudaGraphExec Instantiate()
        {
            Context.MakeCurrent();
            Context.Api.Ensure(Context.Api.cuGraphInstantiateWithFlags, "cuGraphInstantiateWithFlags");
            IntPtr exec;
            Context.Api.Check(Context.Api.cuGraphInstantiateWithFlags(&exec, Handle, 0), "cuGraphInstantiateWithFlags");
            return new CudaGraphExec(Context, exec);
        }
    }

    /// <summary>An instantiated graph: one launch replays every captured kernel and copy.</summary>
    public sealed unsafe class CudaGraphExec : ContextObject
    {
        internal CudaGraphExec(CudaContext context, IntPtr handle)
            : base(context, context.Api.cuGraphExecDestroy, "cuGraphExecDestroy")
        {
            Own(handle);
        }

        public void Launch(CudaStream stream)
        {
            Context.MakeCurrent();
            Context.Api.Ensure(Context.Api.cuGraphLaunch, "cuGraphLaunch");
            Context.Api.Check(Context.Api.cuGraphLaunch(Handle, stream.Handle), "cuGraphLaunch");
        }
    }
}
