using System;
using System.Collections.Generic;
using Sightline.Training.Metrics;
using Sightline.Training.Schedules;

namespace Sightline.Training.Checkpoints
{
    /// <summary>
    /// Everything a run needs to continue exactly where it stopped and that a model does not: the optimiser's
    /// momentum, the position (step, epoch, batch within the epoch), the schedule, the settings, the random states
    /// and dropout seed, the training frames' PCA lighting and the metrics so far. A <see cref="Checkpoint"/> holds
    /// one next to its model; model files and model assets never do.
    /// </summary>
    public sealed class TrainingState
    {
        /// <summary>SGD momentum in the layout of the model's parameters; empty for a state without optimiser memory.</summary>
        public float[] Momentum { get; set; } = Array.Empty<float>();

        /// <summary>Updates applied so far (the engine's step counter).</summary>
        public long Step { get; set; }
        /// <summary>Epochs completed.</summary>
        public int Epoch { get; set; }
        /// <summary>Batches done in the epoch after <see cref="Epoch"/> (0 at an epoch boundary).</summary>
        public int BatchInEpoch { get; set; }

        public ScheduleState Schedule { get; set; } = new ScheduleState(0.01f);
        public TrainingSettings Settings { get; set; } = new TrainingSettings();

        /// <summary>Named random generator states (SeededRandom.GetState), e.g. "epoch".</summary>
        public Dictionary<string, ulong[]> RandomStates { get; set; } = new Dictionary<string, ulong[]>();
        public ulong DropoutSeed { get; set; }

        /// <summary>The training frames' RGB covariance eigenvectors (eigenvector i at [3i .. 3i+2]) and eigenvalues, for PCA lighting.</summary>
        public float[] PcaEigenvectors { get; set; } = Array.Empty<float>();
        public float[] PcaEigenvalues { get; set; } = Array.Empty<float>();

        public List<EpochMetrics> History { get; set; } = new List<EpochMetrics>();

        /// <summary>The engine that wrote it ("cpu", "cuda"): informational.</summary>
        public string Engine { get; set; } = string.Empty;
    }
}
