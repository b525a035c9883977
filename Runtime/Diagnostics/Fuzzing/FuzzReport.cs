using System;
using System.Collections.Generic;

namespace Sightline.Reliability.Fuzzing
{
    /// <summary>What fuzzing one target found.</summary>
    public sealed class FuzzReport
    {
        public FuzzReport(string target, ulong seed)
        {
            Target = target;
            Seed = seed;
        }

        public string Target { get; }
        public ulong Seed { get; }
        public long Cases { get; internal set; }
        /// <summary>Cases the parser accepted (the mutation left a valid file).</summary>
        public long Successes { get; internal set; }
        /// <summary>Cases that ended in one of the target's own exception types, by type name.</summary>
        public Dictionary<string, long> ExpectedErrors { get; } = new Dictionary<string, long>(StringComparer.Ordinal);
        /// <summary>Number of failing cases (foreign exceptions, hangs, memory blow-ups, messages without the file name).</summary>
        public long FailureCount { get; internal set; }
        /// <summary>The first failures, with details.</summary>
        public List<FuzzFailure> Failures { get; } = new List<FuzzFailure>();
        public TimeSpan Elapsed { get; internal set; }
        /// <summary>The slowest single case.</summary>
        public TimeSpan SlowestCase { get; internal set; }
        /// <summary>The most one case allocated, in bytes.</summary>
        public long LargestAllocation { get; internal set; }

        public long ExpectedErrorCount
        {
            get
            {
                long total = 0;
                foreach (var pair in ExpectedErrors) total += pair.Value;
                return total;
            }
        }

        public double CasesPerSecond => Elapsed.TotalSeconds > 0 ? Cases / Elapsed.TotalSeconds : 0;

        public bool Passed => FailureCount == 0;
    }
}
