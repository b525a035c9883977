#nullable enable
// Sightline.Cuda is compiled only for the Editor, Windows x64 and Linux x64 (its asmdef's includePlatforms), so on
// every other player platform (macOS, mobile, consoles, 32-bit Windows) this assembly must not mention its types.
// This file is the only place that does, and SIGHTLINE_CUDA mirrors that platform list.
#if SIGHTLINE_DOTNET || UNITY_EDITOR || ((UNITY_STANDALONE_WIN || UNITY_STANDALONE_LINUX) && UNITY_64)
#define SIGHTLINE_CUDA
#endif

using Sightline.Engines;
using Sightline.Model;
#if SIGHTLINE_CUDA
using Sightline.Cuda.Engine;
using Sightline.Cuda.Loading;
#endif

namespace Sightline.Unity.Engines
{
    /// <summary>Creates the CUDA engine where Sightline.Cuda exists on this platform, and says why not elsewhere.</summary>
    public static class CudaSupport
    {
#if SIGHTLINE_CUDA
        public const bool IsCompiled = true;
#else
        public const bool IsCompiled = false;
#endif

        /// <summary>True when the CUDA driver loads and sees a GPU; otherwise <paramref name="reason"/> says what is missing.</summary>
        public static bool IsAvailable(out string reason)
        {
#if SIGHTLINE_CUDA
            return CudaLibraries.IsAvailable(out reason);
#else
            reason = "the CUDA engine is not built for this platform (Sightline.Cuda targets the Editor, Windows x64 and Linux x64)";
            return false;
#endif
        }

        /// <summary>A CUDA engine for <paramref name="spec"/> in strict fp32; null with a reason when CUDA is unavailable.</summary>
        public static IEngine? TryCreate(NetworkSpec spec, int maxBatch, Placement placement, out string reason) =>
            TryCreate(spec, maxBatch, placement, false, out reason);

        /// <summary>
        /// As <see cref="TryCreate(NetworkSpec, int, Placement, out string)"/>; <paramref name="tensorCores"/> runs the
        /// convolutions and fully connected layers in TF32 on tensor cores (faster; results about 1e-3 from fp32).
        /// </summary>
        public static IEngine? TryCreate(NetworkSpec spec, int maxBatch, Placement placement, bool tensorCores, out string reason)
        {
            if (!IsAvailable(out reason)) return null;
#if SIGHTLINE_CUDA
            return new CudaEngine(spec, new CudaEngineOptions { MaxBatch = maxBatch, Placement = placement, MathMode = tensorCores ? CudaMathMode.Tf32 : CudaMathMode.Strict });
#else
            return null;
#endif
        }
    }
}
