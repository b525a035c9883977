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
        public int CrashesSurvived { get; set; }
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

        public bool Passed => Skipped != null || (DataLost == 0 && UnhandledExceptions == 0 && Problems.Count == 0);

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
