using System;
using Sightline.Data;
using Sightline.Training.FineTuning;
using Sightline.Training.Schedules;

namespace Sightline.Training
{
    /// <summary>
    /// The hyper-parameters of a run (Documentation~/network.md defaults: batch 128, learning rate 0.01, momentum 0.9, weight decay
    /// 0.0005, the paper's augmentation and schedule). Saved in checkpoints, so a resumed run keeps them.
    /// </summary>
    public sealed class TrainingSettings
    {
        public int Epochs { get; set; } = 90;
        public int BatchSize { get; set; } = 128;
        public float LearningRate { get; set; } = 0.01f;
        public float Momentum { get; set; } = 0.9f;
        public float WeightDecay { get; set; } = 0.0005f;
        public ulong Seed { get; set; } = 1;
        /// <summary>The training augmentation (AugmentationChoice says when to use which).</summary>
        public AugmentationChoice Augmentation { get; set; } = AugmentationChoice.Paper;
        public ScheduleKind Schedule { get; set; } = ScheduleKind.Plateau;
        /// <summary>Plateau: epochs without improvement before a drop.</summary>
        public int Patience { get; set; } = 2;
        /// <summary>Plateau: at most this many drops (the paper: three).</summary>
        public int MaxDrops { get; set; } = 3;
        /// <summary>Steps: the epochs after which the rate drops.</summary>
        public int[] StepEpochs { get; set; } = Array.Empty<int>();
        /// <summary>Cosine: epochs over which the rate rises linearly from near 0 to <see cref="LearningRate"/>.</summary>
        public int WarmupEpochs { get; set; } = 1;
        /// <summary>Stop when the validation top-1 error has not improved for this many epochs (0: never).</summary>
        public int EarlyStopPatience { get; set; }
        /// <summary>Fine-tuning: layers that keep their weights.</summary>
        public FrozenLayers Frozen { get; set; } = FrozenLayers.None;
        /// <summary>Fine-tuning: the rate of every layer but the last (the new one), as a multiple of the rate.</summary>
        public float KeptLayersRate { get; set; } = 1f;
        /// <summary>Also save a checkpoint every this many steps inside an epoch (0: only at epoch ends).</summary>
        public int CheckpointEverySteps { get; set; }

        public LearningRateSchedule CreateSchedule()
        {
            switch (Schedule)
            {
                case ScheduleKind.Steps: return LearningRateSchedule.Steps(StepEpochs);
                case ScheduleKind.Cosine: return LearningRateSchedule.Cosine(WarmupEpochs);
                default: return LearningRateSchedule.Plateau(Patience, MaxDrops);
            }
        }

        /// <summary>Throws ArgumentException naming the setting and value when one is out of range.</summary>
        public void Validate()
        {
            if (Epochs < 1) throw new ArgumentException($"epochs must be at least 1 (got {Epochs})");
            if (BatchSize < 1) throw new ArgumentException($"batch size must be at least 1 (got {BatchSize})");
            if (!(LearningRate > 0f) || float.IsInfinity(LearningRate)) throw new ArgumentException($"learning rate must be a positive number (got {LearningRate})");
            if (!(Momentum >= 0f) || Momentum >= 1f) throw new ArgumentException($"momentum must be in [0, 1) (got {Momentum})");
            if (!(WeightDecay >= 0f) || float.IsInfinity(WeightDecay)) throw new ArgumentException($"weight decay must be >= 0 (got {WeightDecay})");
            if (!Enum.IsDefined(typeof(AugmentationChoice), Augmentation)) throw new ArgumentException($"augmentation {(int)Augmentation} is not paper, crops only, no flips or none");
            if (!Enum.IsDefined(typeof(ScheduleKind), Schedule)) throw new ArgumentException($"schedule {(int)Schedule} is not plateau, steps or cosine");
            if (Patience < 1) throw new ArgumentException($"patience must be at least 1 epoch (got {Patience})");
            if (MaxDrops < 0) throw new ArgumentException($"max drops must be >= 0 (got {MaxDrops})");
            foreach (var e in StepEpochs)
                if (e < 1) throw new ArgumentException($"step epochs are 1-based (got {e})");
            if (WarmupEpochs < 0) throw new ArgumentException($"warm-up epochs must be >= 0 (got {WarmupEpochs})");
            if (Schedule == ScheduleKind.Cosine && WarmupEpochs >= Epochs) throw new ArgumentException($"the cosine schedule's warm-up ({WarmupEpochs} epochs) must be shorter than the run ({Epochs} epochs)");
            if (EarlyStopPatience < 0) throw new ArgumentException($"early-stop patience must be 0 (off) or more epochs (got {EarlyStopPatience})");
            if (!Enum.IsDefined(typeof(FrozenLayers), Frozen)) throw new ArgumentException($"frozen layers {(int)Frozen} is not none or convolutions");
            if (!(KeptLayersRate >= 0f) || KeptLayersRate > 1f) throw new ArgumentException($"the kept layers' rate must be a multiple of the rate in [0, 1] (got {KeptLayersRate})");
            if (CheckpointEverySteps < 0) throw new ArgumentException($"checkpoint interval must be >= 0 steps (got {CheckpointEverySteps})");
        }

        public TrainingSettings Clone()
        {
            var copy = (TrainingSettings)MemberwiseClone();
            copy.StepEpochs = (int[])StepEpochs.Clone();
            return copy;
        }
    }
}
