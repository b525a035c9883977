using System;

namespace Sightline.Cuda.Driver
{
    /// <summary>A CUDA event: ordering between streams (and devices) and GPU-side timing.</summary>
    public sealed unsafe class CudaEvent : IDisposable
    {
        const uint DisableTiming = 0x2; // CU_EVENT_DISABLE_TIMING
        IntPtr _handle;

        /// <param name="timing">false makes a lighter event for ordering only (ElapsedMilliseconds then fails).</param>
        public CudaEvent(CudaContext context, bool timing = true)
        {
            Context = context;
            context.MakeCurrent();
            IntPtr handle;
            context.Api.Check(context.Api.cuEventCreate(&handle, timing ? 0u : DisableTiming), "cuEventCreate");
            _handle = handle;
        }

        public CudaContext Context { get; }
        public IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(CudaEvent));

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

        public void Dispose()
        {
            if (_handle == IntPtr.Zero) return;
            IntPtr handle = _handle;
            _handle = IntPtr.Zero;
            Context.MakeCurrent();
            Context.Api.Check(Context.Api.cuEventDestroy_v2(handle), "cuEventDestroy_v2");
        }
    }
}
