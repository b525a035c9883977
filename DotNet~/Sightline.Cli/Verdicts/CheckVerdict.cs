using System;
using System.Collections.Generic;
using System.Linq;

namespace Sightline.Cli.Verdicts
{
    /// <summary>
    /// What a check command concludes from its results: passed, failed, or not run. Not run is never a pass: a check
    /// that was skipped (no GPU, no PyTorch) or measured nothing leaves the whole run not run, with the reasons, unless
    /// something failed. Exit codes 0, 1 and <see cref="CliRunner.NotRun"/> (4); JSON `passed` true, false or null.
    /// </summary>
    public sealed class CheckVerdict
    {
        CheckVerdict(bool? passed, string? reason)
        {
            Passed = passed;
            Reason = reason;
        }

        /// <summary>True: everything ran and passed; false: something failed; null: not run (see <see cref="Reason"/>).</summary>
        public bool? Passed { get; }
        /// <summary>Why the run counts as not run; also, on a failure, which parts did not run (else null).</summary>
        public string? Reason { get; }

        public bool NotRun => Passed == null;

        public int ExitCode => Passed == true ? 0 : Passed == false ? 1 : CliRunner.NotRun;

        /// <summary>"PASS", "FAIL" or "NOT RUN", for tables and summary lines.</summary>
        public string Word => Passed == true ? "PASS" : Passed == false ? "FAIL" : "NOT RUN";

        /// <summary>
        /// From counts: any failure fails; otherwise anything not run (or nothing passed at all) makes the run not run.
        /// <paramref name="notRun"/> holds one reason per part that did not run ("torch-mini: torch is not installed").
        /// </summary>
        public static CheckVerdict Of(int passed, int failed, IReadOnlyCollection<string> notRun)
        {
            string? reasons = notRun.Count == 0 ? null : string.Join("; ", notRun.Distinct());
            if (failed > 0) return new CheckVerdict(false, reasons == null ? null : "also not run: " + reasons);
            if (reasons != null) return new CheckVerdict(null, reasons);
            if (passed <= 0) return new CheckVerdict(null, "nothing was measured");
            return new CheckVerdict(true, null);
        }

        public static CheckVerdict Of(int passed, int failed, IEnumerable<string> notRun) => Of(passed, failed, notRun.ToList());

        public override string ToString() => Reason == null ? Word : $"{Word} ({Reason})";
    }
}
