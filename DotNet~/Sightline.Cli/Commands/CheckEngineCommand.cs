using System;
using System.CommandLine;
using System.IO;
using Sightline.Cli.Gpu;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline check engine`: the CUDA engine against the CPU engine and PyTorch (GPU machine).</summary>
    public static class CheckEngineCommand
    {
        public static Command Create()
        {
            var report = new Option<string>("--report") { Description = "write the report as JSON to this file, and as text next to it (.txt)", DefaultValueFactory = _ => "engine-check.json" };
            var quick = new Option<bool>("--quick") { Description = "mini network only (skip the paper-sized comparisons)" };
            var steps = new Option<int>("--steps") { Description = "SGD steps compared between CPU and GPU", DefaultValueFactory = _ => 10 };
            var paperBatch = new Option<int>("--paper-batch") { Description = "batch of the paper-sized comparisons", DefaultValueFactory = _ => 16 };
            var noTorch = new Option<bool>("--no-torch") { Description = "skip the PyTorch float64 reference" };
            var reference = new Option<string?>("--reference") { Description = "path of Tests/Reference/alexnet_reference.py (found automatically from the package root)" };
            var json = new Option<bool>("--json") { Description = "print the JSON report instead of text" };
            var only = new Option<string?>("--only") { Description = "comma-separated check ids to run (see --list); overrides --quick and --no-torch" };
            var list = new Option<bool>("--list") { Description = "print the check ids, one per line, and exit" };
            var command = new Command("engine", "Check the CUDA engine layer by layer against the CPU engine and PyTorch (needs an NVIDIA GPU); exit 1 on any failure, 4 when a check did not run (no GPU, no PyTorch).")
            {
                report, quick, steps, paperBatch, noTorch, reference, json, only, list,
            };
            command.SetAction(parse =>
            {
                int s = parse.GetValue(steps);
                if (s < 1 || s > 1000) throw new UserInputException($"--steps must be 1 to 1000 (got {s})");
                int pb = parse.GetValue(paperBatch);
                if (pb < 1 || pb > 256) throw new UserInputException($"--paper-batch must be 1 to 256 (got {pb})");
                var options = new EngineCheckOptions
                {
                    Paper = !parse.GetValue(quick),
                    PaperBatch = pb,
                    Steps = s,
                    Torch = !parse.GetValue(noTorch),
                    ReferenceScript = parse.GetValue(reference),
                };
                if (parse.GetValue(list))
                {
                    foreach (var check in EngineCheck.Catalog(options)) Console.WriteLine($"{check.Id} {check.Name}");
                    return 0;
                }
                bool asJson = parse.GetValue(json);
                var ids = (parse.GetValue(only) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var result = EngineCheck.Run(options, line => { if (!asJson) Console.WriteLine(line); }, ids);
                string path = parse.GetValue(report)!;
                try
                {
                    File.WriteAllText(path, result.ToJson());
                    File.WriteAllText(Path.ChangeExtension(path, ".txt"), result.ToText());
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw new UserInputException($"cannot write the report to {Path.GetFullPath(path)}: {e.Message}");
                }
                if (asJson) Console.WriteLine(result.ToJson());
                else
                {
                    Console.WriteLine();
                    Console.Write(result.ToText());
                    Console.WriteLine($"report: {Path.GetFullPath(path)}");
                }
                var verdict = result.Verdict;
                if (verdict.NotRun) Console.Error.WriteLine("sightline: check engine did not run: " + verdict.Reason);
                return verdict.ExitCode;
            });
            return command;
        }
    }
}
