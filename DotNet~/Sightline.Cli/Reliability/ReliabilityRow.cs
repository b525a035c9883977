using System.Collections.Generic;

namespace Sightline.Cli.Reliability
{
    /// <summary>
    /// One line of `sightline check reliability`: what a drill tried and what went wrong. Data lost counts every
    /// checkpoint that did not load, progress that went backwards, a frame that was half written or a manifest entry
    /// without its image; it must be 0, like unhandled exceptions.
    /// </summary>
    public sealed class ReliabilityRow
    {
        public ReliabilityRow(string name) => Name = name;

        public string Name { get; }
        public int InputsTried { get; set; }
        /// <summary>Processes killed (or writes failed) whose data was then found intact and resumed.</summary>
        public int CrashesSurvived { get; set; }
        /// <summary>Malformed inputs a parser refused with its own, clear error (fuzzing): not crashes.</summary>
        public int RejectedCleanly { get; set; }
        public int FaultsInjected { get; set; }
        public int UnhandledExceptions { get; set; }
        public int DataLost { get; set; }
        public double Seconds { get; set; }
        /// <summary>Why the drill did not run (no GPU, not on Linux...); null when it ran.</summary>
        public string? Skipped { get; set; }
        /// <summary>One line per thing that went wrong (what, where), for the report.</summary>
        public List<string> Problems { get; } = new List<string>();
        /// <summary>What the drill did, in a few words, for the table.</summary>
        public string Detail { get; set; } = "";

        /// <summary>Ran, and nothing went wrong. A skipped row is not passed (see <see cref="Failed"/>, <see cref="NotRun"/>).</summary>
        public bool Passed => Skipped == null && !Failed;

        /// <summary>Something went wrong (counted whether or not the drill finished).</summary>
        public bool Failed => DataLost > 0 || UnhandledExceptions > 0 || Problems.Count > 0;

        /// <summary>Skipped, with nothing wrong found: neither passed nor failed.</summary>
        public bool NotRun => Skipped != null && !Failed;

        /// <summary>"PASS", "FAIL" or "NOT RUN".</summary>
        public string Result => Failed ? "FAIL" : NotRun ? "NOT RUN" : "PASS";

        public void Lost(string what)
        {
            DataLost++;
            Problems.Add("data lost: " + what);
        }

        public void Unhandled(string what)
        {
            UnhandledExceptions++;
            Problems.Add("unhandled: " + what);
        }

        public void Problem(string what) => Problems.Add(what);

        public static ReliabilityRow Skip(string name, string reason) => new ReliabilityRow(name) { Skipped = reason };
    }
}
