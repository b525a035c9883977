using System;
using System.Linq;
using Sightline.Cli.Commands;

namespace Sightline.Cli.Reliability
{
    /// <summary>
    /// The mutation fuzzers of `sightline fuzz` (every parser of user files) for the time the other drills leave, as
    /// one row: inputs tried are the cases, rejected cleanly the malformed inputs refused with the parser's own clear
    /// error (nothing crashed, so they are not "crashes survived"), and every
    /// fuzz failure (another exception, a hang, an allocation past the ceiling) counts as an unhandled exception.
    /// </summary>
    public static class FuzzDrill
    {
        public static ReliabilityRow Run(int seed, double seconds)
        {
            var row = new ReliabilityRow("fuzzing");
            try
            {
                var reports = FuzzCommand.RunAll(TimeSpan.FromSeconds(Math.Max(1, seconds)), (ulong)seed);
                foreach (var report in reports)
                {
                    row.InputsTried += (int)Math.Min(int.MaxValue, report.Cases);
                    row.RejectedCleanly += (int)Math.Min(int.MaxValue, report.ExpectedErrorCount);
                    row.Seconds += report.Elapsed.TotalSeconds;
                    row.UnhandledExceptions += (int)Math.Min(int.MaxValue, report.FailureCount);
                    foreach (var failure in report.Failures.Take(5))
                        row.Problem($"{report.Target} {failure} (replay: sightline fuzz {report.Target} --seed {seed} --replay {failure.CaseIndex})");
                }
                row.Detail = string.Join(", ", reports.Select(r => $"{r.Target} {r.Cases} cases"));
            }
            catch (Exception e)
            {
                row.Unhandled(e.GetType().Name + ": " + e.Message);
            }
            return row;
        }
    }
}
