#nullable enable
using System;
using System.Collections.Generic;
using Sightline.Classification;
using Sightline.Cpu;
using Sightline.Engines;
using Sightline.Model;
using Sightline.Onnx;

namespace Sightline.Unity.Engines
{
    /// <summary>
    /// Builds engines for the components and the training window. Auto tries CUDA, then (for inference) ONNX
    /// Runtime, then the CPU engine, and keeps what each attempt said so a user can see why a slower engine ran.
    /// Slow (CUDA compiles kernels on first use, ONNX Runtime builds a session): call off the main thread.
    /// </summary>
    public static class EngineFactory
    {
        /// <summary>An inference engine holding <paramref name="model"/>'s parameters (<paramref name="tensorCores"/>: CUDA in TF32).</summary>
        public static IEngine CreateForInference(EngineChoice choice, TrainedModel model, int maxBatch, List<string> attempts, bool tensorCores = false)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            foreach (var candidate in Order(choice, inference: true))
            {
                try
                {
                    IEngine? engine = candidate switch
                    {
                        EngineChoice.Cuda => CudaSupport.TryCreate(model.Spec, maxBatch, Placement.OneDevice(0), tensorCores, out var reason) ?? Unavailable(attempts, "CUDA", reason),
                        EngineChoice.OnnxRuntime => OnnxRuntimeSupport.TryCreate(model, maxBatch, out var ortReason) ?? Unavailable(attempts, "ONNX Runtime", ortReason),
                        _ => new CpuEngine(model.Spec, maxBatch),
                    };
                    if (engine == null) continue;
                    if (candidate != EngineChoice.OnnxRuntime) engine.SetParameters(model.Parameters);
                    attempts.Add($"{engine.Name}: ready");
                    return engine;
                }
                catch (Exception e) when (choice == EngineChoice.Auto && candidate != EngineChoice.Cpu)
                {
                    attempts.Add($"{candidate}: {e.Message}");
                }
            }
            throw new InvalidOperationException($"no engine could be created ({string.Join("; ", attempts)})");
        }

        /// <summary>A training engine (CUDA or CPU; ONNX Runtime cannot train) for <paramref name="spec"/> (<paramref name="tensorCores"/>: CUDA in TF32).</summary>
        public static IEngine CreateForTraining(EngineChoice choice, NetworkSpec spec, int maxBatch, Placement placement, List<string> attempts, bool tensorCores = false)
        {
            if (choice == EngineChoice.OnnxRuntime) throw new ArgumentException("ONNX Runtime runs inference only; train with Auto, CUDA or CPU");
            foreach (var candidate in Order(choice, inference: false))
            {
                if (candidate == EngineChoice.Cuda)
                {
                    try
                    {
                        var cuda = CudaSupport.TryCreate(spec, maxBatch, placement, tensorCores, out var reason);
                        if (cuda != null)
                        {
                            attempts.Add($"{cuda.Name}: ready ({placement}{(tensorCores ? ", TF32" : "")})");
                            return cuda;
                        }
                        Unavailable(attempts, "CUDA", reason);
                        if (choice == EngineChoice.Cuda) break;
                    }
                    catch (Exception e) when (choice == EngineChoice.Auto)
                    {
                        attempts.Add("CUDA: " + e.Message);
                    }
                    continue;
                }
                var cpu = new CpuEngine(spec, maxBatch);
                attempts.Add("cpu: ready");
                return cpu;
            }
            throw new InvalidOperationException($"no engine could be created ({string.Join("; ", attempts)})");
        }

        static IEnumerable<EngineChoice> Order(EngineChoice choice, bool inference)
        {
            if (choice != EngineChoice.Auto)
            {
                yield return choice;
                yield break;
            }
            yield return EngineChoice.Cuda;
            if (inference) yield return EngineChoice.OnnxRuntime;
            yield return EngineChoice.Cpu;
        }

        static IEngine? Unavailable(List<string> attempts, string name, string reason)
        {
            attempts.Add($"{name}: {reason}");
            return null;
        }
    }
}
