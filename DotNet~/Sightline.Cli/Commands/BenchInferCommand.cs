using System;
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
            var iterations = new Option<int>("--iterations") { Description = "timed batch-1 forwards per engine", DefaultValueFactory = _ => 20 };
            var batch = new Option<int>("--batch") { Description = "batch size of the throughput measure", DefaultValueFactory = _ => 32 };
            var batchRuns = new Option<int>("--batch-runs") { Description = "timed batched forwards per engine", DefaultValueFactory = _ => 3 };
            var threads = new Option<int>("--threads") { Description = "threads per engine (0: all processors)", DefaultValueFactory = _ => 0 };
            var cuda = new Option<bool>("--onnx-cuda") { Description = "also measure ONNX Runtime's CUDA execution provider (needs the GPU package; otherwise the reason is reported)" };
            var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
            var command = new Command("infer", "Measure inference latency (batch 1) and throughput (batch 32) of the CPU engine against ONNX Runtime on the same model.")
            {
                spec, model, iterations, batch, batchRuns, threads, cuda, json,
            };
            command.SetAction(parse =>
            {
                int n = parse.GetValue(iterations), b = parse.GetValue(batch), runs = parse.GetValue(batchRuns), t = parse.GetValue(threads);
                if (n < 1 || n > 10000) throw new UserInputException($"--iterations must be 1 to 10000 (got {n})");
                if (b < 1 || b > 1024) throw new UserInputException($"--batch must be 1 to 1024 (got {b})");
                if (runs < 1 || runs > 1000) throw new UserInputException($"--batch-runs must be 1 to 1000 (got {runs})");
                if (t < 0 || t > 256) throw new UserInputException($"--threads must be 0 to 256 (got {t})");
                var trained = Model(parse.GetValue(model), parse.GetValue(spec)!);
                var report = Run(trained, n, b, runs, t, parse.GetValue(cuda));
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

        internal static object Run(TrainedModel model, int iterations, int batch, int batchRuns, int threads, bool onnxCuda = false)
        {
            var random = new SeededRandom(7);
            var x1 = new float[model.Spec.InputShape.Size];
            var xb = new float[batch * x1.Length];
            for (int i = 0; i < xb.Length; i++) xb[i] = (float)random.NextGaussian();
            Array.Copy(xb, x1, x1.Length);
            var cpuLogits = new float[model.Spec.Classes];
            var ortLogits = new float[model.Spec.Classes];

            InferenceMeasure cpu, ort;
            using (var engine = new CpuEngine(model.Spec, batch, new CpuEngineOptions { ThreadCount = threads }))
            {
                engine.SetParameters(model.Parameters);
                cpu = InferenceBench.Measure(engine, x1, xb, batch, iterations, batchRuns, cpuLogits);
                cpu.Threads = engine.ThreadCount;
            }
            using (var engine = new OnnxRuntimeEngine(model, batch, new OnnxRuntimeOptions { IntraOpThreads = threads }))
            {
                ort = InferenceBench.Measure(engine, x1, xb, batch, iterations, batchRuns, ortLogits);
                ort.Threads = threads == 0 ? Environment.ProcessorCount : threads;
            }
            var rows = new System.Collections.Generic.List<object> { Row(cpu), Row(ort) };
            string? cudaFallback = null;
            if (onnxCuda)
            {
                using var engine = new OnnxRuntimeEngine(model, batch, new OnnxRuntimeOptions { UseCuda = true });
                if (engine.UsesCuda) rows.Add(Row(InferenceBench.Measure(engine, x1, xb, batch, iterations, batchRuns, new float[model.Spec.Classes])));
                else cudaFallback = engine.CudaFallbackReason;
            }
            float maxDiff = 0f;
            for (int i = 0; i < cpuLogits.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs(cpuLogits[i] - ortLogits[i]));
            return new
            {
                spec = model.Spec.ToString(),
                multiplyAdds = model.Spec.MultiplyAdds,
                processors = Environment.ProcessorCount,
                batch,
                engines = rows,
                // > 1: the CPU engine is slower than ONNX Runtime by that factor.
                latencyRatioCpuOverOnnxRuntime = cpu.LatencyMs / ort.LatencyMs,
                throughputRatioOnnxRuntimeOverCpu = ort.ImagesPerSecond / cpu.ImagesPerSecond,
                maxAbsLogitDifference = maxDiff,
                onnxCudaUnavailable = cudaFallback,
            };
        }

        static object Row(InferenceMeasure m) => new
        {
            engine = m.Engine,
            threads = m.Threads,
            latencyMs = Math.Round(m.LatencyMs, 3),
            latencyMinMs = Math.Round(m.LatencyMinMs, 3),
            imagesPerSecond = Math.Round(m.ImagesPerSecond, 2),
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
            if (root.GetProperty("onnxCudaUnavailable").ValueKind == JsonValueKind.String)
                Console.WriteLine("onnxruntime-cuda not measured: " + root.GetProperty("onnxCudaUnavailable").GetString());
        }

        static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
    }
}
