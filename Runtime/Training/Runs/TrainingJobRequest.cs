using Sightline.Classification;
using Sightline.Model;
using Sightline.Training.Sessions;

namespace Sightline.Training.Runs
{
    /// <summary>What a training run asks for, whoever starts it (the CLI, the Training window, the Headless sample).</summary>
    public sealed class TrainingJobRequest
    {
        /// <summary>The dataset: a Sightline dataset or an ImageFolder tree.</summary>
        public string DataFolder { get; set; } = string.Empty;
        /// <summary>A separate validation folder, or null for the dataset's validation split (else a held-out tenth).</summary>
        public string? ValidationFolder { get; set; }
        /// <summary>Where checkpoints go; it must not hold a run unless <see cref="Resume"/> is set.</summary>
        public string RunFolder { get; set; } = string.Empty;
        /// <summary>Network preset for a new run (null: mini); a resumed run keeps its checkpoint's.</summary>
        public string? Preset { get; set; }
        public InitScheme Init { get; set; } = InitScheme.He;
        /// <summary>Continue the checkpoint in <see cref="RunFolder"/>; without it, a folder that holds one is refused.</summary>
        public bool Resume { get; set; }
        /// <summary>Epochs in total when resuming (null: the checkpoint's).</summary>
        public int? ResumeEpochs { get; set; }
        /// <summary>The hyper-parameters of a new run (a resumed run keeps its checkpoint's).</summary>
        public TrainingSettings Settings { get; set; } = new TrainingSettings();
        /// <summary>Fine-tuning: start from this model's weights with a new last layer for the dataset's classes.</summary>
        public TrainedModel? From { get; set; }
        /// <summary>Where <see cref="From"/> came from, for messages.</summary>
        public string? FromName { get; set; }
        public StopConditions Stops { get; set; } = new StopConditions();
        /// <summary>Let an engine that can augment on the device do so (TrainingSession.DeviceAugmentation).</summary>
        public bool DeviceAugmentation { get; set; }
    }
}
