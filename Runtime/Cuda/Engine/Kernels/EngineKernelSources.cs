using System.Collections.Generic;
using Sightline.Cuda.Kernels;

namespace Sightline.Cuda.Engine.Kernels
{
    /// <summary>The engine's kernel sources, embedded from Native~/kernels by DotNet~/scripts/embed-kernels.sh.</summary>
    internal static class EngineKernelSources
    {
        public static string Get(string file)
        {
            if (KernelSources.All.TryGetValue(file + ".cu", out var source)) return source;
            throw new KeyNotFoundException($"no embedded kernel source '{file}.cu' (Native~/kernels/{file}.cu); rerun DotNet~/scripts/embed-kernels.sh");
        }
    }
}
