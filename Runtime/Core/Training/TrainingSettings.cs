using System;
using Sightline.Training.Schedules;

namespace Sightline.Training
{
    /// <summary>
    /// The hyper-parameters of a run (PAPER.md defaults: batch 128, learning rate 0.01, momentum 0.9, weight decay
    /// 0.0005). Saved in checkpoints, so a resumed run keeps them.
    /// </summary>
    public sealed class TrainingSettings
    {
        public int Epochs { get; set; } = 90;
        public int BatchSize { get; set; } = 128;
        public float LearningRate { get; set; } = 0.01f;
        public float Momentum { get; set; } = 0.9f;
        public float WeightDecay { get; set; } = 0.0005f;
        public ulong Seed { get; set; } = 1;
        public ScheduleKind Schedule { get; set; } = ScheduleKind.Plateau;
        /// <summary>Plateau: epochs without improvement before a drop.</summary>
        public int Patience { get; set; } = 2;
        /// <summary>Plateau: at most this many drops (the paper: three).</summary>
        public int MaxDrops { get; set; } = 3;
        /// <summary>Steps: the epochs after which the rate drops.</summary>
        public int[] StepEpochs { get; set; } = Array.Empty<int>();
        /// <summary>Also save a checkpoint every this many steps inside an epoch (0: only at epoch ends).</summary>
        public int CheckpointEverySteps { get; set; }

        public LearningRateSchedule CreateSchedule() =>
            Schedule == ScheduleKind.Steps ? LearningRateSchedule.Steps(StepEpochs) : LearningRateSchedule.Plateau(Patience, MaxDrops);

        /// <summary>Throws ArgumentException naming the setting and value when one is out of range.</summary>
        public void Validate()
        {
            if (Epochs < 1) throw new ArgumentException($"epochs must be at least 1 (got {Epochs})");
            if (BatchSize < 1) throw new ArgumentException($"batch size must be at least 1 (got {BatchSize})");
            if (!(LearningRate > 0f) || float.IsInfinity(LearningRate)) throw new ArgumentException($"learning rate must be a positive number (got {LearningRate})");
            if (!(Momentum >= 0f) || Momentum >= 1f) throw new ArgumentException($"momentum must be in [0, 1) (got {Momentum})");
            if (!(WeightDecay >= 0f) || float.IsInfinity(WeightDecay)) throw new ArgumentException($"weight decay must be >= 0 (got {WeightDecay})");
            if (Patience < 1) throw new ArgumentException($"patience must be at least 1 epoch (got {Patience})");
            if (MaxDrops < 0) throw new ArgumentException($"max drops must be >= 0 (got {MaxDrops})");
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
