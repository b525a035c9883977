using System;
using System.Collections.Generic;
using Sightline.Model;
using Sightline.Training.Metrics;
using Sightline.Training.Schedules;

namespace Sightline.Training.Checkpoints
{
    /// <summary>
    /// Everything needed to continue a run exactly where it stopped, or to use its model: the spec, weights,
    /// optimiser momentum, position (step, epoch, batch within the epoch), schedule state, random states, the
    /// dropout seed, the label map, the input statistics (mean image, PCA lighting) and the metrics so far.
    /// Saved and loaded by <see cref="CheckpointFile"/>.
    /// </summary>
    public sealed class Checkpoint
    {
        public Checkpoint(NetworkSpec spec, float[] parameters)
        {
            Spec = spec ?? throw new ArgumentNullException(nameof(spec));
            Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        }

        public NetworkSpec Spec { get; set; }
        /// <summary>The flat parameter buffer (layout of <see cref="NetworkSpec.Layers"/>).</summary>
        public float[] Parameters { get; set; }
        /// <summary>SGD momentum, same layout; empty for a model saved without optimiser state.</summary>
        public float[] Momentum { get; set; } = Array.Empty<float>();

        /// <summary>Updates applied so far (the engine's step counter).</summary>
        public long Step { get; set; }
        /// <summary>Epochs completed.</summary>
        public int Epoch { get; set; }
        /// <summary>Batches done in the epoch after <see cref="Epoch"/> (0 at an epoch boundary).</summary>
        public int BatchInEpoch { get; set; }

        public ScheduleState Schedule { get; set; } = new ScheduleState(0.01f);
        public TrainingSettings Settings { get; set; } = new TrainingSettings();

        /// <summary>Named random generator states (SeededRandom.GetState), e.g. "shuffle", "augment".</summary>
        public Dictionary<string, ulong[]> RandomStates { get; set; } = new Dictionary<string, ulong[]>();
        public ulong DropoutSeed { get; set; }

        /// <summary>Class names by label index.</summary>
        public string[] Labels { get; set; } = Array.Empty<string>();

        /// <summary>Per-pixel mean of the training frames, HWC RGB, <see cref="MeanImageSize"/> square (the stored frame size; 0: none).</summary>
        public float[] MeanImage { get; set; } = Array.Empty<float>();
        public int MeanImageSize { get; set; }
        /// <summary>The 3x3 RGB covariance's eigenvectors (eigenvector i at [3i .. 3i+2]) and eigenvalues, for PCA lighting.</summary>
        public float[] PcaEigenvectors { get; set; } = Array.Empty<float>();
        public float[] PcaEigenvalues { get; set; } = Array.Empty<float>();

        /// <summary>Mean-subtracted pixels are multiplied by this before the network (see InputStatistics.InputScale).</summary>
        public float InputScale { get; set; } = 1f;

        public List<EpochMetrics> History { get; set; } = new List<EpochMetrics>();
        /// <summary>The input statistics a batch source needs to feed this model (or continue its training) exactly as before.</summary>
        public Batches.InputStatistics InputStatistics() => new Batches.InputStatistics(MeanImage, MeanImageSize, PcaEigenvectors, PcaEigenvalues, InputScale);

        /// <summary>The engine that wrote it ("cpu", "cuda"): informational.</summary>
        public string Engine { get; set; } = string.Empty;
    }
}
