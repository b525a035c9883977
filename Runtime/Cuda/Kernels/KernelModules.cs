using System.Collections.Generic;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Nvrtc;

namespace Sightline.Cuda.Kernels
{
    /// <summary>
    /// Turns kernel source into a loaded module for a context's device: NVRTC for the device's architecture
    /// (CUBIN when NVRTC knows it, else PTX), through the disk cache.
    /// </summary>
    public static class KernelModules
    {
        /// <summary>Compiles (or takes from the cache) and loads <paramref name="source"/>; the caller owns the module.</summary>
        /// <param name="name">a name for logs and cache files, e.g. "utility.cu".</param>
        public static CudaModule Load(CudaContext context, string name, string source, NvrtcCompiler? compiler = null, IReadOnlyList<string>? options = null)
        {
            compiler ??= NvrtcCompiler.Default();
            string target = compiler.TargetFor(context.Device.ComputeCapability);
            var compiled = compiler.Compile(source, name, target, options);
            return new CudaModule(context, compiled.Image, $"{name} ({compiled.Target}, NVRTC {compiler.Version})");
        }

        /// <summary>Loads one of the embedded sources by file name ("utility.cu").</summary>
        public static CudaModule LoadEmbedded(CudaContext context, string fileName, NvrtcCompiler? compiler = null)
        {
            if (!KernelSources.All.TryGetValue(fileName, out var source))
                throw new KeyNotFoundException($"no embedded kernel source '{fileName}'; known: {string.Join(", ", KernelSources.All.Keys)}");
            return Load(context, fileName, source, compiler);
        }
    }
}
