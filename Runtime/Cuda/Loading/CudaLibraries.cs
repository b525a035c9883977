using System;
using System.Collections.Generic;
using Sightline.Cuda.Blas;
using Sightline.Cuda.Dnn;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Nvrtc;

namespace Sightline.Cuda.Loading
{
    /// <summary>
    /// Finds and binds each CUDA library once per process, on first use. A library that is missing stays missing
    /// (with the record of what was tried); asking for its API throws <see cref="CudaUnavailableException"/>.
    /// </summary>
    public static class CudaLibraries
    {
        static readonly object Gate = new object();
        static readonly Dictionary<CudaLibrary, LoadedLibrary> Found = new Dictionary<CudaLibrary, LoadedLibrary>();
        static DriverApi? _driver;
        static NvrtcApi? _nvrtc;
        static CublasApi? _cublas;
        static CublasLtApi? _cublasLt;
        static CudnnApi? _cudnn;
        static bool _initialized;
        static string? _initError;

        /// <summary>Looks a library up (once) and reports what happened; never throws.</summary>
        public static LoadedLibrary Find(CudaLibrary library)
        {
            lock (Gate)
            {
                if (!Found.TryGetValue(library, out var loaded))
                {
                    var candidates = LibraryCandidates.For(library, NativeMethods.IsWindows, Environment.GetEnvironmentVariable);
                    loaded = LoadedLibrary.Find(library, candidates);
                    Found[library] = loaded;
                }
                return loaded;
            }
        }

        /// <summary>The driver API with cuInit done; throws CudaUnavailableException saying why not.</summary>
        public static unsafe DriverApi Driver
        {
            get
            {
                lock (Gate)
                {
                    if (_driver == null) _driver = new DriverApi(Require(CudaLibrary.Driver));
                    if (!_initialized)
                    {
                        if (_initError != null) throw new CudaUnavailableException(_initError);
                        int status = _driver.cuInit(0);
                        if (status != DriverApi.Success)
                        {
                            _initError = $"cuInit failed: {_driver.StatusText(status)} ({status}); driver loaded from {_driver.Library.Path}";
                            throw new CudaUnavailableException(_initError);
                        }
                        _initialized = true;
                    }
                    return _driver;
                }
            }
        }

        public static NvrtcApi Nvrtc
        {
            get { lock (Gate) return _nvrtc ??= new NvrtcApi(Require(CudaLibrary.Nvrtc)); }
        }

        public static CublasApi Cublas
        {
            get { lock (Gate) return _cublas ??= new CublasApi(Require(CudaLibrary.Cublas)); }
        }

        public static CublasLtApi CublasLt
        {
            get { lock (Gate) return _cublasLt ??= new CublasLtApi(Require(CudaLibrary.CublasLt)); }
        }

        public static CudnnApi Cudnn
        {
            get { lock (Gate) return _cudnn ??= new CudnnApi(Require(CudaLibrary.Cudnn)); }
        }

        /// <summary>
        /// True when the driver loads, initialises and sees at least one device; otherwise reason says why
        /// (for Assert.Ignore, doctor and "CUDA unavailable" messages).
        /// </summary>
        public static unsafe bool IsAvailable(out string reason)
        {
            try
            {
                var driver = Driver;
                int count;
                int status = driver.cuDeviceGetCount(&count);
                if (status != DriverApi.Success)
                {
                    reason = "cuDeviceGetCount failed: " + driver.StatusText(status);
                    return false;
                }
                if (count == 0)
                {
                    reason = "the CUDA driver loaded from " + driver.Library.Path + " sees no devices";
                    return false;
                }
                reason = "";
                return true;
            }
            catch (CudaUnavailableException e)
            {
                reason = e.Message;
                return false;
            }
        }

        static LoadedLibrary Require(CudaLibrary library)
        {
            var loaded = Find(library);
            if (!loaded.IsLoaded) throw new CudaUnavailableException("CUDA unavailable: " + loaded.Describe());
            return loaded;
        }
    }
}
