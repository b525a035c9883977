using System;
using System.Diagnostics;
using Sightline.Cpu;
using Sightline.Engines;
using Sightline.Model;
using Sightline.Randomness;

namespace Sightline.Cli.Benchmarks
{
    /// <summary>What `sightline bench cpu` measures: images per second of the CPU engine, and its GEMM next to OpenBLAS.</summary>
    internal static unsafe class CpuBenchmark
    {
        public sealed class EngineRate
        {
            public string Spec = "";
            public int Batch;
            public double TrainImagesPerSecond;
            public double InferImagesPerSecond;
            public double TrainGflops;
            /// <summary>Processor time the training measurement got, as a fraction of threads x wall time (below 1 on a busy machine).</summary>
            public double CpuShare;
            /// <summary>Milliseconds of one training step (wall).</summary>
            public double StepMs;
            /// <summary>Where a training step's time goes: fractions of <see cref="StepMs"/> by kind of work (with profiling).</summary>
            public System.Collections.Generic.SortedDictionary<string, double> Split = new System.Collections.Generic.SortedDictionary<string, double>(StringComparer.Ordinal);
            /// <summary>Per layer (with profiling): name, forward and backward milliseconds per training step.</summary>
            public System.Collections.Generic.List<(string name, double forwardMs, double backwardMs)> Layers =
                new System.Collections.Generic.List<(string, double, double)>();
        }

        public sealed class GemmRate
        {
            public int M, N, K;
            public string Kernel = "";
            public double Gflops;
            public double? OpenBlasGflops;
            /// <summary>The FMA ceiling of the kernel's instruction width on the same threads (<see cref="FmaPeak"/>); null for the portable kernel.</summary>
            public double? PeakGflops;
            public double? FractionOfPeak => PeakGflops.HasValue && PeakGflops > 0 ? Gflops / PeakGflops : (double?)null;
            public string? OpenBlasLibrary;
            public double? Ratio => OpenBlasGflops.HasValue && OpenBlasGflops > 0 ? Gflops / OpenBlasGflops : (double?)null;
        }

        /// <summary>Repeats <paramref name="action"/> (after one warm-up) until <paramref name="seconds"/> have passed and at least two runs; returns runs per second.</summary>
        static double Rate(Action action, double seconds) => Rate(action, seconds, out _);

        static double Rate(Action action, double seconds, out int runs)
        {
            action();
            afterWarmUp?.Invoke();
            var process = Process.GetCurrentProcess();
            var cpuStart = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            runs = 0;
            do
            {
                action();
                runs++;
            } while (runs < 2 || watch.Elapsed.TotalSeconds < seconds);
            double wall = watch.Elapsed.TotalSeconds;
            process.Refresh();
            lastCpuSeconds = (process.TotalProcessorTime - cpuStart).TotalSeconds;
            lastWallSeconds = wall;
            return runs / wall;
        }

        [ThreadStatic] static Action? afterWarmUp;
        [ThreadStatic] static double lastCpuSeconds, lastWallSeconds;

        public static EngineRate MeasureEngine(NetworkSpec spec, int batch, int threads, double seconds, bool profile)
        {
            using var engine = new CpuEngine(spec, batch, new CpuEngineOptions { ThreadCount = threads, InitSeed = 1, Profile = profile });
            var random = new SeededRandom(2);
            var input = new float[batch * spec.InputShape.Size];
            for (int i = 0; i < input.Length; i++) input[i] = (float)random.NextGaussian();
            var labels = new int[batch];
            for (int i = 0; i < batch; i++) labels[i] = random.NextInt(spec.Classes);
            var logits = new float[batch * spec.Classes];
            var settings = new SgdSettings(0.001f);
            afterWarmUp = engine.ResetLayerTimes;
            double trainSteps = Rate(() =>
            {
                engine.Forward(input, batch, logits, true);
                engine.Backward(labels);
                engine.Update(settings);
            }, seconds, out int steps);
            afterWarmUp = null;
            double cpuShare = lastCpuSeconds / (lastWallSeconds * threads);
            var forward = new double[spec.Layers.Count];
            var backward = new double[spec.Layers.Count];
            engine.GetLayerTimes(forward, backward);
            double unfoldWorkerSeconds = engine.UnfoldSeconds, updateSeconds = engine.UpdateSeconds;
            double inferSteps = Rate(() => engine.Forward(input, batch, logits, false), seconds);
            var rate = new EngineRate
            {
                Spec = spec.Preset,
                Batch = batch,
                TrainImagesPerSecond = trainSteps * batch,
                InferImagesPerSecond = inferSteps * batch,
                TrainGflops = trainSteps * batch * 3.0 * 2.0 * spec.MultiplyAdds / 1e9,
                CpuShare = cpuShare,
            };
            rate.StepMs = 1000.0 / trainSteps;
            if (profile)
            {
                for (int i = 0; i < spec.Layers.Count; i++)
                    rate.Layers.Add((spec.Layers[i].Name, 1000 * forward[i] / steps, 1000 * backward[i] / steps));
                rate.Split = Split(spec, forward, backward, unfoldWorkerSeconds / engine.ThreadCount, updateSeconds, steps / trainSteps);
            }
            return rate;
        }

        /// <summary>
        /// Fractions of the training steps' wall time: "gemm" (convolution and fully connected layers less their
        /// unfolding: the multiplies with their packing), "im2col" (unfolding images and folding the gradient back,
        /// worker time over the thread count), "lrn", "pool", "pointwise" (ReLU, tanh, dropout), "update" (SGD) and
        /// "other" (the rest of the step: loss, copies, waits between layers).
        /// </summary>
        static System.Collections.Generic.SortedDictionary<string, double> Split(NetworkSpec spec, double[] forward, double[] backward,
            double unfoldSeconds, double updateSeconds, double wallSeconds)
        {
            double convAndFc = 0, lrn = 0, pool = 0, pointwise = 0;
            for (int i = 0; i < spec.Layers.Count; i++)
            {
                double t = forward[i] + backward[i];
                switch (spec.Layers[i].Kind)
                {
                    case LayerKind.Convolution:
                    case LayerKind.FullyConnected: convAndFc += t; break;
                    case LayerKind.LocalResponseNorm: lrn += t; break;
                    case LayerKind.MaxPool: pool += t; break;
                    default: pointwise += t; break;
                }
            }
            double gemm = convAndFc - unfoldSeconds;
            double other = wallSeconds - convAndFc - lrn - pool - pointwise - updateSeconds;
            var split = new System.Collections.Generic.SortedDictionary<string, double>(StringComparer.Ordinal)
            {
                ["gemm"] = gemm / wallSeconds,
                ["im2col"] = unfoldSeconds / wallSeconds,
                ["lrn"] = lrn / wallSeconds,
                ["pool"] = pool / wallSeconds,
                ["pointwise"] = pointwise / wallSeconds,
                ["update"] = updateSeconds / wallSeconds,
                ["other"] = Math.Max(0, other) / wallSeconds,
            };
            return split;
        }

        public static GemmRate MeasureGemm(int size, int threads, double seconds)
        {
            int m = size, n = size, k = size;
            var random = new SeededRandom(3);
            var a = new float[m * k];
            var b = new float[k * n];
            var c = new float[m * n];
            for (int i = 0; i < a.Length; i++) a[i] = (float)random.NextGaussian();
            for (int i = 0; i < b.Length; i++) b[i] = (float)random.NextGaussian();
            double flops = 2.0 * m * n * k;
            var result = new GemmRate { M = m, N = n, K = k, Kernel = Gemm.KernelName };
            using (var context = new CpuContext(threads))
            {
                fixed (float* pa = a)
                fixed (float* pb = b)
                fixed (float* pc = c)
                {
                    float* x = pa, y = pb, z = pc;
                    result.Gflops = Rate(() => Gemm.Multiply(context, false, false, m, n, k, x, k, y, n, z, n, false), seconds) * flops / 1e9;
                }
            }
            result.PeakGflops = FmaPeak.Measure(Gemm.Isa, threads, Math.Min(1.0, seconds));
            var blas = OpenBlasSgemm.TryLoad();
            if (blas != null)
            {
                blas.SetThreads(threads);
                fixed (float* pa = a)
                fixed (float* pb = b)
                fixed (float* pc = c)
                {
                    float* x = pa, y = pb, z = pc;
                    result.OpenBlasGflops = Rate(() => blas.Multiply(false, false, m, n, k, x, y, z), seconds) * flops / 1e9;
                }
                result.OpenBlasLibrary = blas.Path;
            }
            return result;
        }
    }
}
