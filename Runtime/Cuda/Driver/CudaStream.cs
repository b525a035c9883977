using System;

namespace Sightline.Cuda.Driver
{
    /// <summary>How a stream capture treats unsafe calls from other threads (CUstreamCaptureMode).</summary>
    public enum CaptureMode
    {
        Global = 0,
        ThreadLocal = 1,
        Relaxed = 2,
    }

    /// <summary>
    /// A CUDA stream of the given context (non-blocking: it does not synchronise with the legacy stream 0). Its
    /// <see cref="ContextObject.Handle"/> is the CUstream, also a cudaStream_t for cuBLAS and cuDNN.
    /// </summary>
    public sealed unsafe class CudaStream : ContextObject
    {
        const uint NonBlocking = 0x1; // CU_STREAM_NON_BLOCKING

        public CudaStream(CudaContext context, bool nonBlocking = true)
            : base(context, context.Api.cuStreamDestroy_v2, "cuStreamDestroy_v2")
        {
            context.MakeCurrent();
            IntPtr handle;
            context.Api.Check(context.Api.cuStreamCreate(&handle, nonBlocking ? NonBlocking : 0), "cuStreamCreate");
            Own(handle);
        }

        public void Synchronize()
        {
            Context.MakeCurrent();
            Context.Api.Check(Context.Api.cuStreamSynchronize(Handle), "cuStreamSynchronize");
        }

        /// <summary>True when all work queued so far has finished.</summary>
        public bool IsIdle
        {
            get
            {
                Context.MakeCurrent();
                int status = Context.Api.cuStreamQuery(Handle);
                if (status == DriverApi.ErrorNotReady) return false;
                Context.Api.Check(status, "cuStreamQuery");
                return true;
            }
        }

        /// <summary>Work queued on this stream after this call waits until <paramref name="e"/> has completed (any device).</summary>
        public void Wait(CudaEvent e)
        {
            Context.MakeCurrent();
            Context.Api.Check(Context.Api.cuStreamWaitEvent(Handle, e.Handle, 0), "cuStreamWaitEvent");
        }

        /// <summary>Starts recording the work queued on this stream into a graph instead of running it.</summary>
        public void BeginCapture(CaptureMode mode = CaptureMode.ThreadLocal)
        {
            Context.MakeCurrent();
            Context.Api.Ensure(Context.Api.cuStreamBeginCapture_v2, "cuStreamBeginCapture_v2");
            Context.Api.Check(Context.Api.cuStreamBeginCapture_v2(Handle, (int)mode), "cuStreamBeginCapture_v2");
        }

        /// <summary>Ends the capture begun by <see cref="BeginCapture"/> and returns the recorded graph.</summary>
        public CudaGraph EndCapture()
        {
            Context.MakeCurrent();
            Context.Api.Ensure(Context.Api.cuStreamEndCapture, "cuStreamEndCapture");
            IntPtr graph;
            Context.Api.Check(Context.Api.cuStreamEndCapture(Handle, &graph), "cuStreamEndCapture");
            return new CudaGraph(Context, graph);
        }
    }
}
