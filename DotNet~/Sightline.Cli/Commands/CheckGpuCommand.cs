using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Sightline.Cuda.Diagnostics;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline check gpu`: the binding's self-test (NVRTC, memory, streams, graphs, cuBLAS, cuDNN) against CPU oracles.</summary>
    public static class CheckGpuCommand
    {
        public static Command Create()
        {
            var device = new Option<int>("--device") { Description = "GPU ordinal", DefaultValueFactory = _ => 0 };
            var only = new Option<string[]>("--only") { Description = "run only these checks (repeat or comma-separate; see --list)", AllowMultipleArgumentsPerToken = true };
            var outDir = new Option<string?>("--out") { Description = "folder for the report files (gpu-check[-NAMES].txt and .json)" };
            var json = new Option<bool>("--json") { Description = "print JSON instead of lines" };
            var list = new Option<bool>("--list") { Description = "list the checks and exit" };
            var command = new Command("gpu", "Run the CUDA binding's GPU checks; each prints PASS/FAIL with its max abs error and tolerance. Exit 1 when any fails, 4 when a check did not run (CUDA unavailable).")
                { device, only, outDir, json, list };
            command.SetAction(parse =>
            {
                if (parse.GetValue(list))
                {
                    foreach (var c in GpuChecks.All) Console.WriteLine($"{c.Name,-20} {c.Description}");
                    return 0;
                }
                var names = (parse.GetValue(only) ?? Array.Empty<string>())
                    .SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
                foreach (var name in names)
                    if (!GpuChecks.Names.Contains(name))
                        throw new UserInputException($"--only: unknown GPU check '{name}'; known: {string.Join(", ", GpuChecks.Names)}");
                bool asJson = parse.GetValue(json);
                var results = GpuChecks.Run(parse.GetValue(device), names, r => { if (!asJson) Console.WriteLine(r.ToLine()); });
                string summary = Summary(results);
                string? folder = parse.GetValue(outDir);
                if (!string.IsNullOrEmpty(folder))
                {
                    string stem = names.Count == 0 ? "gpu-check" : "gpu-check-" + string.Join("-", names);
                    try
                    {
                        Directory.CreateDirectory(folder);
                        File.WriteAllText(Path.Combine(folder, stem + ".txt"), string.Join("\n", results.Select(r => r.ToLine())) + "\n" + summary + "\n");
                        File.WriteAllText(Path.Combine(folder, stem + ".json"), ToJson(results, parse.GetValue(device)));
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        throw new UserInputException($"--out {folder}: cannot write the report: {e.Message}");
                    }
                }
                if (asJson) Console.WriteLine(ToJson(results, parse.GetValue(device)));
                else Console.WriteLine(summary);
                var verdict = Verdict(results);
                bool unavailable = results.Count == 1 && results[0].Name == "cuda" && results[0].Outcome == CheckOutcome.Skipped;
                if (unavailable) Console.Error.WriteLine("sightline: " + results[0].Detail);
                else if (verdict.NotRun) Console.Error.WriteLine("sightline: check gpu did not run: " + verdict.Reason);
                return verdict.ExitCode;
            });
            return command;
        }

        internal static string Summary(IReadOnlyList<CheckResult> results) =>
            $"{results.Count(r => r.Outcome == CheckOutcome.Passed)} passed, {results.Count(r => r.Outcome == CheckOutcome.Failed)} failed, {results.Count(r => r.Outcome == CheckOutcome.Skipped)} not run; result: {Verdict(results)}";

        /// <summary>A skipped check (no CUDA, one GPU for the peer check) is not run, never passed.</summary>
        internal static Verdicts.CheckVerdict Verdict(IReadOnlyList<CheckResult> results) => Verdicts.CheckVerdict.Of(
            results.Count(r => r.Outcome == CheckOutcome.Passed),
            results.Count(r => r.Outcome == CheckOutcome.Failed),
            results.Where(r => r.Outcome == CheckOutcome.Skipped).Select(r => $"{r.Name}: {r.Detail}").ToList());

        internal static string ToJson(IReadOnlyList<CheckResult> results, int device)
        {
            static double? Number(double v) => double.IsNaN(v) || double.IsInfinity(v) ? (double?)null : v;
            var verdict = Verdict(results);
            var doc = new
            {
                device,
                // true: every check ran and passed; false: one failed; null: not run (reason says why).
                passed = verdict.Passed,
                reason = verdict.Reason,
                counts = new
                {
                    passed = results.Count(r => r.Outcome == CheckOutcome.Passed),
                    failed = results.Count(r => r.Outcome == CheckOutcome.Failed),
                    notRun = results.Count(r => r.Outcome == CheckOutcome.Skipped),
                },
                results = results.Select(r => new
                {
                    name = r.Name,
                    outcome = r.Outcome.ToString().ToLowerInvariant(),
                    maxAbsError = Number(r.MaxAbsError),
                    tolerance = Number(r.Tolerance),
                    detail = r.Detail,
                    milliseconds = Math.Round(r.Milliseconds, 3),
                }).ToArray(),
            };
            return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
        }
    }
}
