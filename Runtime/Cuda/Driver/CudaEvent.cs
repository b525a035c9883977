using System;

namespace Sightline.Cuda.Driver
{
    /// <summary>A CUDA event: ordering between streams (and devices) and GPU-side timing.</summary>
    public sealed unsafe class CudaEvent : ContextObject
    {
        const uint DisableTiming = 0x2; // CU_EVENT_DISABLE_TIMING

        /// <param name="timing">false makes a lighter event for ordering only (ElapsedMilliseconds then fails).</param>
        public CudaEvent(CudaContext context, bool timing = true)
            : base(context, context.Api.cuEventDestroy_v2, "cuEventDestroy_v2")
        {
            context.MakeCurrent();
            IntPtr handle;
            context.Api.Check(context.Api.cuEventCreate(&handle, timing ? 0u : DisableTiming), "cuEventCreate");
            Own(handle);
        }

        /// <summary>Marks the point in <paramref name="stream"/>'s queue that this event completes at.</summary>
        public void Record(CudaStream stream)
        {
            Context.MakeCurrent();
            Context.Api.Check(Context.Api.cuEventRecord(Handle, stream.Handle), "cuEventRecord");
        }

        public void Synchronize()
        {
            Context.MakeCurrent();
            Context.Api.Check(Context.Api.cuEventSynchronize(Handle), "cuEventSynchronize");
        }

        public bool IsComplete
        {
            get
            {
                Context.MakeCurrent();
                int status = Context.Api.cuEventQuery(Handle);
                if (status == DriverApi.ErrorNotReady) return false;
                Context.Api.Check(status, "cuEventQuery");
                return true;
            }
        }

        /// <summary>GPU time between two recorded, completed timing events, in milliseconds (about 0.5 us resolution).</summary>
        public static float ElapsedMilliseconds(CudaEvent start, CudaEvent end)
        {
            start.Context.MakeCurrent();
            start.Context.Api.Ensure(start.Context.Api.cuEventElapsedTime, "cuEventElapsedTime");
            float ms;
            start.Context.Api.Check(start.Context.Api.cuEventElapsedTime(&ms, start.Handle, end.Handle), "cuEventElapsedTime");
            return ms;
        }
    }
}
