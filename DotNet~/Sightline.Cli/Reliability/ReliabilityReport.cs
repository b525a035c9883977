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
            Step("classifier load", () => ClassifierLoadDrill.Run(seed));
            Step("CUDA out of memory", CudaOomDrill.Run);
            double left = Math.Max(4, seconds - clock.Elapsed.TotalSeconds);
            // Fuzzing runs last, for the time the budget leaves; it is listed first.
            var fuzz = Step("fuzzing", () => FuzzDrill.Run(seed, left));
            rows.Remove(fuzz);
            rows.Insert(0, fuzz);
            return rows;
        }

        public static bool Passed(IEnumerable<ReliabilityRow> rows) => rows.All(r => r.Passed);

        public static void PrintTable(IReadOnlyList<ReliabilityRow> rows, int seed)
        {
            var table = new Table().Title($"sightline check reliability (seed {seed})");
            table.AddColumns("check", "inputs tried", "crashes survived", "faults injected", "unhandled exceptions", "data lost", "seconds", "result");
            foreach (var column in table.Columns.Skip(1).Take(6)) column.RightAligned();
            foreach (var r in rows)
            {
                string result = r.Skipped != null ? "skipped: " + Short(r.Skipped) : r.Passed ? "PASS" : "FAIL";
                table.AddRow(Markup.Escape(r.Name), N(r.InputsTried), N(r.CrashesSurvived), N(r.FaultsInjected), N(r.UnhandledExceptions), N(r.DataLost),
                    r.Skipped != null ? "" : r.Seconds.ToString("0.0", CultureInfo.InvariantCulture), Markup.Escape(result));
            }
            table.AddRow("total", N(rows.Sum(r => r.InputsTried)), N(rows.Sum(r => r.CrashesSurvived)), N(rows.Sum(r => r.FaultsInjected)),
                N(rows.Sum(r => r.UnhandledExceptions)), N(rows.Sum(r => r.DataLost)), "", Passed(rows) ? "PASS" : "FAIL");
            AnsiConsole.Write(table);
            foreach (var r in rows)
            {
                if (r.Skipped != null && r.Skipped != Short(r.Skipped)) Console.WriteLine($"{r.Name}: skipped: {r.Skipped}");
                if (r.Detail.Length > 0) Console.WriteLine($"{r.Name}: {r.Detail}");
                foreach (var p in r.Problems) Console.WriteLine($"{r.Name}: {p}");
            }
            Console.WriteLine(Passed(rows)
                ? $"reliability: PASS ({rows.Sum(r => r.DataLost)} data lost, {rows.Sum(r => r.UnhandledExceptions)} unhandled exceptions)"
                : $"reliability: FAIL ({rows.Sum(r => r.DataLost)} data lost, {rows.Sum(r => r.UnhandledExceptions)} unhandled exceptions, {rows.Sum(r => r.Problems.Count)} problems); replay with --seed {seed}");
        }

        public static string ToJson(IReadOnlyList<ReliabilityRow> rows, int seed)
        {
            var doc = new
            {
                seed,
                passed = Passed(rows),
                dataLost = rows.Sum(r => r.DataLost),
                unhandledExceptions = rows.Sum(r => r.UnhandledExceptions),
                checks = rows.Select(r => new
                {
                    name = r.Name,
                    inputsTried = r.InputsTried,
                    crashesSurvived = r.CrashesSurvived,
                    faultsInjected = r.FaultsInjected,
                    unhandledExceptions = r.UnhandledExceptions,
                    dataLost = r.DataLost,
                    seconds = r.Seconds,
                    skipped = r.Skipped,
                    passed = r.Passed,
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
