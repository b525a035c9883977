using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sightline.Classification;
using Sightline.Cli.Inference;
using Sightline.Cpu;
using Sightline.Model;
using Sightline.Onnx;
using Sightline.Randomness;
using Spectre.Console;

namespace Sightline.Cli.Commands
{
    /// <summary>
    /// `sightline bench infer`: batch-1 latency and batch-32 throughput of the CPU engine and of ONNX Runtime (CPU)
    /// on the same exported model, in the same run, with their ratio.
    /// </summary>
    public static class BenchInferCommand
    {
        public static Command Create()
        {
            var spec = new Option<string>("--spec") { Description = "preset when no --model is given: paper or mini (random He weights)", DefaultValueFactory = _ => "paper" };
            var model = new Option<string?>("--model") { Description = "checkpoint or ONNX file to measure instead of a preset" };
            var iterations = new Option<int>("--iterations") { Description = "timed batch-1 forwards per engine and run (the median is its latency)", DefaultValueFactory = _ => 30 };
            var batch = new Option<int>("--batch") { Description = "batch size of the throughput measure", DefaultValueFactory = _ => 32 };
            var batchRuns = new Option<int>("--batch-runs") { Description = "timed batched forwards per engine", DefaultValueFactory = _ => 3 };
            var runsOption = new Option<int>("--runs") { Description = "runs per engine, alternating between the engines; each figure is the median over them", DefaultValueFactory = _ => 3 };
            var threads = new Option<int>("--threads") { Description = "threads per engine (0: all processors)", DefaultValueFactory = _ => 0 };
            var cuda = new Option<bool>("--onnx-cuda") { Description = "also measure ONNX Runtime's CUDA execution provider (needs the GPU package; otherwise the reason is reported)" };
            var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
            var command = new Command("infer", "Measure inference latency (batch 1) and throughput (batch 32) of the CPU engine against ONNX Runtime on the same model.")
            {
                spec, model, iterations, batch, batchRuns, runsOption, threads, cuda, json,
            };
            command.SetAction(parse =>
            {
                int n = parse.GetValue(iterations), b = parse.GetValue(batch), runs = parse.GetValue(batchRuns), t = parse.GetValue(threads);
                int rounds = parse.GetValue(runsOption);
                if (rounds < 1 || rounds > 100) throw new UserInputException($"--runs must be 1 to 100 (got {rounds})");
                if (n < 1 || n > 10000) throw new UserInputException($"--iterations must be 1 to 10000 (got {n})");
                if (b < 1 || b > 1024) throw new UserInputException($"--batch must be 1 to 1024 (got {b})");
                if (runs < 1 || runs > 1000) throw new UserInputException($"--batch-runs must be 1 to 1000 (got {runs})");
                if (t < 0 || t > 256) throw new UserInputException($"--threads must be 0 to 256 (got {t})");
                var trained = Model(parse.GetValue(model), parse.GetValue(spec)!);
                var report = Run(trained, n, b, runs, t, parse.GetValue(cuda), rounds);
                if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
                else Print(report);
                return 0;
            });
            return command;
        }

        static TrainedModel Model(string? path, string preset)
        {
            if (path != null) return ModelSource.Load(path);
            NetworkSpec network;
            try { network = NetworkSpec.FromPreset(preset, preset.Trim().ToLowerInvariant() == NetworkSpec.PaperPreset ? 1000 : 10); }
            catch (SpecException e) { throw new UserInputException(e.Message); }
            var parameters = new float[network.ParameterCount];
            ParameterInitializer.Initialize(network, 1, parameters);
            return new TrainedModel(network, parameters, null, InputNormalization.None);
        }

        internal static object Run(TrainedModel model, int iterations, int batch, int batchRuns, int threads, bool onnxCuda = false, int runs = 3)
        {
            var loadStart = InferenceBench.LoadAverage();
            var random = new SeededRandom(7);
            var x1 = new float[model.Spec.InputShape.Size];
            var xb = new float[batch * x1.Length];
            for (int i = 0; i < xb.Length; i++) xb[i] = (float)random.NextGaussian();
            Array.Copy(xb, x1, x1.Length);
            var cpuLogits = new float[model.Spec.Classes];
            var ortLogits = new float[model.Spec.Classes];

            // Both engines live through all runs, which alternate (cpu, onnxruntime, cpu, ...) so that a change in
            // the machine's load weighs on both alike; each engine's figure is the median over the runs.
            var cpuRuns = new List<InferenceMeasure>();
            var ortRuns = new List<InferenceMeasure>();
            object layers;
            using (var cpuEngine = new CpuEngine(model.Spec, batch, new CpuEngineOptions { ThreadCount = threads, Profile = true }))
            using (var ortEngine = new OnnxRuntimeEngine(model, batch, new OnnxRuntimeOptions { IntraOpThreads = threads }))
            {
                cpuEngine.SetParameters(model.Parameters);
                InferenceBench.WarmUp(cpuEngine, x1, xb, batch, cpuLogits);
                InferenceBench.WarmUp(ortEngine, x1, xb, batch, ortLogits);
                for (int r = 0; r < runs; r++)
                {
                    var cpu = InferenceBench.Measure(cpuEngine, x1, xb, batch, iterations, batchRuns, cpuLogits);
                    cpu.Threads = cpuEngine.ThreadCount;
                    cpuRuns.Add(cpu);
                    var ort = InferenceBench.Measure(ortEngine, x1, xb, batch, iterations, batchRuns, ortLogits);
                    ort.Threads = threads == 0 ? Environment.ProcessorCount : threads;
                    ortRuns.Add(ort);
                }
                layers = LayerSplit(cpuEngine, x1, iterations, cpuLogits);
            }
            var cpuRow = Summary(cpuRuns);
            var ortRow = Summary(ortRuns);
            var rows = new List<object> { Row(cpuRow, cpuRuns), Row(ortRow, ortRuns) };
            string? cudaFallback = null;
            if (onnxCuda)
            {
                using var engine = new OnnxRuntimeEngine(model, batch, new OnnxRuntimeOptions { UseCuda = true });
                if (engine.UsesCuda)
                {
                    var logits = new float[model.Spec.Classes];
                    InferenceBench.WarmUp(engine, x1, xb, batch, logits);
                    var cudaRuns = new List<InferenceMeasure>();
                    for (int r = 0; r < runs; r++) cudaRuns.Add(InferenceBench.Measure(engine, x1, xb, batch, iterations, batchRuns, logits));
                    rows.Add(Row(Summary(cudaRuns), cudaRuns));
                }
                else cudaFallback = engine.CudaFallbackReason;
            }
            float maxDiff = 0f;
            for (int i = 0; i < cpuLogits.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs(cpuLogits[i] - ortLogits[i]));
            var runRatios = new List<double>();
            for (int r = 0; r < runs; r++) runRatios.Add(Math.Round(cpuRuns[r].LatencyMs / ortRuns[r].LatencyMs, 3));
            return new
            {
                spec = model.Spec.ToString(),
                multiplyAdds = model.Spec.MultiplyAdds,
                processors = Environment.ProcessorCount,
                batch,
                runs,
                iterationsPerRun = iterations,
                // /proc/loadavg (1, 5, 15 minutes) before and after; above the processor count, other processes competed.
                loadAverageStart = loadStart,
                loadAverageEnd = InferenceBench.LoadAverage(),
                engines = rows,
                // > 1: the CPU engine is slower than ONNX Runtime by that factor (medians over the runs).
                latencyRatioCpuOverOnnxRuntime = cpuRow.LatencyMs / ortRow.LatencyMs,
                latencyRatioPerRun = runRatios,
                throughputRatioOnnxRuntimeOverCpu = ortRow.ImagesPerSecond / cpuRow.ImagesPerSecond,
                maxAbsLogitDifference = maxDiff,
                cpuBatch1Layers = layers,
                onnxCudaUnavailable = cudaFallback,
            };
        }

        /// <summary>Median latency, minimum and throughput over runs of one engine.</summary>
        static InferenceMeasure Summary(List<InferenceMeasure> runs)
        {
            var latency = runs.ConvertAll(m => m.LatencyMs);
            var rate = runs.ConvertAll(m => m.ImagesPerSecond);
            double min = double.MaxValue;
            foreach (var m in runs) min = Math.Min(min, m.LatencyMinMs);
            return new InferenceMeasure
            {
                Engine = runs[0].Engine,
                Threads = runs[0].Threads,
                LatencyMs = InferenceBench.Median(latency),
                LatencyMinMs = min,
                ImagesPerSecond = InferenceBench.Median(rate),
            };
        }

        /// <summary>
        /// Where a batch-1 forward of the CPU engine spends its time: mean milliseconds per layer over
        /// <paramref name="iterations"/> forwards, and each kind's share of the total.
        /// </summary>
        static object LayerSplit(CpuEngine engine, float[] x1, int iterations, float[] logits)
        {
            var spec = engine.Spec;
            engine.ResetLayerTimes();
            for (int i = 0; i < iterations; i++) engine.Forward(x1, 1, logits, false);
            var forward = new double[spec.Layers.Count];
            engine.GetLayerTimes(forward, new double[spec.Layers.Count]);
            double total = 0;
            foreach (var s in forward) total += s;
            var perLayer = new List<object>();
            var perKind = new SortedDictionary<string, double>(StringComparer.Ordinal);
            for (int i = 0; i < forward.Length; i++)
            {
                var layer = spec.Layers[i];
                double ms = 1000 * forward[i] / iterations;
                // A fully connected layer at batch 1 reads each weight once: its rate against memory bandwidth.
                double? gbPerSecond = layer.Kind == LayerKind.FullyConnected && ms > 0 ? Math.Round(4.0 * layer.WeightCount / (ms * 1e6), 1) : (double?)null;
                perLayer.Add(new { name = layer.Name, ms = Math.Round(ms, 3), weightGBPerSecond = gbPerSecond });
                string kind = layer.Kind.ToString();
                perKind[kind] = (perKind.TryGetValue(kind, out var t) ? t : 0) + forward[i];
            }
            var shares = new Dictionary<string, double>();
            foreach (var kv in perKind) shares[kv.Key] = Math.Round(total > 0 ? kv.Value / total : 0, 3);
            return new { totalMs = Math.Round(1000 * total / iterations, 3), layers = perLayer, shareByKind = shares };
        }

        static object Row(InferenceMeasure m, List<InferenceMeasure> runs) => new
        {
            engine = m.Engine,
            threads = m.Threads,
            latencyMs = Math.Round(m.LatencyMs, 3),
            latencyMinMs = Math.Round(m.LatencyMinMs, 3),
            imagesPerSecond = Math.Round(m.ImagesPerSecond, 2),
            latencyMsPerRun = runs.ConvertAll(r => Math.Round(r.LatencyMs, 3)),
        };

        static void Print(object report)
        {
            using var doc = JsonDocument.Parse(JsonSerializer.Serialize(report));
            var root = doc.RootElement;
            var table = new Table().Title($"Inference: {Markup.Escape(root.GetProperty("spec").GetString()!)}");
            table.AddColumn("engine");
            table.AddColumn("threads");
            table.AddColumn("batch 1 median (ms)");
            table.AddColumn("batch 1 min (ms)");
            table.AddColumn($"batch {root.GetProperty("batch").GetInt32()} (images/s)");
            foreach (var e in root.GetProperty("engines").EnumerateArray())
                table.AddRow(e.GetProperty("engine").GetString()!, e.GetProperty("threads").ToString(), F(e.GetProperty("latencyMs").GetDouble()),
                    F(e.GetProperty("latencyMinMs").GetDouble()), F(e.GetProperty("imagesPerSecond").GetDouble()));
            AnsiConsole.Write(table);
            Console.WriteLine($"latency cpu/onnxruntime: {F(root.GetProperty("latencyRatioCpuOverOnnxRuntime").GetDouble())}x; " +
                              $"throughput onnxruntime/cpu: {F(root.GetProperty("throughputRatioOnnxRuntimeOverCpu").GetDouble())}x; " +
                              $"max |logit difference|: {root.GetProperty("maxAbsLogitDifference").GetDouble().ToString("0.###e+0", CultureInfo.InvariantCulture)}");
            Console.WriteLine($"medians of {root.GetProperty("runs").GetInt32()} alternating runs; load average at start {Load(root.GetProperty("loadAverageStart"))}, at end {Load(root.GetProperty("loadAverageEnd"))} ({root.GetProperty("processors").GetInt32()} processors)");
            var split = root.GetProperty("cpuBatch1Layers");
            var layers = new Table().Title($"cpu, batch 1: {F(split.GetProperty("totalMs").GetDouble())} ms per forward");
            layers.AddColumn("layer");
            layers.AddColumn("ms");
            foreach (var l in split.GetProperty("layers").EnumerateArray()) layers.AddRow(l.GetProperty("name").GetString()!, F(l.GetProperty("ms").GetDouble()));
            AnsiConsole.Write(layers);
            if (root.GetProperty("onnxCudaUnavailable").ValueKind == JsonValueKind.String)
                Console.WriteLine("onnxruntime-cuda not measured: " + root.GetProperty("onnxCudaUnavailable").GetString());
        }

        static string Load(JsonElement e) => e.ValueKind == JsonValueKind.Array ? e[0].GetDouble().ToString("0.00", CultureInfo.InvariantCulture) : "unknown";

        static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
    }
}
