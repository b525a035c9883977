using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Sightline.Cli.Gpu
{
    /// <summary>One measured number of a check and the bound it must stay under.</summary>
    public sealed class CheckMetric
    {
        public CheckMetric(string name, double value, double tolerance)
        {
            Name = name;
            Value = value;
            Tolerance = tolerance;
        }

        public string Name { get; }
        /// <summary>Normalised error: max |actual - expected| / max |expected| (NaN anywhere makes it NaN).</summary>
        public double Value { get; }
        public double Tolerance { get; }
        public bool Passed => Value <= Tolerance;
    }

    /// <summary>
    /// The outcome of one check: pass (every metric within its tolerance, and at least one metric), fail (a metric
    /// over its tolerance), error (an exception) or skipped (not run: the reason says why; a check that recorded no
    /// metric is skipped too, never passed).
    /// </summary>
    public sealed class CheckResult
    {
        public CheckResult(string name)
        {
            Name = name;
        }

        public string Name { get; }
        public List<CheckMetric> Metrics { get; } = new List<CheckMetric>();
        public List<string> Notes { get; } = new List<string>();
        public string? Error { get; set; }
        public string? SkipReason { get; set; }
        public double Seconds { get; set; }

        /// <summary>Why a check that ran without an error still counts as not run.</summary>
        public const string NothingMeasured = "measured nothing (no metric was recorded)";

        public string Status => Error != null ? "error" : SkipReason != null ? "skipped" : Metrics.Count == 0 ? "skipped" : Metrics.All(m => m.Passed) ? "pass" : "fail";

        /// <summary>Why it did not run (null when it ran).</summary>
        public string? NotRunReason => Status != "skipped" ? null : SkipReason ?? NothingMeasured;

        public void Add(string metric, double value, double tolerance) => Metrics.Add(new CheckMetric(metric, value, tolerance));
    }

    /// <summary>All checks of a run, written as JSON for the record and as text lines for people.</summary>
    public sealed class CheckReport
    {
        public string Title { get; set; } = "";
        public List<string> Environment { get; } = new List<string>();
        public List<CheckResult> Results { get; } = new List<CheckResult>();

        public bool Failed => Results.Any(r => r.Status == "fail" || r.Status == "error");

        /// <summary>Passed only when every check ran and passed; a skipped check, or no check at all, is not run.</summary>
        public Verdicts.CheckVerdict Verdict => Verdicts.CheckVerdict.Of(
            Results.Count(r => r.Status == "pass"),
            Results.Count(r => r.Status == "fail" || r.Status == "error"),
            Results.Where(r => r.Status == "skipped").Select(r => $"{r.Name}: {r.NotRunReason}").ToList());

        /// <summary>Runs one check; whatever it throws is recorded and the next check still runs.</summary>
        public CheckResult Run(string name, Action<CheckResult> check, Action<string>? log = null)
        {
            var result = new CheckResult(name);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            log?.Invoke($"... {name}");
            try
            {
                check(result);
            }
            catch (Exception e)
            {
                result.Error = e.GetType().Name + ": " + e.Message + (e.InnerException != null ? " <- " + e.InnerException.Message : "");
            }
            result.Seconds = clock.Elapsed.TotalSeconds;
            Results.Add(result);
            log?.Invoke(Line(result));
            return result;
        }

        public static string Line(CheckResult r)
        {
            // PASS/FAIL/SKIP first on the line: the GPU run's summary collects such lines from every report.
            string word = r.Status == "pass" ? "PASS" : r.Status == "skipped" ? "SKIP" : "FAIL";
            var text = $"{word} engine: {r.Name} ({r.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s)";
            if (r.Error != null) return text + ": error: " + r.Error;
            if (r.Status == "skipped") return text + ": not run: " + r.NotRunReason;
            var worst = r.Metrics.Where(m => !m.Passed).ToList();
            if (worst.Count > 0)
                return text + ": " + string.Join("; ", worst.Take(6).Select(m => $"{m.Name} = {Number(m.Value)} > {Number(m.Tolerance)}"));
            if (r.Metrics.Count > 0)
            {
                var max = r.Metrics.OrderByDescending(m => m.Value / m.Tolerance).First();
                return text + $": {r.Metrics.Count} metrics within tolerance; closest {max.Name} = {Number(max.Value)} (tolerance {Number(max.Tolerance)})";
            }
            return text;
        }

        public static string Number(double v) => double.IsNaN(v) ? "NaN" : v.ToString("0.###e+0", CultureInfo.InvariantCulture);

        public string ToText()
        {
            var w = new StringWriter();
            w.WriteLine(Title);
            foreach (var e in Environment) w.WriteLine("  " + e);
            foreach (var r in Results)
            {
                w.WriteLine(Line(r));
                foreach (var m in r.Metrics)
                    w.WriteLine($"    {(m.Passed ? "ok  " : "FAIL")} {m.Name}: {Number(m.Value)} (tolerance {Number(m.Tolerance)})");
                foreach (var n in r.Notes) w.WriteLine("    note: " + n);
            }
            int pass = Results.Count(r => r.Status == "pass"), skipped = Results.Count(r => r.Status == "skipped");
            w.WriteLine($"{pass} passed, {Results.Count - pass - skipped} failed, {skipped} not run");
            var verdict = Verdict;
            w.WriteLine($"result: {verdict}");
            return w.ToString();
        }

        public string ToJson()
        {
            var verdict = Verdict;
            var doc = new
            {
                title = Title,
                environment = Environment,
                // true: every check ran and passed; false: one failed; null: not run (reason says why). Never true for nothing.
                passed = verdict.Passed,
                reason = verdict.Reason,
                results = Results.Select(r => new
                {
                    name = r.Name,
                    status = r.Status,
                    seconds = r.Seconds,
                    error = r.Error,
                    skipped = r.NotRunReason,
                    notes = r.Notes,
                    metrics = r.Metrics.Select(m => new { name = m.Name, value = double.IsNaN(m.Value) ? (double?)null : m.Value, tolerance = m.Tolerance, passed = m.Passed }),
                }),
            };
            return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
        }
    }
}
