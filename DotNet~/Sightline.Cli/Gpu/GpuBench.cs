using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Sightline.Cuda.Engine;
using Sightline.Data;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Cli.Gpu
{
    public sealed class GpuBenchOptions
    {
        public int Iterations { get; set; } = 30;
        public bool Torch { get; set; } = true;
        public string? TorchScript { get; set; }
        public int TorchBudgetSeconds { get; set; } = 150;
        public string TorchModes { get; set; } = "eager,compiled";
        /// <summary>Measures to run (train_fp32, train_tf32, infer_fp32, infer_tf32, latency_tf32); empty = all.</summary>
        public List<string> Measures { get; } = new List<string>();
        /// <summary>Engine variants measured beside the default engine in the same run (<see cref="GpuBench.Variants"/>).</summary>
        public List<string> Variants { get; } = new List<string>(GpuBench.Variants.Keys);
    }

    /// <summary>One number of the benchmark: images per second (throughput) or milliseconds (latency).</summary>
    public sealed class BenchMeasure
    {
        public string Measure { get; set; } = "";
        public string Engine { get; set; } = "";
        public double? ImagesPerSecond { get; set; }
        public double? Milliseconds { get; set; }
        public string? Error { get; set; }
        public string? Note { get; set; }
    }

    public sealed class GpuBenchReport
    {
        public List<string> Environment { get; } = new List<string>();
        public List<BenchMeasure> Results { get; } = new List<BenchMeasure>();
        /// <summary>measure -> stage -> mean ms per step (Sightline's per-layer times).</summary>
        public Dictionary<string, List<KeyValuePair<string, double>>> Layers { get; } = new Dictionary<string, List<KeyValuePair<string, double>>>();
        public List<string> Notes { get; } = new List<string>();
    }

    /// <summary>
    /// `sightline bench gpu`: Sightline's CUDA engine on the paper's network with synthetic data resident on the GPU
    /// (training steps and inference passes queued back to back, timed by wall clock after a synchronise), per-layer
    /// GPU times, and — when python3 with torch is present — PyTorch eager and compiled on the same GPU in the same run.
    /// </summary>
    public static class GpuBench
    {
        // Documentation~/gpu.md: what Sightline must reach (H200, 2026-11-25).
        public static readonly Dictionary<string, (int Batch, bool Train, CudaMathMode Math, double Goal)> Measures = new Dictionary<string, (int, bool, CudaMathMode, double)>
        {
            ["train_fp32"] = (128, true, CudaMathMode.Strict, 10600),
            ["train_tf32"] = (128, true, CudaMathMode.Tf32, 18200),
            ["infer_fp32"] = (128, false, CudaMathMode.Strict, 23100),
            ["infer_tf32"] = (128, false, CudaMathMode.Tf32, 60700),
            ["latency_tf32"] = (1, false, CudaMathMode.Tf32, 0.25),
            // bf16 inference (CudaEngineOptions.Bf16Inference): batch 256 as Documentation~/gpu.md's row, PyTorch channels-last bf16 beside it.
            [Bf16Measure] = (256, false, CudaMathMode.Tf32, 77200),
            // Not in Documentation~/gpu.md (no goal, no PyTorch peer): training as TrainingSession does it, from stored uint8 frames
            // filled on a worker thread into the engine's pinned memory while the GPU runs the previous step, through
            // TrainFrames. Its ratio to train_tf32 (device-resident input) is what the input path costs.
            [FramesMeasure] = (128, true, CudaMathMode.Tf32, 0),
        };

        /// <summary>The bf16 inference measure (the engine option Bf16Inference on).</summary>
        public const string Bf16Measure = "infer_bf16";

        /// <summary>The end-to-end training measure (frames in, TrainFrames), compared with train_tf32 rather than PyTorch.</summary>
        public const string FramesMeasure = "train_frames_tf32";

        /// <summary>
        /// Engine options measured beside the default engine ("sightline") in the same run, reported as
        /// "sightline-NAME" with their ratio to the default: what each optimisation is worth on this GPU today.
        /// </summary>
        public static readonly Dictionary<string, (string Description, Action<CudaEngineOptions> Configure)> Variants = new Dictionary<string, (string, Action<CudaEngineOptions>)>
        {
            ["separate"] = ("LRN and max-pooling as separate kernels (before the fused kernels)", o => o.FuseLrnPooling = false),
            ["auto"] = ("convolution layout chosen per layer by measurement (NCHW or NHWC)", o => o.ConvolutionLayout = ConvolutionLayout.Auto),
        };

        public static GpuBenchReport Run(GpuBenchOptions options, Action<string> log)
        {
            var report = new GpuBenchReport();
            var spec = NetworkSpec.Paper(1000);
            var names = options.Measures.Count > 0 ? options.Measures : Measures.Keys.ToList();
            foreach (var n in names)
                if (!Measures.ContainsKey(n)) throw new UserInputException($"unknown measure '{n}'; known: {string.Join(", ", Measures.Keys)}");
            foreach (var v in options.Variants)
                if (!Variants.ContainsKey(v)) throw new UserInputException($"unknown variant '{v}'; known: {string.Join(", ", Variants.Keys)}");
            float[] parameters;
            try
            {
                foreach (var device in Sightline.Cuda.Driver.CudaDevice.All()) report.Environment.Add(device.ToString());
                parameters = CheckData.Parameters(spec, 1);
            }
            catch (Exception e)
            {
                foreach (var n in names) report.Results.Add(new BenchMeasure { Measure = n, Engine = "sightline", Error = e.Message });
                return report;
            }
            int largest = names.Max(n => Measures[n].Batch);
            var input = CheckData.Images(spec, largest, 2);
            var labels = CheckData.Labels(spec, largest, 3);
            foreach (var name in names)
            {
                if (name == FramesMeasure)
                {
                    MeasureFrames(report, options, parameters, labels, log);
                    continue;
                }
                if (name == Bf16Measure)
                {
                    // The layout and fusion variants change the fp32 path only.
                    Measure(report, options, name, "sightline", o => o.Bf16Inference = true, parameters, input, labels, log);
                    continue;
                }
                Measure(report, options, name, "sightline", null, parameters, input, labels, log);
                foreach (var variant in options.Variants)
                    Measure(report, options, name, "sightline-" + variant, Variants[variant].Configure, parameters, input, labels, log);
            }
            if (options.Torch) RunTorch(options, names, report, log);
            return report;
        }

        static void Measure(GpuBenchReport report, GpuBenchOptions options, string name, string engineName, Action<CudaEngineOptions>? configure,
            float[] parameters, float[] input, int[] labels, Action<string> log)
        {
            var spec = NetworkSpec.Paper(1000);
            var m = Measures[name];
            var result = new BenchMeasure { Measure = name, Engine = engineName };
            try
            {
                var engineOptions = new CudaEngineOptions { MaxBatch = m.Batch, MathMode = m.Math, Placement = Placement.OneDevice(0) };
                configure?.Invoke(engineOptions);
                using var engine = new CudaEngine(spec, engineOptions);
                engine.SetParameters(parameters);
                engine.LoadBatch(input, labels, m.Batch);
                var sgd = new SgdSettings(0.001f);
                Action step = m.Train ? () => engine.TrainStep(sgd) : engine.Infer;
                for (int i = 0; i < 3; i++) step();
                engine.Synchronize();
                if (m.Batch == 1)
                {
                    var times = new List<double>();
                    for (int i = 0; i < 200; i++)
                    {
                        var c = Stopwatch.StartNew();
                        step();
                        engine.Synchronize();
                        times.Add(c.Elapsed.TotalMilliseconds);
                    }
                    times.Sort();
                    result.Milliseconds = times[times.Count / 2];
                }
                else
                {
                    var clock = Stopwatch.StartNew();
                    for (int i = 0; i < options.Iterations; i++) step();
                    engine.Synchronize();
                    result.ImagesPerSecond = options.Iterations * m.Batch / clock.Elapsed.TotalSeconds;
                    if (m.Train)
                    {
                        float loss = engine.ReadLoss(m.Batch);
                        result.Note = $"last loss {loss:0.###}";
                        if (float.IsNaN(loss)) result.Error = "training produced a NaN loss";
                    }
                }
                using (var timer = new LayerTimer(engine.Context))
                {
                    engine.Timer = timer;
                    for (int i = 0; i < 5; i++)
                    {
                        step();
                        timer.Collect();
                    }
                    engine.Timer = null;
                    report.Layers[engineName == "sightline" ? name : name + " (" + engineName + ")"] = timer.MeanMilliseconds().ToList();
                }
                result.Note = (result.Note != null ? result.Note + "; " : "") + "graphs " + engine.GraphStatus;
                if (name == "train_fp32" || name == "train_tf32" || configure != null)
                    foreach (var choice in engine.ConvolutionChoices()) report.Notes.Add($"{name} ({engineName}): {choice}");
            }
            catch (Exception e)
            {
                result.Error = e.GetType().Name + ": " + e.Message;
            }
            report.Results.Add(result);
            log(Describe(result));
        }

        static void MeasureFrames(GpuBenchReport report, GpuBenchOptions options, float[] parameters, int[] labels, Action<string> log)
        {
            var spec = NetworkSpec.Paper(1000);
            var m = Measures[FramesMeasure];
            var result = new BenchMeasure { Measure = FramesMeasure, Engine = "sightline" };
            try
            {
                int input = spec.InputShape.Height, stored = spec.StoredSize, frameBytes = 3 * stored * stored, batch = m.Batch;
                // A pool of distinct frames to copy from, as a frame cache would be read.
                var rng = new Random(7);
                var pool = new byte[4 * batch * frameBytes];
                rng.NextBytes(pool);
                var mean = new float[stored * stored * 3];
                for (int i = 0; i < mean.Length; i++) mean[i] = 100f + 50f * (float)rng.NextDouble();
                var augment = new AugmentParams[batch];
                for (int i = 0; i < batch; i++) augment[i] = new AugmentParams(rng.Next(stored - input + 1), rng.Next(stored - input + 1), i % 2 == 0, 1f, -2f, 3f);
                using var engine = new CudaEngine(spec, new CudaEngineOptions { MaxBatch = batch, MathMode = m.Math, Placement = Placement.OneDevice(0) });
                engine.SetParameters(parameters);
                engine.SetFrameInput(stored, AugmentApply.MeanCrop(mean, stored, input), 0.02f);
                var buffers = new[] { engine.RentFrameBuffer(batch * frameBytes), engine.RentFrameBuffer(batch * frameBytes) };
                try
                {
                    var sgd = new SgdSettings(0.001f);
                    var logits = new float[batch * spec.Classes];
                    void Fill(int step) => pool.AsSpan((step % 4) * batch * frameBytes, batch * frameBytes).CopyTo(buffers[step & 1].Memory.Span);
                    int steps = options.Iterations + 3;
                    Fill(0);
                    System.Threading.Tasks.Task? next = null;
                    Stopwatch? clock = null;
                    for (int step = 0; step < steps; step++)
                    {
                        next?.Wait();
                        if (step == 3) clock = Stopwatch.StartNew(); // after warm-up (algorithm search, graph capture)
                        int following = step + 1;
                        next = following < steps ? System.Threading.Tasks.Task.Run(() => Fill(following)) : null;
                        engine.TrainFrames(buffers[step & 1].Memory.Span, augment, labels, batch, sgd, logits);
                    }
                    next?.Wait();
                    result.ImagesPerSecond = options.Iterations * batch / clock!.Elapsed.TotalSeconds;
                    result.Note = "frames filled on a worker thread into pinned memory, TrainFrames per step; graphs " + engine.GraphStatus;
                }
                finally
                {
                    foreach (var b in buffers) b.Dispose();
                }
            }
            catch (Exception e)
            {
                result.Error = e.GetType().Name + ": " + e.Message;
            }
            report.Results.Add(result);
            log(Describe(result));
        }

        static void RunTorch(GpuBenchOptions options, List<string> names, GpuBenchReport report, Action<string> log)
        {
            names = names.Where(n => n != FramesMeasure).ToList();
            if (names.Count == 0) return;
            string script;
            try
            {
                script = PythonRunner.FindReferenceScript("bench_torch.py", options.TorchScript);
            }
            catch (FileNotFoundException e)
            {
                report.Notes.Add("PyTorch not measured: " + e.Message);
                return;
            }
            var missing = PythonRunner.TorchMissingReason();
            if (missing != null)
            {
                report.Notes.Add("PyTorch not measured: " + missing);
                return;
            }
            var json = Path.Combine(Path.GetTempPath(), "sightline-bench-torch-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".json");
            try
            {
                var (code, output) = PythonRunner.Run(new[] { script, "--json", json, "--budget", options.TorchBudgetSeconds.ToString(), "--measures", string.Join(",", names), "--modes", options.TorchModes },
                    options.TorchBudgetSeconds + 240, line => log("  torch: " + line));
                if (!File.Exists(json))
                {
                    report.Notes.Add($"PyTorch benchmark exited with {code} without results: {PythonRunner.Tail(output, 1500)}");
                    return;
                }
                using var doc = JsonDocument.Parse(File.ReadAllText(json));
                report.Environment.Add($"torch {doc.RootElement.GetProperty("torch").GetString()} on {doc.RootElement.GetProperty("device")}");
                foreach (var r in doc.RootElement.GetProperty("results").EnumerateArray())
                {
                    var m = new BenchMeasure
                    {
                        Measure = r.GetProperty("measure").GetString() ?? "",
                        Engine = "torch-" + r.GetProperty("mode").GetString(),
                    };
                    if (r.TryGetProperty("img_s", out var ips)) m.ImagesPerSecond = ips.GetDouble();
                    if (r.TryGetProperty("ms", out var ms)) m.Milliseconds = ms.GetDouble();
                    if (r.TryGetProperty("error", out var err)) m.Error = err.GetString();
                    report.Results.Add(m);
                }
                foreach (var s in doc.RootElement.GetProperty("skipped").EnumerateArray()) report.Notes.Add("PyTorch skipped " + s.GetString());
            }
            finally
            {
                try { File.Delete(json); } catch (IOException) { }
            }
        }

        public static string Describe(BenchMeasure m)
        {
            string value = m.Error != null ? "error: " + m.Error
                : m.ImagesPerSecond != null ? $"{m.ImagesPerSecond:0} img/s"
                : m.Milliseconds != null ? $"{m.Milliseconds:0.000} ms" : "-";
            return $"{m.Engine,-16} {m.Measure,-13} {value}{(m.Note != null ? " (" + m.Note + ")" : "")}";
        }

        /// <summary>Sightline against the better PyTorch mode, and against Documentation~/gpu.md's goal: one line per measure.</summary>
        public static IEnumerable<string> Ratios(GpuBenchReport report)
        {
            foreach (var name in report.Results.Where(r => r.Engine == "sightline").Select(r => r.Measure).Distinct())
            {
                var ours = report.Results.First(r => r.Engine == "sightline" && r.Measure == name);
                var torch = report.Results.Where(r => r.Engine.StartsWith("torch", StringComparison.Ordinal) && r.Measure == name && r.Error == null).ToList();
                double goal = Measures[name].Goal;
                if (name == FramesMeasure)
                {
                    var resident = report.Results.FirstOrDefault(r => r.Engine == "sightline" && r.Measure == "train_tf32" && r.ImagesPerSecond != null);
                    yield return ours.ImagesPerSecond is double f
                        ? $"{name}: {f:0} img/s" + (resident != null ? $", {f / resident.ImagesPerSecond!.Value:0.00}x train_tf32 with device-resident input ({resident.ImagesPerSecond:0})" : "")
                        : $"{name}: {ours.Error}";
                    continue;
                }
                if (ours.ImagesPerSecond is double ips)
                {
                    var best = torch.Where(t => t.ImagesPerSecond != null).OrderByDescending(t => t.ImagesPerSecond).FirstOrDefault();
                    string vs = best != null ? $", {ips / best.ImagesPerSecond!.Value:0.00}x {best.Engine} ({best.ImagesPerSecond:0})" : "";
                    string eager = torch.FirstOrDefault(t => t.Engine == "torch-eager")?.ImagesPerSecond is double e ? $", {ips / e:0.00}x eager" : "";
                    yield return $"{name}: {ips:0} img/s{vs}{eager}; goal {goal:0} ({(ips >= goal ? "met" : "not met")})";
                }
                else if (ours.Milliseconds is double ms)
                {
                    var best = torch.Where(t => t.Milliseconds != null).OrderBy(t => t.Milliseconds).FirstOrDefault();
                    string vs = best != null ? $", {best.Milliseconds!.Value / ms:0.00}x faster than {best.Engine} ({best.Milliseconds:0.000} ms)" : "";
                    yield return $"{name}: {ms:0.000} ms{vs}; goal <= {goal} ms ({(ms <= goal ? "met" : "not met")})";
                }
                else yield return $"{name}: {ours.Error}";
                foreach (var variant in report.Results.Where(r => r.Measure == name && r.Engine.StartsWith("sightline-", StringComparison.Ordinal)))
                {
                    if (variant.Error != null) yield return $"  {variant.Engine}: {variant.Error}";
                    else if (variant.ImagesPerSecond is double v && ours.ImagesPerSecond is double d)
                        yield return $"  {variant.Engine}: {v:0} img/s; default engine {d / v:0.00}x this";
                    else if (variant.Milliseconds is double vm && ours.Milliseconds is double dm)
                        yield return $"  {variant.Engine}: {vm:0.000} ms; default engine {vm / dm:0.00}x faster";
                }
            }
        }

        public static string ToJson(GpuBenchReport report)
        {
            var doc = new
            {
                environment = report.Environment,
                results = report.Results.Select(r => new { measure = r.Measure, engine = r.Engine, images_per_second = r.ImagesPerSecond, milliseconds = r.Milliseconds, error = r.Error, note = r.Note }),
                ratios = Ratios(report).ToList(),
                layers = report.Layers.ToDictionary(p => p.Key, p => p.Value.Select(kv => new { stage = kv.Key, ms = kv.Value })),
                notes = report.Notes,
            };
            return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
        }
    }
}
