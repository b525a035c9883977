using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Sightline.Cuda.Loading
{
    /// <summary>
    /// Where to look for each library, in order: an explicit path (SIGHTLINE_NVRTC etc.), the folders in
    /// SIGHTLINE_CUDA_LIBS, the system search path by versioned name (newest first), then CUDA_PATH and the usual
    /// install folders. Versioned names only: an unversioned libcudnn.so may be a different major version.
    /// </summary>
    public static class LibraryCandidates
    {
        /// <summary>Environment variable: folders (path-separator separated) searched before anything else.</summary>
        public const string LibsVariable = "SIGHTLINE_CUDA_LIBS";

        /// <summary>The environment variable that names one library file exactly, if any (SIGHTLINE_NVRTC ...).</summary>
        public static string ExplicitPathVariable(CudaLibrary library)
        {
            switch (library)
            {
                case CudaLibrary.Driver: return "SIGHTLINE_LIBCUDA";
                case CudaLibrary.Nvrtc: return "SIGHTLINE_NVRTC";
                case CudaLibrary.Cublas: return "SIGHTLINE_CUBLAS";
                case CudaLibrary.CublasLt: return "SIGHTLINE_CUBLASLT";
                default: return "SIGHTLINE_CUDNN";
            }
        }

        /// <summary>File names, most wanted first.</summary>
        public static IReadOnlyList<string> FileNames(CudaLibrary library, bool windows)
        {
            if (windows)
            {
                switch (library)
                {
                    case CudaLibrary.Driver: return new[] { "nvcuda.dll" };
                    case CudaLibrary.Nvrtc: return new[] { "nvrtc64_130_0.dll", "nvrtc64_120_0.dll", "nvrtc64_112_0.dll" };
                    case CudaLibrary.Cublas: return new[] { "cublas64_13.dll", "cublas64_12.dll" };
                    case CudaLibrary.CublasLt: return new[] { "cublasLt64_13.dll", "cublasLt64_12.dll" };
                    default: return new[] { "cudnn64_9.dll" };
                }
            }
            switch (library)
            {
                case CudaLibrary.Driver: return new[] { "libcuda.so.1" };
                case CudaLibrary.Nvrtc: return new[] { "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2" };
                case CudaLibrary.Cublas: return new[] { "libcublas.so.13", "libcublas.so.12" };
                case CudaLibrary.CublasLt: return new[] { "libcublasLt.so.13", "libcublasLt.so.12" };
                default: return new[] { "libcudnn.so.9" };
            }
        }

        /// <summary>Install folders searched after the system search path.</summary>
        public static IReadOnlyList<string> Folders(bool windows, Func<string, string?> environment)
        {
            var folders = new List<string>();
            string? cudaPath = environment("CUDA_PATH");
            if (!string.IsNullOrEmpty(cudaPath))
            {
                if (windows)
                {
                    folders.Add(Path.Combine(cudaPath, "bin", "x64"));
                    folders.Add(Path.Combine(cudaPath, "bin"));
                }
                else
                {
                    folders.Add(Path.Combine(cudaPath, "lib64"));
                    folders.Add(Path.Combine(cudaPath, "targets", "x86_64-linux", "lib"));
                }
            }
            if (windows)
            {
                string programFiles = environment("ProgramFiles") ?? @"C:\Program Files";
                foreach (var toolkit in Descending(Path.Combine(programFiles, "NVIDIA GPU Computing Toolkit", "CUDA"), "v*"))
                {
                    folders.Add(Path.Combine(toolkit, "bin", "x64"));
                    folders.Add(Path.Combine(toolkit, "bin"));
                }
                // cuDNN's Windows installer: CUDNN\v9.x\bin\<cuda major>\x64
                foreach (var cudnn in Descending(Path.Combine(programFiles, "NVIDIA", "CUDNN"), "v9*"))
                    foreach (var cuda in Descending(Path.Combine(cudnn, "bin"), "*"))
                        folders.Add(Path.Combine(cuda, "x64"));
                return folders;
            }
            folders.Add("/usr/local/cuda/lib64");
            folders.Add("/usr/local/cuda/targets/x86_64-linux/lib");
            foreach (var toolkit in Descending("/usr/local", "cuda-*"))
                folders.Add(Path.Combine(toolkit, "targets", "x86_64-linux", "lib"));
            folders.Add("/usr/lib/x86_64-linux-gnu");
            folders.Add("/usr/lib64");
            folders.Add("/usr/lib/wsl/lib");
            return folders;
        }

        /// <summary>Everything to try for one library, in order, without duplicates.</summary>
        public static IReadOnlyList<string> For(CudaLibrary library, bool windows, Func<string, string?> environment)
        {
            var result = new List<string>();
            void Add(string candidate)
            {
                if (!result.Contains(candidate)) result.Add(candidate);
            }
            string? exact = environment(ExplicitPathVariable(library));
            if (!string.IsNullOrEmpty(exact)) Add(exact!);
            var names = FileNames(library, windows);
            string? libs = environment(LibsVariable);
            if (!string.IsNullOrEmpty(libs))
                foreach (var folder in libs!.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
                    foreach (var name in names) Add(Path.Combine(folder, name));
            foreach (var name in names) Add(name);
            foreach (var folder in Folders(windows, environment))
                foreach (var name in names) Add(Path.Combine(folder, name));
            return result;
        }

        static IEnumerable<string> Descending(string parent, string pattern)
        {
            try
            {
                if (!Directory.Exists(parent)) return Array.Empty<string>();
                return Directory.GetDirectories(parent, pattern).OrderByDescending(d => d, StringComparer.Ordinal).ToArray();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return Array.Empty<string>();
            }
        }
    }
}
