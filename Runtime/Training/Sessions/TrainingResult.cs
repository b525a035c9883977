using System.Collections.Generic;
using Sightline.Training.Metrics;

namespace Sightline.Training.Sessions
{
    /// <summary>How a run ended: why, a sentence saying so, and where it got to.</summary>
    public sealed class TrainingResult
    {
        public TrainingResult(StopReason reason, string message, int epochsCompleted, long step, IReadOnlyList<EpochMetrics> history, string? checkpointPath)
        {
            Reason = reason;
            Message = message;
            EpochsCompleted = epochsCompleted;
            Step = step;
            History = history;
            CheckpointPath = checkpointPath;
        }

        public StopReason Reason { get; }
        public string Message { get; }
        public int EpochsCompleted { get; }
        public long Step { get; }
        public IReadOnlyList<EpochMetrics> History { get; }
        /// <summary>The checkpoint to resume from (the last good one), or null when none was written.</summary>
        public string? CheckpointPath { get; }
    }
}
