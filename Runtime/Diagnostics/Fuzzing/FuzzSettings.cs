using System;

namespace Sightline.Reliability.Fuzzing
{
    /// <summary>How long and how hard <see cref="FuzzRunner"/> fuzzes one target.</summary>
    public sealed class FuzzSettings
    {
        /// <summary>Case i of a target is reproducible from this seed and i alone.</summary>
        public ulong Seed { get; set; } = 1;
        /// <summary>The first case number to run (replaying case i: FirstCase = i, MaxCases = 1).</summary>
        public long FirstCase { get; set; }
        /// <summary>Stop after this many cases (the seed files themselves count as the first cases).</summary>
        public long MaxCases { get; set; } = long.MaxValue;
        /// <summary>Stop after this long (checked between cases).</summary>
        public TimeSpan Duration { get; set; } = TimeSpan.MaxValue;
        /// <summary>A case still running after this is a hang (a failure); its thread is abandoned.</summary>
        public TimeSpan CaseTimeout { get; set; } = TimeSpan.FromSeconds(30);
        /// <summary>A case that allocates more than this is a memory blow-up (a failure), even when it then fails cleanly.</summary>
        public long MemoryCeilingBytes { get; set; } = 256L * 1024 * 1024;
        /// <summary>When set, each failing input is written here as TARGET-SEED-CASE.bin.</summary>
        public string? SaveFailuresTo { get; set; }
        /// <summary>Failures kept in the report with full details (all are counted).</summary>
        public int MaxFailuresKept { get; set; } = 50;
    }
}
