using System;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sightline.Cli.Benchmarks;
using Sightline.Model;
using Spectre.Console;

namespace Sightline.Cli.Commands
{
    /// <summary>
    /// `sightline bench cpu`: training and inference images/s of the CPU engine (paper and mini presets, batch 32) and
    /// its GEMM rate next to the machine's OpenBLAS sgemm, measured in the same run.
    /// </summary>
    public static class BenchCpuCommand
    {
        public static Command Create()
        {
            var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
            var seconds = new Option<double>("--seconds") { Description = "seconds per measurement (6 measurements)", DefaultValueFactory = _ => 4.0 };
            var threads = new Option<int>("--threads") { Description = "worker threads (0 = one per logical processor)", DefaultValueFactory = _ => 0 };
            var batch = new Option<int>("--batch") { Description = "batch size", DefaultValueFactory = _ => 32 };
            var gemmSize = new Option<int>("--gemm-size") { Description = "side of the square GEMM (M = N = K)", DefaultValueFactory = _ => 1536 };
            var skipPaper = new Option<bool>("--skip-paper") { Description = "measure only the mini preset (the paper preset needs about 1.5 GB)" };
            var layers = new Option<bool>("--layers") { Description = "also print every layer's forward and backward time (--json always has them)" };
            var command = new Command("cpu", "Measure the CPU engine: images/s for the paper and mini presets, and GEMM GFLOP/s next to OpenBLAS.")
            {
                json, seconds, threads, batch, gemmSize, skipPaper, layers,
            };
            command.SetAction(parse =>
            {
                double s = parse.GetValue(seconds);
                int t = parse.GetValue(threads);
                int b = parse.GetValue(batch);
                int size = parse.GetValue(gemmSize);
                if (!(s > 0) || s > 600) throw new UserInputException($"--seconds must be in (0, 600] (got {s.ToString(CultureInfo.InvariantCulture)})");
                if (t < 0 || t > 256) throw new UserInputException($"--threads must be 0 to 256 (got {t})");
                if (b < 1 || b > 1024) throw new UserInputException($"--batch must be 1 to 1024 (got {b})");
                if (size < 16 || size > 8192) throw new UserInputException($"--gemm-size must be 16 to 8192 (got {size})");
                int threadCount = t == 0 ? Environment.ProcessorCount : t;

                var gemm = CpuBenchmark.MeasureGemm(size, threadCount, s);
                var rates = new System.Collections.Generic.List<CpuBenchmark.EngineRate>();
                if (!parse.GetValue(skipPaper)) rates.Add(CpuBenchmark.MeasureEngine(NetworkSpec.Paper(1000), b, threadCount, s, true));
                rates.Add(CpuBenchmark.MeasureEngine(NetworkSpec.Mini(10), b, threadCount, s, true));

                if (parse.GetValue(json)) Console.WriteLine(ToJson(threadCount, gemm, rates));
                else Print(threadCount, gemm, rates, parse.GetValue(layers));
                return 0;
            });
            return command;
        }

        static string ToJson(int threads, CpuBenchmark.GemmRate gemm, System.Collections.Generic.List<CpuBenchmark.EngineRate> rates)
        {
            var engines = new object[rates.Count];
            for (int i = 0; i < rates.Count; i++)
            {
                var r = rates[i];
                engines[i] = new
                {
                    spec = r.Spec,
                    batch = r.Batch,
                    trainImagesPerSecond = Math.Round(r.TrainImagesPerSecond, 2),
                    inferImagesPerSecond = Math.Round(r.InferImagesPerSecond, 2),
                    trainGflops = Math.Round(r.TrainGflops, 1),
                    // What training would reach if every multiply-add ran at the measured GEMM rate, and how close it is.
                    gemmBoundImagesPerSecond = Math.Round(r.TrainImagesPerSecond * gemm.Gflops / r.TrainGflops, 2),
                    fractionOfGemmBound = Math.Round(r.TrainGflops / gemm.Gflops, 3),
                    cpuShare = Math.Round(r.CpuShare, 2),
                    stepMs = Math.Round(r.StepMs, 2),
                    // Fractions of a training step's time: gemm (conv and fc less im2col), im2col, lrn, pool, pointwise, update, other.
                    timeSplit = r.Split.Count == 0 ? null : RoundAll(r.Split),
                    layers = r.Layers.Count == 0 ? null : r.Layers.ConvertAll(l => new { name = l.name, forwardMs = Math.Round(l.forwardMs, 2), backwardMs = Math.Round(l.backwardMs, 2) }),
                };
            }
            var doc = new
            {
                engine = "cpu",
                threads,
                processors = Environment.ProcessorCount,
                gemm = new
                {
                    m = gemm.M,
                    n = gemm.N,
                    k = gemm.K,
                    kernel = gemm.Kernel,
                    gflops = Math.Round(gemm.Gflops, 1),
                    openblasGflops = gemm.OpenBlasGflops.HasValue ? Math.Round(gemm.OpenBlasGflops.Value, 1) : (double?)null,
                    ratioToOpenblas = gemm.Ratio.HasValue ? Math.Round(gemm.Ratio.Value, 3) : (double?)null,
                    peakGflops = gemm.PeakGflops.HasValue ? Math.Round(gemm.PeakGflops.Value, 1) : (double?)null,
                    fractionOfPeak = gemm.FractionOfPeak.HasValue ? Math.Round(gemm.FractionOfPeak.Value, 3) : (double?)null,
                    openblasLibrary = gemm.OpenBlasLibrary,
                    note = gemm.OpenBlasLibrary == null ? NoOpenBlas : null,
                },
                engines,
            };
            return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
        }

        static System.Collections.Generic.SortedDictionary<string, double> RoundAll(System.Collections.Generic.SortedDictionary<string, double> split)
        {
            var rounded = new System.Collections.Generic.SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var kv in split) rounded[kv.Key] = Math.Round(kv.Value, 3);
            return rounded;
        }

        const string NoOpenBlas = "OpenBLAS not found (libopenblas.so.0); install it (Debian/Ubuntu: apt-get install libopenblas0) to compare";

        static void Print(int threads, CpuBenchmark.GemmRate gemm, System.Collections.Generic.List<CpuBenchmark.EngineRate> rates, bool layers)
        {
            var table = new Table().Title($"CPU engine, {threads} thread{(threads == 1 ? "" : "s")}");
            foreach (var column in new[] { "spec", "batch", "train images/s", "inference images/s", "train GFLOP/s", "CPU share" }) table.AddColumn(column);
            foreach (var r in rates)
                table.AddRow(r.Spec, r.Batch.ToString(CultureInfo.InvariantCulture), F(r.TrainImagesPerSecond), F(r.InferImagesPerSecond), F(r.TrainGflops),
                    r.CpuShare.ToString("0.00", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            Console.WriteLine("CPU share: processor time the training run got / (threads x wall time); well below 1 means other processes were competing and the rates are low.");
            foreach (var r in rates)
                Console.WriteLine($"{r.Spec}: training at {(100 * r.TrainGflops / gemm.Gflops).ToString("0", CultureInfo.InvariantCulture)}% of the GEMM bound " +
                    $"({F(r.TrainImagesPerSecond * gemm.Gflops / r.TrainGflops)} images/s if every multiply-add ran at the GEMM's rate)");
            foreach (var r in rates)
            {
                var parts = new System.Collections.Generic.List<string>();
                foreach (var kv in r.Split) parts.Add($"{kv.Key} {(100 * kv.Value).ToString("0", CultureInfo.InvariantCulture)}%");
                Console.WriteLine($"{r.Spec}: {F(r.StepMs)} ms per training step: {string.Join(", ", parts)}");
            }
            foreach (var r in rates)
            {
                if (!layers || r.Layers.Count == 0) continue;
                var detail = new Table().Title($"{r.Spec}, batch {r.Batch}: milliseconds per training step");
                detail.AddColumn("layer");
                detail.AddColumn("forward");
                detail.AddColumn("backward");
                foreach (var l in r.Layers) detail.AddRow(l.name, F(l.forwardMs), F(l.backwardMs));
                AnsiConsole.Write(detail);
            }
            string line = $"GEMM {gemm.M}x{gemm.N}x{gemm.K} ({gemm.Kernel}): {F(gemm.Gflops)} GFLOP/s";
            if (gemm.OpenBlasGflops.HasValue)
                line += $"; OpenBLAS sgemm ({gemm.OpenBlasLibrary}): {F(gemm.OpenBlasGflops.Value)} GFLOP/s; ratio {gemm.Ratio!.Value.ToString("0.00", CultureInfo.InvariantCulture)}";
            else
                line += "; " + NoOpenBlas;
            Console.WriteLine(line);
            Console.WriteLine(gemm.PeakGflops.HasValue
                ? $"FMA peak of this kernel's vector width on {threads} thread{(threads == 1 ? "" : "s")}: {F(gemm.PeakGflops.Value)} GFLOP/s; the GEMM runs at {(100 * gemm.FractionOfPeak!.Value).ToString("0", CultureInfo.InvariantCulture)}% of it"
                : "FMA peak: not measured (the portable kernel issues no FMA instructions)");
        }

        static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
    }
}
