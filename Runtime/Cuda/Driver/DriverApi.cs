using System;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Driver
{
    /// <summary>
    /// The CUDA driver API as function pointers resolved from libcuda (the _v2 exports, as cuda.h maps them).
    /// Types: CUresult = int, CUdevice = int, CUdeviceptr = ulong, handles = IntPtr, size_t = nuint.
    /// Prefer the owned wrappers (CudaContext, DeviceBuffer, CudaStream ...); these are for what they don't cover.
    /// </summary>
    public sealed unsafe class DriverApi
    {
        public const int Success = 0;
        public const int ErrorOutOfMemory = 2;
        public const int ErrorNoDevice = 100;
        public const int ErrorNotReady = 600;
        public const int ErrorPeerAccessAlreadyEnabled = 704;

        public readonly LoadedLibrary Library;

        public readonly delegate* unmanaged[Cdecl]<uint, int> cuInit;
        public readonly delegate* unmanaged[Cdecl]<int*, int> cuDriverGetVersion;
        public readonly delegate* unmanaged[Cdecl]<int, IntPtr*, int> cuGetErrorString;
        public readonly delegate* unmanaged[Cdecl]<int, IntPtr*, int> cuGetErrorName;

        public readonly delegate* unmanaged[Cdecl]<int*, int> cuDeviceGetCount;
        public readonly delegate* unmanaged[Cdecl]<int*, int, int> cuDeviceGet;
        public readonly delegate* unmanaged[Cdecl]<byte*, int, int, int> cuDeviceGetName;
        public readonly delegate* unmanaged[Cdecl]<int*, int, int, int> cuDeviceGetAttribute;
        public readonly delegate* unmanaged[Cdecl]<nuint*, int, int> cuDeviceTotalMem_v2;
        public readonly delegate* unmanaged[Cdecl]<int*, int, int, int> cuDeviceCanAccessPeer;

        public readonly delegate* unmanaged[Cdecl]<IntPtr*, int, int> cuDevicePrimaryCtxRetain;
        public readonly delegate* unmanaged[Cdecl]<int, int> cuDevicePrimaryCtxRelease_v2;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cuCtxSetCurrent;
        public readonly delegate* unmanaged[Cdecl]<IntPtr*, int> cuCtxGetCurrent;
        public readonly delegate* unmanaged[Cdecl]<int> cuCtxSynchronize;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, uint, int> cuCtxEnablePeerAccess;
        public readonly delegate* unmanaged[Cdecl]<nuint*, nuint*, int> cuMemGetInfo_v2;

        public readonly delegate* unmanaged[Cdecl]<ulong*, nuint, int> cuMemAlloc_v2;
        public readonly delegate* unmanaged[Cdecl]<ulong, int> cuMemFree_v2;
        public readonly delegate* unmanaged[Cdecl]<void**, nuint, uint, int> cuMemHostAlloc;
        public readonly delegate* unmanaged[Cdecl]<void*, int> cuMemFreeHost;
        public readonly delegate* unmanaged[Cdecl]<ulong, void*, nuint, int> cuMemcpyHtoD_v2;
        public readonly delegate* unmanaged[Cdecl]<void*, ulong, nuint, int> cuMemcpyDtoH_v2;
        public readonly delegate* unmanaged[Cdecl]<ulong, ulong, nuint, int> cuMemcpyDtoD_v2;
        public readonly delegate* unmanaged[Cdecl]<ulong, void*, nuint, IntPtr, int> cuMemcpyHtoDAsync_v2;
        public readonly delegate* unmanaged[Cdecl]<void*, ulong, nuint, IntPtr, int> cuMemcpyDtoHAsync_v2;
        public readonly delegate* unmanaged[Cdecl]<ulong, ulong, nuint, IntPtr, int> cuMemcpyDtoDAsync_v2;
        public readonly delegate* unmanaged[Cdecl]<ulong, IntPtr, ulong, IntPtr, nuint, int> cuMemcpyPeer;
        public readonly delegate* unmanaged[Cdecl]<ulong, IntPtr, ulong, IntPtr, nuint, IntPtr, int> cuMemcpyPeerAsync;
        public readonly delegate* unmanaged[Cdecl]<ulong, byte, nuint, int> cuMemsetD8_v2;
        public readonly delegate* unmanaged[Cdecl]<ulong, uint, nuint, int> cuMemsetD32_v2;
        public readonly delegate* unmanaged[Cdecl]<ulong, byte, nuint, IntPtr, int> cuMemsetD8Async;
        public readonly delegate* unmanaged[Cdecl]<ulong, uint, nuint, IntPtr, int> cuMemsetD32Async;

        public readonly delegate* unmanaged[Cdecl]<IntPtr*, uint, int> cuStreamCreate;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cuStreamDestroy_v2;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cuStreamSynchronize;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cuStreamQuery;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, uint, int> cuStreamWaitEvent;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int> cuStreamBeginCapture_v2;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, int> cuStreamEndCapture;

        public readonly delegate* unmanaged[Cdecl]<IntPtr*, uint, int> cuEventCreate;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cuEventDestroy_v2;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int> cuEventRecord;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cuEventSynchronize;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cuEventQuery;
        /// <summary>The original export, or cuEventElapsedTime_v2 (same signature) should a driver lack it.</summary>
        public readonly delegate* unmanaged[Cdecl]<float*, IntPtr, IntPtr, int> cuEventElapsedTime;

        public readonly delegate* unmanaged[Cdecl]<IntPtr*, void*, int> cuModuleLoadData;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cuModuleUnload;
        public readonly delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, byte*, int> cuModuleGetFunction;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int, int> cuFuncSetAttribute;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, uint, uint, uint, uint, uint, uint, uint, IntPtr, void**, void**, int> cuLaunchKernel;

        public readonly delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, ulong, int> cuGraphInstantiateWithFlags;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int> cuGraphLaunch;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cuGraphExecDestroy;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cuGraphDestroy;

        internal DriverApi(LoadedLibrary library)
        {
            Library = library;
            cuInit = (delegate* unmanaged[Cdecl]<uint, int>)library.Require("cuInit");
            cuDriverGetVersion = (delegate* unmanaged[Cdecl]<int*, int>)library.Require("cuDriverGetVersion");
            cuGetErrorString = (delegate* unmanaged[Cdecl]<int, IntPtr*, int>)library.Require("cuGetErrorString");
            cuGetErrorName = (delegate* unmanaged[Cdecl]<int, IntPtr*, int>)library.Require("cuGetErrorName");
            cuDeviceGetCount = (delegate* unmanaged[Cdecl]<int*, int>)library.Require("cuDeviceGetCount");
            cuDeviceGet = (delegate* unmanaged[Cdecl]<int*, int, int>)library.Require("cuDeviceGet");
            cuDeviceGetName = (delegate* unmanaged[Cdecl]<byte*, int, int, int>)library.Require("cuDeviceGetName");
            cuDeviceGetAttribute = (delegate* unmanaged[Cdecl]<int*, int, int, int>)library.Require("cuDeviceGetAttribute");
            cuDeviceTotalMem_v2 = (delegate* unmanaged[Cdecl]<nuint*, int, int>)library.Require("cuDeviceTotalMem_v2");
            cuDeviceCanAccessPeer = (delegate* unmanaged[Cdecl]<int*, int, int, int>)library.Optional("cuDeviceCanAccessPeer");
            cuDevicePrimaryCtxRetain = (delegate* unmanaged[Cdecl]<IntPtr*, int, int>)library.Require("cuDevicePrimaryCtxRetain");
            cuDevicePrimaryCtxRelease_v2 = (delegate* unmanaged[Cdecl]<int, int>)library.Require("cuDevicePrimaryCtxRelease_v2");
            cuCtxSetCurrent = (delegate* unmanaged[Cdecl]<IntPtr, int>)library.Require("cuCtxSetCurrent");
            cuCtxGetCurrent = (delegate* unmanaged[Cdecl]<IntPtr*, int>)library.Require("cuCtxGetCurrent");
            cuCtxSynchronize = (delegate* unmanaged[Cdecl]<int>)library.Require("cuCtxSynchronize");
            cuCtxEnablePeerAccess = (delegate* unmanaged[Cdecl]<IntPtr, uint, int>)library.Optional("cuCtxEnablePeerAccess");
            cuMemGetInfo_v2 = (delegate* unmanaged[Cdecl]<nuint*, nuint*, int>)library.Require("cuMemGetInfo_v2");
            cuMemAlloc_v2 = (delegate* unmanaged[Cdecl]<ulong*, nuint, int>)library.Require("cuMemAlloc_v2");
            cuMemFree_v2 = (delegate* unmanaged[Cdecl]<ulong, int>)library.Require("cuMemFree_v2");
            cuMemHostAlloc = (delegate* unmanaged[Cdecl]<void**, nuint, uint, int>)library.Require("cuMemHostAlloc");
            cuMemFreeHost = (delegate* unmanaged[Cdecl]<void*, int>)library.Require("cuMemFreeHost");
            cuMemcpyHtoD_v2 = (delegate* unmanaged[Cdecl]<ulong, void*, nuint, int>)library.Require("cuMemcpyHtoD_v2");
            cuMemcpyDtoH_v2 = (delegate* unmanaged[Cdecl]<void*, ulong, nuint, int>)library.Require("cuMemcpyDtoH_v2");
            cuMemcpyDtoD_v2 = (delegate* unmanaged[Cdecl]<ulong, ulong, nuint, int>)library.Require("cuMemcpyDtoD_v2");
            cuMemcpyHtoDAsync_v2 = (delegate* unmanaged[Cdecl]<ulong, void*, nuint, IntPtr, int>)library.Require("cuMemcpyHtoDAsync_v2");
            cuMemcpyDtoHAsync_v2 = (delegate* unmanaged[Cdecl]<void*, ulong, nuint, IntPtr, int>)library.Require("cuMemcpyDtoHAsync_v2");
            cuMemcpyDtoDAsync_v2 = (delegate* unmanaged[Cdecl]<ulong, ulong, nuint, IntPtr, int>)library.Require("cuMemcpyDtoDAsync_v2");
            cuMemcpyPeer = (delegate* unmanaged[Cdecl]<ulong, IntPtr, ulong, IntPtr, nuint, int>)library.Optional("cuMemcpyPeer");
            cuMemcpyPeerAsync = (delegate* unmanaged[Cdecl]<ulong, IntPtr, ulong, IntPtr, nuint, IntPtr, int>)library.Optional("cuMemcpyPeerAsync");
            cuMemsetD8_v2 = (delegate* unmanaged[Cdecl]<ulong, byte, nuint, int>)library.Require("cuMemsetD8_v2");
            cuMemsetD32_v2 = (delegate* unmanaged[Cdecl]<ulong, uint, nuint, int>)library.Require("cuMemsetD32_v2");
            cuMemsetD8Async = (delegate* unmanaged[Cdecl]<ulong, byte, nuint, IntPtr, int>)library.Require("cuMemsetD8Async");
            cuMemsetD32Async = (delegate* unmanaged[Cdecl]<ulong, uint, nuint, IntPtr, int>)library.Require("cuMemsetD32Async");
            cuStreamCreate = (delegate* unmanaged[Cdecl]<IntPtr*, uint, int>)library.Require("cuStreamCreate");
            cuStreamDestroy_v2 = (delegate* unmanaged[Cdecl]<IntPtr, int>)library.Require("cuStreamDestroy_v2");
            cuStreamSynchronize = (delegate* unmanaged[Cdecl]<IntPtr, int>)library.Require("cuStreamSynchronize");
            cuStreamQuery = (delegate* unmanaged[Cdecl]<IntPtr, int>)library.Require("cuStreamQuery");
            cuStreamWaitEvent = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, uint, int>)library.Require("cuStreamWaitEvent");
            cuStreamBeginCapture_v2 = (delegate* unmanaged[Cdecl]<IntPtr, int, int>)library.Optional("cuStreamBeginCapture_v2");
            cuStreamEndCapture = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr*, int>)library.Optional("cuStreamEndCapture");
            cuEventCreate = (delegate* unmanaged[Cdecl]<IntPtr*, uint, int>)library.Require("cuEventCreate");
            cuEventDestroy_v2 = (delegate* unmanaged[Cdecl]<IntPtr, int>)library.Require("cuEventDestroy_v2");
            cuEventRecord = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int>)library.Require("cuEventRecord");
            cuEventSynchronize = (delegate* unmanaged[Cdecl]<IntPtr, int>)library.Require("cuEventSynchronize");
            cuEventQuery = (delegate* unmanaged[Cdecl]<IntPtr, int>)library.Require("cuEventQuery");
            IntPtr elapsed = library.Optional("cuEventElapsedTime");
            if (elapsed == IntPtr.Zero) elapsed = library.Optional("cuEventElapsedTime_v2"); // same signature (CUDA 12.8+)
            cuEventElapsedTime = (delegate* unmanaged[Cdecl]<float*, IntPtr, IntPtr, int>)elapsed;
            cuModuleLoadData = (delegate* unmanaged[Cdecl]<IntPtr*, void*, int>)library.Require("cuModuleLoadData");
            cuModuleUnload = (delegate* unmanaged[Cdecl]<IntPtr, int>)library.Require("cuModuleUnload");
            cuModuleGetFunction = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, byte*, int>)library.Require("cuModuleGetFunction");
            cuFuncSetAttribute = (delegate* unmanaged[Cdecl]<IntPtr, int, int, int>)library.Optional("cuFuncSetAttribute");
            cuLaunchKernel = (delegate* unmanaged[Cdecl]<IntPtr, uint, uint, uint, uint, uint, uint, uint, IntPtr, void**, void**, int>)library.Require("cuLaunchKernel");
            cuGraphInstantiateWithFlags = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, ulong, int>)library.Optional("cuGraphInstantiateWithFlags");
            cuGraphLaunch = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int>)library.Optional("cuGraphLaunch");
            cuGraphExecDestroy = (delegate* unmanaged[Cdecl]<IntPtr, int>)library.Optional("cuGraphExecDestroy");
            cuGraphDestroy = (delegate* unmanaged[Cdecl]<IntPtr, int>)library.Optional("cuGraphDestroy");
        }

        /// <summary>"CUDA_ERROR_OUT_OF_MEMORY: out of memory" from the driver itself.</summary>
        public string StatusText(int status)
        {
            IntPtr name = IntPtr.Zero, text = IntPtr.Zero;
            string? n = cuGetErrorName(status, &name) == Success ? Utf8.FromPointer(name) : null;
            string? t = cuGetErrorString(status, &text) == Success ? Utf8.FromPointer(text) : null;
            if (n == null && t == null) return "unknown CUresult";
            if (n == null) return t!;
            return t == null ? n : n + ": " + t;
        }

        /// <summary>
        /// Throws CudaUnavailableException when an export the core does not need (peer access, graphs, timing) is
        /// missing from this driver: found at first use instead of making the whole driver unusable.
        /// </summary>
        public void Ensure(void* function, string name)
        {
            if (function == null) throw new CudaUnavailableException($"{Library.Path} does not export {name} (driver too old?)");
        }

        /// <summary>Throws CudaException naming the function unless status is CUDA_SUCCESS.</summary>
        public void Check(int status, string function)
        {
            if (status != Success) throw new CudaException(function, status, StatusText(status));
        }
    }
}
