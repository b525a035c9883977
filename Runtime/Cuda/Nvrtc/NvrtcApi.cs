using System;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Nvrtc
{
    /// <summary>NVRTC (the CUDA runtime compiler) as function pointers. nvrtcResult = int, nvrtcProgram = IntPtr.</summary>
    public sealed unsafe class NvrtcApi
    {
        public const int Success = 0;
        public const int ErrorCompilation = 6;

        public readonly LoadedLibrary Library;

        public readonly delegate* unmanaged[Cdecl]<int, IntPtr> nvrtcGetErrorString;
        public readonly delegate* unmanaged[Cdecl]<int*, int*, int> nvrtcVersion;
        public readonly delegate* unmanaged[Cdecl]<IntPtr*, byte*, byte*, int, byte**, byte**, int> nvrtcCreateProgram;
        public readonly delegate* unmanaged[Cdecl]<IntPtr*, int> nvrtcDestroyProgram;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, byte**, int> nvrtcCompileProgram;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint*, int> nvrtcGetPTXSize;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, int> nvrtcGetPTX;
        /// <summary>Null before NVRTC 11.1.</summary>
        public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint*, int> nvrtcGetCUBINSize;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, int> nvrtcGetCUBIN;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, nuint*, int> nvrtcGetProgramLogSize;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, int> nvrtcGetProgramLog;
        /// <summary>Null before NVRTC 11.2.</summary>
        public readonly delegate* unmanaged[Cdecl]<int*, int> nvrtcGetNumSupportedArchs;
        public readonly delegate* unmanaged[Cdecl]<int*, int> nvrtcGetSupportedArchs;

        internal NvrtcApi(LoadedLibrary library)
        {
            Library = library;
            nvrtcGetErrorString = (delegate* unmanaged[Cdecl]<int, IntPtr>)library.Require("nvrtcGetErrorString");
            nvrtcVersion = (delegate* unmanaged[Cdecl]<int*, int*, int>)library.Require("nvrtcVersion");
            nvrtcCreateProgram = (delegate* unmanaged[Cdecl]<IntPtr*, byte*, byte*, int, byte**, byte**, int>)library.Require("nvrtcCreateProgram");
            nvrtcDestroyProgram = (delegate* unmanaged[Cdecl]<IntPtr*, int>)library.Require("nvrtcDestroyProgram");
            nvrtcCompileProgram = (delegate* unmanaged[Cdecl]<IntPtr, int, byte**, int>)library.Require("nvrtcCompileProgram");
            nvrtcGetPTXSize = (delegate* unmanaged[Cdecl]<IntPtr, nuint*, int>)library.Require("nvrtcGetPTXSize");
            nvrtcGetPTX = (delegate* unmanaged[Cdecl]<IntPtr, byte*, int>)library.Require("nvrtcGetPTX");
            nvrtcGetCUBINSize = (delegate* unmanaged[Cdecl]<IntPtr, nuint*, int>)library.Optional("nvrtcGetCUBINSize");
            nvrtcGetCUBIN = (delegate* unmanaged[Cdecl]<IntPtr, byte*, int>)library.Optional("nvrtcGetCUBIN");
            nvrtcGetProgramLogSize = (delegate* unmanaged[Cdecl]<IntPtr, nuint*, int>)library.Require("nvrtcGetProgramLogSize");
            nvrtcGetProgramLog = (delegate* unmanaged[Cdecl]<IntPtr, byte*, int>)library.Require("nvrtcGetProgramLog");
            nvrtcGetNumSupportedArchs = (delegate* unmanaged[Cdecl]<int*, int>)library.Optional("nvrtcGetNumSupportedArchs");
            nvrtcGetSupportedArchs = (delegate* unmanaged[Cdecl]<int*, int>)library.Optional("nvrtcGetSupportedArchs");
            PreloadBuiltins(library);
        }

        // NVRTC dlopens libnvrtc-builtins.so.X.Y by soname while compiling; LD_LIBRARY_PATH is read only at process
        // start, so when NVRTC came from an absolute path, load the builtins beside it first: the dynamic linker
        // then finds the already-loaded soname (otherwise compiling fails with status 7).
        static void PreloadBuiltins(LoadedLibrary library)
        {
            if (NativeMethods.IsWindows || library.Path == null || !System.IO.Path.IsPathRooted(library.Path)) return;
            try
            {
                string? folder = System.IO.Path.GetDirectoryName(library.Path);
                if (folder == null || !System.IO.Directory.Exists(folder)) return;
                foreach (var builtins in System.IO.Directory.GetFiles(folder, "libnvrtc-builtins.so.*"))
                    NativeMethods.Load(builtins, out _);
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException || e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                // best effort: compiling reports the real problem
            }
        }

        /// <summary>Binds NVRTC from one file (`sightline check kernels --nvrtc PATH`), bypassing the search.</summary>
        public static NvrtcApi LoadFrom(string path)
        {
            var loaded = LoadedLibrary.FromPath(CudaLibrary.Nvrtc, path);
            if (!loaded.IsLoaded) throw new CudaUnavailableException("NVRTC could not be loaded: " + loaded.Describe());
            return new NvrtcApi(loaded);
        }

        public string StatusText(int status) => Utf8.FromPointer(nvrtcGetErrorString(status)) ?? "unknown nvrtcResult";

        public void Check(int status, string function)
        {
            if (status != Success) throw new CudaException(function, status, StatusText(status));
        }

        /// <summary>NVRTC's own version, e.g. (13, 0).</summary>
        public (int Major, int Minor) Version
        {
            get
            {
                int major, minor;
                Check(nvrtcVersion(&major, &minor), "nvrtcVersion");
                return (major, minor);
            }
        }

        /// <summary>The sm_XY numbers this NVRTC can generate code for (empty before 11.2: unknown).</summary>
        public int[] SupportedArchitectures()
        {
            if (nvrtcGetNumSupportedArchs == null || nvrtcGetSupportedArchs == null) return Array.Empty<int>();
            int count;
            Check(nvrtcGetNumSupportedArchs(&count), "nvrtcGetNumSupportedArchs");
            var archs = new int[count];
            fixed (int* p = archs) Check(nvrtcGetSupportedArchs(p), "nvrtcGetSupportedArchs");
            return archs;
        }
    }
}
