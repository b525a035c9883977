using System;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Driver
{
    /// <summary>
    /// A device's primary context (the one cuDNN, cuBLAS and the runtime API use), retained while this object lives.
    /// Every wrapper makes its context current on the calling thread before a call, so objects may be used from any
    /// thread (one thread at a time per stream). Dispose releases the retain; no finalizer calls CUDA.
    /// </summary>
    public sealed class CudaContext : IDisposable
    {
        static readonly System.Collections.Generic.HashSet<int> KeptAlive = new System.Collections.Generic.HashSet<int>();
        IntPtr _handle;

        CudaContext(CudaDevice device, IntPtr handle)
        {
            Device = device;
            _handle = handle;
            Api = CudaLibraries.Driver;
        }

        public CudaDevice Device { get; }
        public DriverApi Api { get; }
        public IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(CudaContext), $"the context of device {Device.Ordinal} was disposed");

        /// <summary>Retains device <paramref name="ordinal"/>'s primary context and makes it current on this thread.</summary>
        public static unsafe CudaContext Primary(int ordinal)
        {
            var device = CudaDevice.Get(ordinal);
            var api = CudaLibraries.Driver;
            IntPtr handle;
            api.Check(api.cuDevicePrimaryCtxRetain(&handle, device.Handle), "cuDevicePrimaryCtxRetain");
            lock (KeptAlive)
            {
                // One extra retain per device for the life of the process: if the last CudaContext were disposed, the
                // primary context would be destroyed under cuBLAS/cuDNN's runtime, which does not expect that.
                if (KeptAlive.Add(device.Handle))
                {
                    IntPtr again;
                    api.Check(api.cuDevicePrimaryCtxRetain(&again, device.Handle), "cuDevicePrimaryCtxRetain");
                }
            }
            var context = new CudaContext(device, handle);
            context.MakeCurrent();
            return context;
        }

        /// <summary>cuCtxSetCurrent on the calling thread (cheap: a thread-local store in the driver).</summary>
        public unsafe void MakeCurrent() => Api.Check(Api.cuCtxSetCurrent(Handle), "cuCtxSetCurrent");

        /// <summary>Waits for all work on every stream of this context.</summary>
        public unsafe void Synchronize()
        {
            MakeCurrent();
            Api.Check(Api.cuCtxSynchronize(), "cuCtxSynchronize");
        }

        /// <summary>Free and total device memory in bytes.</summary>
        public unsafe (long Free, long Total) MemoryInfo()
        {
            MakeCurrent();
            nuint free, total;
            Api.Check(Api.cuMemGetInfo_v2(&free, &total), "cuMemGetInfo_v2");
            return ((long)free, (long)total);
        }

        /// <summary>Lets kernels and copies on this context reach <paramref name="peer"/>'s memory; already enabled is fine.</summary>
        public unsafe void EnablePeerAccess(CudaContext peer)
        {
            if (!Device.CanAccessPeer(peer.Device))
                throw new CudaUnavailableException($"device {Device.Ordinal} ({Device.Name}) cannot access device {peer.Device.Ordinal} ({peer.Device.Name}) directly (no P2P between them)");
            MakeCurrent();
            Api.Ensure(Api.cuCtxEnablePeerAccess, "cuCtxEnablePeerAccess");
            int status = Api.cuCtxEnablePeerAccess(peer.Handle, 0);
            if (status != DriverApi.ErrorPeerAccessAlreadyEnabled) Api.Check(status, "cuCtxEnablePeerAccess");
        }

        public unsafe void Dispose()
        {
            if (_handle == IntPtr.Zero) return;
            _handle = IntPtr.Zero;
            Api.Check(Api.cuDevicePrimaryCtxRelease_v2(Device.Handle), "cuDevicePrimaryCtxRelease_v2");
        }

        public override string ToString() => "primary context of device " + Device;
    }
}
