using System;
using Sightline.Cpu;
using Sightline.Cuda;
using Sightline.Cuda.Engine;
using Sightline.Cuda.Loading;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Cli.Training
{
    /// <summary>
    /// Creates the engine a command asked for: "cpu", "cuda" or "auto" (CUDA when it is available, else the CPU with
    /// a note saying why). An explicit "cuda" that cannot start is a user error naming the reason.
    /// </summary>
    public static class EngineFactory
    {
        /// <summary>The CUDA engine factory: (spec, max batch) -> engine; throws with the reason when no GPU can be used. Replaceable (tests).</summary>
        public static Func<NetworkSpec, int, IEngine>? Cuda { get; set; } = CreateCuda;

        /// <summary>Why CUDA cannot be used when <see cref="Cuda"/> is not set.</summary>
        public const string CudaMissing = "no CUDA engine is configured";

        static IEngine CreateCuda(NetworkSpec spec, int maxBatch)
        {
            if (!CudaLibraries.IsAvailable(out string reason)) throw new InvalidOperationException(reason);
            return new CudaEngine(spec, new CudaEngineOptions { MaxBatch = maxBatch });
        }

        public static readonly string[] Choices = { "auto", "cpu", "cuda" };

        /// <summary>The engine and, for "auto" that fell back to the CPU, a sentence saying why (else null).</summary>
        public static (IEngine engine, string? note) Create(string choice, NetworkSpec spec, int maxBatch, int threads)
        {
            switch ((choice ?? "auto").Trim().ToLowerInvariant())
            {
                case "cpu":
                    return (Cpu(spec, maxBatch, threads), null);
                case "cuda":
                    if (Cuda == null) throw new UserInputException($"--engine cuda: {CudaMissing}; use --engine cpu");
                    try
                    {
                        return (Cuda(spec, maxBatch), null);
                    }
                    catch (Exception e) when (!(e is UserInputException))
                    {
                        throw new UserInputException($"--engine cuda: {e.Message}");
                    }
                case "auto":
                    if (Cuda == null) return (Cpu(spec, maxBatch, threads), $"using the CPU: {CudaMissing}");
                    try
                    {
                        return (Cuda(spec, maxBatch), null);
                    }
                    catch (CudaBatchTooLargeException e)
                    {
                        // The GPU works, the batch is too large for it: say which batch fits rather than fall back to a far slower CPU.
                        throw new UserInputException($"--batch {maxBatch}: {e.Message}");
                    }
                    catch (Exception e)
                    {
                        return (Cpu(spec, maxBatch, threads), $"using the CPU: CUDA is not available ({Short(e.Message)})");
                    }
                default:
                    throw new UserInputException($"--engine '{choice}' is not one of {string.Join(", ", Choices)}");
            }
        }

        // The loader's message lists every path it tried; the first sentence is enough for a note.
        static string Short(string message)
        {
            int end = message.IndexOf("; ", StringComparison.Ordinal);
            return end > 0 ? message.Substring(0, end) : message;
        }

        static IEngine Cpu(NetworkSpec spec, int maxBatch, int threads)
        {
            if (threads < 0) throw new UserInputException($"--threads must be 0 (all processors) or more (got {threads})");
            return new CpuEngine(spec, maxBatch, new CpuEngineOptions { ThreadCount = threads });
        }
    }
}
