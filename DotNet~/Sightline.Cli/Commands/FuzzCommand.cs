using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Sightline.Onnx;
using Sightline.Reliability.Fuzzing;
using Spectre.Console;

namespace Sightline.Cli.Commands
{
    /// <summary>
    /// `sightline fuzz TARGET|all --seconds N`: mutation fuzzing of the parsers that read user files (issue 11).
    /// Exit code 0 when no case failed, 1 otherwise. <see cref="RunAll"/> is what `check reliability` calls.
    /// </summary>
    public static class FuzzCommand
    {
        /// <summary>Every fuzz target: the Core parsers and the ONNX importer.</summary>
        public static IReadOnlyList<FuzzTarget> AllTargets()
        {
            var targets = new List<FuzzTarget>(FuzzTargets.Core());
            targets.Add(new OnnxFuzzTarget());
            return targets;
        }

        /// <summary>Fuzzes every target for an equal share of <paramref name="budget"/>; a report with FailureCount 0 per target means it passed.</summary>
        public static FuzzReport[] RunAll(TimeSpan budget, ulong seed) => FuzzRunner.RunAll(AllTargets(), budget, seed);

        public static Command Create()
        {
            var targetArg = new Argument<string>("target") { Description = "image, manifest, checkpoint, model, onnx or all" };
            var seconds = new Option<double>("--seconds") { Description = "fuzzing time in seconds (for all: shared equally between targets)", DefaultValueFactory = _ => 60 };
            var cases = new Option<long?>("--cases") { Description = "stop each target after this many cases instead (reproducible in size)" };
            var seed = new Option<ulong>("--seed") { Description = "seed: case i of a target depends only on it and i", DefaultValueFactory = _ => 1 };
            var caseTimeout = new Option<double>("--case-timeout") { Description = "seconds after which a case counts as a hang", DefaultValueFactory = _ => 30 };
            var memory = new Option<int>("--memory-mb") { Description = "most MiB one case may allocate", DefaultValueFactory = _ => 256 };
            var save = new Option<string?>("--save-failures") { Description = "folder to write each failing input to (TARGET-SEED-CASE.bin)" };
            var replay = new Option<long?>("--replay") { Description = "run only this case number (with --seed) and print its mutations and outcome" };
            var json = new Option<bool>("--json") { Description = "print JSON instead of a table" };
            var command = new Command("fuzz", "Fuzz the parsers of user files (images, dataset manifest, checkpoints, ONNX) with mutated valid files.")
            {
                targetArg, seconds, cases, seed, caseTimeout, memory, save, replay, json,
            };
            command.SetAction(parse =>
            {
                var targets = Select(parse.GetValue(targetArg)!);
                double s = parse.GetValue(seconds);
                if (!(s > 0)) throw new UserInputException($"--seconds must be positive (got {s.ToString(CultureInfo.InvariantCulture)})");
                long? maxCases = parse.GetValue(cases);
                if (maxCases.HasValue && maxCases.Value < 1) throw new UserInputException($"--cases must be at least 1 (got {maxCases.Value})");
                long? only = parse.GetValue(replay);
                if (only.HasValue && (only.Value < 0 || targets.Count != 1)) throw new UserInputException("--replay takes a case number >= 0 and one target (not all)");
                var share = TimeSpan.FromSeconds(s / targets.Count);
                var reports = new List<FuzzReport>();
                foreach (var target in targets)
                {
                    var settings = new FuzzSettings
                    {
                        Seed = parse.GetValue(seed),
                        Duration = maxCases.HasValue ? TimeSpan.MaxValue : share,
                        MaxCases = maxCases ?? long.MaxValue,
                        CaseTimeout = TimeSpan.FromSeconds(parse.GetValue(caseTimeout)),
                        MemoryCeilingBytes = parse.GetValue(memory) * 1024L * 1024L,
                        SaveFailuresTo = parse.GetValue(save),
                    };
                    if (only.HasValue)
                    {
                        Replay(target, settings, only.Value);
                        return 0;
                    }
                    if (!parse.GetValue(json)) Console.Error.WriteLine($"fuzzing {target.Name} for {(maxCases.HasValue ? maxCases.Value + " cases" : share.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s")}...");
                    reports.Add(FuzzRunner.Run(target, settings));
                }
                if (parse.GetValue(json)) Console.WriteLine(ToJson(reports));
                else Print(reports);
                return reports.All(r => r.Passed) ? 0 : 1;
            });
            return command;
        }

        static IReadOnlyList<FuzzTarget> Select(string name)
        {
            var all = AllTargets();
            if (string.Equals(name, "all", StringComparison.OrdinalIgnoreCase)) return all;
            var target = FuzzTargets.Find(all, name);
            if (target == null) throw new UserInputException($"unknown fuzz target '{name}'; choose one of {string.Join(", ", all.Select(t => t.Name))} or all");
            return new[] { target };
        }

        static void Replay(FuzzTarget target, FuzzSettings settings, long caseIndex)
        {
            var log = new List<string>();
            var input = FuzzRunner.CaseInput(target, settings.Seed, caseIndex, log);
            Console.WriteLine($"{target.Name} seed {settings.Seed} case {caseIndex}: {input.Length} bytes");
            foreach (var line in log) Console.WriteLine("  " + line);
            settings.FirstCase = caseIndex;
            settings.MaxCases = 1;
            var report = FuzzRunner.Run(target, settings);
            if (report.Failures.Count > 0) Console.WriteLine("FAILURE " + report.Failures[0]);
            else if (report.ExpectedErrorCount > 0) Console.WriteLine("expected error: " + string.Join(", ", report.ExpectedErrors.Keys));
            else Console.WriteLine("accepted");
        }

        static void Print(IReadOnlyList<FuzzReport> reports)
        {
            var table = new Table().Title("Fuzzing (seed " + (reports.Count > 0 ? reports[0].Seed.ToString(CultureInfo.InvariantCulture) : "") + ")");
            foreach (var column in new[] { "target", "cases", "ok", "expected errors", "failures", "cases/s", "seconds", "slowest case", "most allocated" })
                table.AddColumn(column);
            foreach (var r in reports)
            {
                string errors = string.Join(", ", r.ExpectedErrors.OrderByDescending(p => p.Value).Select(p => $"{p.Value} {p.Key}"));
                table.AddRow(
                    r.Target,
                    r.Cases.ToString("N0", CultureInfo.InvariantCulture),
                    r.Successes.ToString("N0", CultureInfo.InvariantCulture),
                    Markup.Escape(errors.Length == 0 ? "0" : errors),
                    r.FailureCount == 0 ? "[green]0[/]" : $"[red]{r.FailureCount}[/]",
                    r.CasesPerSecond.ToString("0", CultureInfo.InvariantCulture),
                    r.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                    $"{r.SlowestCase.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms",
                    $"{(r.LargestAllocation / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture)} MiB");
            }
            AnsiConsole.Write(table);
            foreach (var r in reports)
                foreach (var f in r.Failures)
                {
                    Console.WriteLine($"{r.Target} seed {r.Seed} {f}");
                    Console.WriteLine($"  mutations: {f.Mutations}");
                    if (f.SavedTo != null) Console.WriteLine($"  input saved to {f.SavedTo}");
                    Console.WriteLine($"  replay: sightline fuzz {r.Target} --seed {r.Seed} --replay {f.CaseIndex}");
                }
        }

        internal static string ToJson(IReadOnlyList<FuzzReport> reports)
        {
            var doc = reports.Select(r => new
            {
                target = r.Target,
                seed = r.Seed,
                cases = r.Cases,
                ok = r.Successes,
                expectedErrors = r.ExpectedErrors,
                failures = r.FailureCount,
                seconds = r.Elapsed.TotalSeconds,
                casesPerSecond = r.CasesPerSecond,
                slowestCaseMs = r.SlowestCase.TotalMilliseconds,
                largestAllocationBytes = r.LargestAllocation,
                failureDetails = r.Failures.Select(f => new { caseIndex = f.CaseIndex, kind = f.Kind, exception = f.ExceptionType, message = f.Message, mutations = f.Mutations, inputLength = f.InputLength, savedTo = f.SavedTo }).ToArray(),
            }).ToArray();
            return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
        }
    }
}
