using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using Sightline.Cli.Gpu;
using Spectre.Console;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline bench gpu`: training and inference speed of the CUDA engine, per layer, and PyTorch's in the same run.</summary>
    public static class BenchGpuCommand
    {
        public static Command Create()
        {
            var iterations = new Option<int>("--iterations") { Description = "timed steps per throughput measure", DefaultValueFactory = _ => 30 };
            var measures = new Option<string>("--measures") { Description = "comma-separated: " + string.Join(",", GpuBench.Measures.Keys), DefaultValueFactory = _ => string.Join(",", GpuBench.Measures.Keys) };
            var variants = new Option<string>("--variants")
            {
                Description = "engine variants measured beside the default engine, comma-separated, or none: " +
                    string.Join("; ", GpuBench.Variants.Select(v => v.Key + " = " + v.Value.Description)),
                DefaultValueFactory = _ => string.Join(",", GpuBench.Variants.Keys),
            };
            var noTorch = new Option<bool>("--no-torch") { Description = "do not run PyTorch for comparison" };
            var torchBudget = new Option<int>("--torch-budget") { Description = "seconds PyTorch's side may start new configurations in", DefaultValueFactory = _ => 150 };
            var torchModes = new Option<string>("--torch-modes") { Description = "eager,compiled", DefaultValueFactory = _ => "eager,compiled" };
            var torchScript = new Option<string?>("--torch-script") { Description = "path of Tests/Reference/bench_torch.py (found automatically from the package root)" };
            var json = new Option<bool>("--json") { Description = "print JSON instead of tables" };
            var reportPath = new Option<string?>("--report") { Description = "also write the JSON report to this file" };
            var command = new Command("gpu", "Measure training and inference images per second of the CUDA engine on the paper's network (and PyTorch's, when python3 with torch is present).")
            {
                iterations, measures, variants, noTorch, torchBudget, torchModes, torchScript, json, reportPath,
            };
            command.SetAction(parse =>
            {
                int n = parse.GetValue(iterations);
                if (n < 1 || n > 10000) throw new UserInputException($"--iterations must be 1 to 10000 (got {n})");
                var options = new GpuBenchOptions
                {
                    Iterations = n,
                    Torch = !parse.GetValue(noTorch),
                    TorchBudgetSeconds = Math.Max(0, parse.GetValue(torchBudget)),
                    TorchModes = parse.GetValue(torchModes)!,
                    TorchScript = parse.GetValue(torchScript),
                };
                foreach (var m in parse.GetValue(measures)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    options.Measures.Add(m);
                options.Variants.Clear();
                string chosen = parse.GetValue(variants)!;
                if (!string.Equals(chosen.Trim(), "none", StringComparison.OrdinalIgnoreCase))
                    foreach (var v in chosen.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!GpuBench.Variants.ContainsKey(v)) throw new UserInputException($"--variants: unknown variant '{v}'; known: {string.Join(", ", GpuBench.Variants.Keys)}, or none");
                        options.Variants.Add(v);
                    }
                bool asJson = parse.GetValue(json);
                var report = GpuBench.Run(options, line => { if (!asJson) Console.WriteLine(line); });
                string? file = parse.GetValue(reportPath);
                if (file != null)
                {
                    try
                    {
                        System.IO.File.WriteAllText(file, GpuBench.ToJson(report));
                    }
                    catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
                    {
                        throw new UserInputException($"cannot write the report to {System.IO.Path.GetFullPath(file)}: {e.Message}");
                    }
                }
                if (asJson)
                {
                    Console.WriteLine(GpuBench.ToJson(report));
                    return report.Results.Any(r => r.Engine == "sightline" && r.Error != null) ? 1 : 0;
                }
                foreach (var e in report.Environment) Console.WriteLine(e);
                var table = new Table().Title("throughput (img/s) and latency (ms)");
                table.AddColumn("measure");
                var engines = report.Results.Select(r => r.Engine).Distinct().ToList();
                foreach (var e in engines) table.AddColumn(e);
                foreach (var m in report.Results.Select(r => r.Measure).Distinct())
                {
                    var row = new[] { m }.Concat(engines.Select(e =>
                    {
                        var r = report.Results.FirstOrDefault(x => x.Engine == e && x.Measure == m);
                        if (r == null) return "";
                        if (r.Error != null) return "[red]error[/]";
                        return r.ImagesPerSecond is double v ? v.ToString("N0", CultureInfo.InvariantCulture) : r.Milliseconds is double ms ? ms.ToString("0.000", CultureInfo.InvariantCulture) + " ms" : "";
                    })).ToArray();
                    table.AddRow(row);
                }
                AnsiConsole.Write(table);
                foreach (var line in GpuBench.Ratios(report)) Console.WriteLine(line);
                foreach (var pair in report.Layers)
                {
                    var layers = new Table().Title($"{pair.Key}: GPU time per stage (ms per step)");
                    layers.AddColumn("stage");
                    layers.AddColumn("ms");
                    foreach (var kv in pair.Value) layers.AddRow(Markup.Escape(kv.Key), kv.Value.ToString("0.000", CultureInfo.InvariantCulture));
                    layers.AddRow("[bold]total[/]", pair.Value.Sum(kv => kv.Value).ToString("0.000", CultureInfo.InvariantCulture));
                    AnsiConsole.Write(layers);
                }
                foreach (var note in report.Notes) Console.WriteLine("note: " + note);
                foreach (var r in report.Results.Where(r => r.Error != null)) Console.WriteLine($"error: {r.Engine} {r.Measure}: {Markup.Escape(r.Error!)}");
                return report.Results.Any(r => r.Engine == "sightline" && r.Error != null) ? 1 : 0;
            });
            return command;
        }
    }
}
