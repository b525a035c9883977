using System;
using Sightline.Cpu;
using Sightline.Cuda;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Engine;
using Sightline.Cuda.Loading;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Cli.Training
{
    /// <summary>
    /// Creates the engine a command asked for: "cpu", "cuda" or "auto" (CUDA when it is available, else the CPU with
    /// a note saying why: the reason in a few words when CUDA is absent, the exception's type and whole message when
    /// it failed for another reason). An explicit "cuda" that cannot start is a user error naming the reason.
    /// </summary>
    public static class EngineFactory
    {
        /// <summary>The CUDA engine factory: (spec, max batch, settings) -> engine; throws with the reason when no GPU can be used. Replaceable (tests).</summary>
        public static Func<NetworkSpec, int, CudaSettings, IEngine>? Cuda { get; set; } = CreateCuda;

        /// <summary>Why CUDA cannot be used when <see cref="Cuda"/> is not set.</summary>
        public const string CudaMissing = "no CUDA engine is configured";

        static IEngine CreateCuda(NetworkSpec spec, int maxBatch, CudaSettings settings)
        {
            if (!CudaLibraries.IsAvailable(out string reason)) throw new CudaUnavailableException(reason);
            // Checked here so "two" on a one-GPU machine says which device is missing, not a driver call's failure.
            string? missing = PlacementDevices.Missing(settings.Placement, CudaDevice.Count);
            if (missing != null) throw new UserInputException(missing);
            return new CudaEngine(spec, settings.Options(maxBatch));
        }

        public static readonly string[] Choices = { "auto", "cpu", "cuda" };

        /// <summary>The engine and, for "auto" that fell back to the CPU, a sentence saying why (else null).</summary>
        public static (IEngine engine, string? note) Create(string choice, NetworkSpec spec, int maxBatch, int threads) =>
            Create(choice, spec, maxBatch, threads, null);

        /// <summary>
        /// As <see cref="Create(string, NetworkSpec, int, int)"/> with a tower placement for the CUDA engine (null: one
        /// device). The CPU engine ignores a placement; the note then says so.
        /// </summary>
        public static (IEngine engine, string? note) Create(string choice, NetworkSpec spec, int maxBatch, int threads, Placement? placement) =>
            Create(choice, spec, maxBatch, threads, placement, CudaMathMode.Strict, ConvolutionLayout.Nchw);

        /// <summary>
        /// As <see cref="Create(string, NetworkSpec, int, int, Placement?)"/> with the CUDA engine's math mode and
        /// convolution layout (`--math`, `--conv-layout`); the CPU engine ignores them and the note says so.
        /// </summary>
        public static (IEngine engine, string? note) Create(string choice, NetworkSpec spec, int maxBatch, int threads, Placement? placement, CudaMathMode math, ConvolutionLayout layout)
        {
            var cuda = new CudaSettings { Placement = placement ?? Placement.OneDevice(0), Math = math, Layout = layout };
            string? ignored = placement == null ? null : $"--placement {Describe(placement)} is ignored: the CPU engine runs both towers as grouped layers";
            if (cuda.HasNonDefaultMathOrLayout)
                ignored = Join($"--math {math.ToString().ToLowerInvariant()} and --conv-layout {layout.ToString().ToLowerInvariant()} are for the CUDA engine; the CPU engine computes in fp32", ignored);
            switch ((choice ?? "auto").Trim().ToLowerInvariant())
            {
                case "cpu":
                    return (Cpu(spec, maxBatch, threads), ignored);
                case "cuda":
                    if (Cuda == null) throw new UserInputException($"--engine cuda: {CudaMissing}; use --engine cpu");
                    try
                    {
                        return (Cuda(spec, maxBatch, cuda), null);
                    }
                    catch (Exception e) when (!(e is UserInputException))
                    {
                        throw new UserInputException($"--engine cuda: {e.Message}");
                    }
                case "auto":
                    if (Cuda == null) return (Cpu(spec, maxBatch, threads), Join($"using the CPU: {CudaMissing}", ignored));
                    try
                    {
                        return (Cuda(spec, maxBatch, cuda), null);
                    }
                    catch (CudaBatchTooLargeException e)
                    {
                        // The GPU works, the batch is too large for it: say which batch fits rather than fall back to a far slower CPU.
                        throw new UserInputException($"--batch {maxBatch}: {e.Message}");
                    }
                    catch (UserInputException)
                    {
                        // A placement naming a GPU that does not exist is the user's mistake, not a reason to fall back.
                        throw;
                    }
                    catch (Exception e)
                    {
                        // Absence is routine; any other failure (a kernel that does not compile, a cuDNN error) is
                        // reported whole, so a fallback never hides a fault.
                        return (Cpu(spec, maxBatch, threads), Join("using the CPU: " + EngineFallback.Describe("CUDA", e, IsAbsence(e)), ignored));
                    }
                default:
                    throw new UserInputException($"--engine '{choice}' is not one of {string.Join(", ", Choices)}");
            }
        }

        static string Join(string note, string? more) => more == null ? note : note + "; " + more;

        static string Describe(Placement p) => p.IsSplit ? $"{p.DeviceA},{p.DeviceB}" : "one";

        /// <summary>CUDA is simply not there (no driver, library or device), as opposed to failing while it starts.</summary>
        internal static bool IsAbsence(Exception e) => e is CudaUnavailableException || e is DllNotFoundException;

        static IEngine Cpu(NetworkSpec spec, int maxBatch, int threads)
        {
            if (threads < 0) throw new UserInputException($"--threads must be 0 (all processors) or more (got {threads})");
            return new CpuEngine(spec, maxBatch, new CpuEngineOptions { ThreadCount = threads });
        }
    }
}
