using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Spectre.Console;

namespace Sightline.Cli.Reliability
{
    /// <summary>Runs the fast version of every reliability drill and prints the table `sightline check reliability` shows.</summary>
    public static class ReliabilityReport
    {
        /// <summary>Every drill, within about <paramref name="seconds"/> in total (the crash, disk and load drills take what they take; fuzzing gets the rest).</summary>
        public static List<ReliabilityRow> RunAll(int seed, double seconds, Action<string>? progress = null)
        {
            var clock = Stopwatch.StartNew();
            var rows = new List<ReliabilityRow>();
            ReliabilityRow Step(string name, Func<ReliabilityRow> drill)
            {
                progress?.Invoke(name);
                var row = drill();
                rows.Add(row);
                return row;
            }
            int extraKills = Math.Max(0, Math.Min(7, (int)((seconds - 20) / 10)));
            Step("crash/resume", () => CrashResumeDrill.Run(seed, 3 + extraKills));
            Step("disk full", () => DiskFullDrill.Run());
            Step("divergence", () => DivergenceDrill.Run(seed));
            // 64 callers for 30 s at least (CI's --seconds 20), for the whole budget beyond that (--seconds 600: 10 minutes).
            Step("classifier load", () => ClassifierLoadDrill.RunTimed(seed, Math.Max(ClassifierLoadDrill.LoadSeconds, seconds), ClassifierLoadDrill.LoadCallers, out _));
            Step("CUDA out of memory", CudaOomDrill.Run);
            double left = Math.Max(4, seconds - clock.Elapsed.TotalSeconds);
            // Fuzzing runs last, for the time the budget leaves; it is listed first.
            var fuzz = Step("fuzzing", () => FuzzDrill.Run(seed, left));
            rows.Remove(fuzz);
            rows.Insert(0, fuzz);
            return rows;
        }

        /// <summary>Passed only when every row ran and passed; a skipped row makes the run not run (exit 4), a failed one failed.</summary>
        public static Verdicts.CheckVerdict Verdict(IReadOnlyCollection<ReliabilityRow> rows) => Verdicts.CheckVerdict.Of(
            rows.Count(r => r.Passed), rows.Count(r => r.Failed), rows.Where(r => r.NotRun).Select(r => $"{r.Name}: {r.Skipped}").ToList());

        public static void PrintTable(IReadOnlyList<ReliabilityRow> rows, int seed)
        {
            var table = new Table().Title($"sightline check reliability (seed {seed})");
            var verdict = Verdict(rows);
            table.AddColumns("check", "inputs tried", "crashes survived", "rejected cleanly", "faults injected", "unhandled exceptions", "data lost", "seconds", "result");
            foreach (var column in table.Columns.Skip(1).Take(7)) column.RightAligned();
            foreach (var r in rows)
            {
                string result = r.NotRun ? "NOT RUN: " + Short(r.Skipped!) : r.Result;
                table.AddRow(Markup.Escape(r.Name), N(r.InputsTried), N(r.CrashesSurvived), N(r.RejectedCleanly), N(r.FaultsInjected), N(r.UnhandledExceptions), N(r.DataLost),
                    r.Skipped != null ? "" : r.Seconds.ToString("0.0", CultureInfo.InvariantCulture), Markup.Escape(result));
            }
            table.AddRow("total", N(rows.Sum(r => r.InputsTried)), N(rows.Sum(r => r.CrashesSurvived)), N(rows.Sum(r => r.RejectedCleanly)), N(rows.Sum(r => r.FaultsInjected)),
                N(rows.Sum(r => r.UnhandledExceptions)), N(rows.Sum(r => r.DataLost)), "", verdict.Word);
            AnsiConsole.Write(table);
            foreach (var r in rows)
            {
                if (r.Skipped != null && r.Skipped != Short(r.Skipped)) Console.WriteLine($"{r.Name}: not run: {r.Skipped}");
                if (r.Detail.Length > 0) Console.WriteLine($"{r.Name}: {r.Detail}");
                foreach (var p in r.Problems) Console.WriteLine($"{r.Name}: {p}");
            }
            Console.WriteLine(verdict.Passed == true
                ? $"reliability: PASS ({rows.Sum(r => r.DataLost)} data lost, {rows.Sum(r => r.UnhandledExceptions)} unhandled exceptions)"
                : verdict.NotRun
                ? $"reliability: NOT RUN, {rows.Count(r => r.NotRun)} of {rows.Count} checks did not run ({verdict.Reason}); the others passed"
                : $"reliability: FAIL ({rows.Sum(r => r.DataLost)} data lost, {rows.Sum(r => r.UnhandledExceptions)} unhandled exceptions, {rows.Sum(r => r.Problems.Count)} problems); replay with --seed {seed}");
        }

        public static string ToJson(IReadOnlyList<ReliabilityRow> rows, int seed)
        {
            var verdict = Verdict(rows);
            var doc = new
            {
                seed,
                // true: every check ran and passed; false: one failed; null: a check did not run (reason says which).
                passed = verdict.Passed,
                reason = verdict.Reason,
                dataLost = rows.Sum(r => r.DataLost),
                unhandledExceptions = rows.Sum(r => r.UnhandledExceptions),
                checks = rows.Select(r => new
                {
                    name = r.Name,
                    inputsTried = r.InputsTried,
                    crashesSurvived = r.CrashesSurvived,
                    rejectedCleanly = r.RejectedCleanly,
                    faultsInjected = r.FaultsInjected,
                    unhandledExceptions = r.UnhandledExceptions,
                    dataLost = r.DataLost,
                    seconds = r.Seconds,
                    skipped = r.Skipped,
                    result = r.Result,
                    passed = r.NotRun ? (bool?)null : r.Passed,
                    detail = r.Detail,
                    problems = r.Problems.ToArray(),
                }).ToArray(),
            };
            return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
        }

        // The table keeps one short line per check; the whole reason follows the table.
        static string Short(string text)
        {
            int cut = text.IndexOfAny(new[] { ';', '\n' });
            string first = cut > 0 ? text.Substring(0, cut) : text;
            return first.Length <= 48 ? first : first.Substring(0, 45) + "...";
        }

        static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
    }
}
