using System;

namespace Sightline.Training.Schedules
{
    /// <summary>
    /// The paper's schedule (divide by 10 when validation error stops improving, at most three times), a fixed step
    /// schedule, or cosine with a linear warm-up. Stateless: the run's position lives in <see cref="ScheduleState"/>.
    /// </summary>
    public sealed class LearningRateSchedule
    {
        LearningRateSchedule(ScheduleKind kind, int patience, int maxDrops, int[] stepEpochs, float factor, double minImprovement, int warmupEpochs = 0)
        {
            WarmupEpochs = warmupEpochs;
            Kind = kind;
            Patience = patience;
            MaxDrops = maxDrops;
            StepEpochs = stepEpochs;
            Factor = factor;
            MinImprovement = minImprovement;
        }

        public ScheduleKind Kind { get; }
        /// <summary>Plateau: epochs without improvement before the rate drops.</summary>
        public int Patience { get; }
        public int MaxDrops { get; }
        /// <summary>Steps: the epochs (1-based, after which) the rate drops.</summary>
        public int[] StepEpochs { get; }
        public float Factor { get; }
        /// <summary>Plateau: a validation error must fall by more than this to count as an improvement.</summary>
        public double MinImprovement { get; }
        /// <summary>Cosine: epochs of linear warm-up.</summary>
        public int WarmupEpochs { get; }

        /// <summary>The paper: divide by 10 after <paramref name="patience"/> epochs without improvement, at most <paramref name="maxDrops"/> times.</summary>
        public static LearningRateSchedule Plateau(int patience = 2, int maxDrops = 3, double minImprovement = 1e-4)
        {
            if (patience < 1) throw new ArgumentOutOfRangeException(nameof(patience), patience, "patience must be at least 1 epoch");
            if (maxDrops < 0) throw new ArgumentOutOfRangeException(nameof(maxDrops), maxDrops, "must not be negative");
            return new LearningRateSchedule(ScheduleKind.Plateau, patience, maxDrops, Array.Empty<int>(), 10f, minImprovement);
        }

        /// <summary>Divide by 10 after each of the given epochs.</summary>
        public static LearningRateSchedule Steps(params int[] epochs)
        {
            foreach (var e in epochs)
                if (e < 1) throw new ArgumentOutOfRangeException(nameof(epochs), e, "step epochs are 1-based");
            var sorted = (int[])epochs.Clone();
            Array.Sort(sorted);
            return new LearningRateSchedule(ScheduleKind.Steps, 1, sorted.Length, sorted, 10f, 0);
        }

        /// <summary>
        /// Linear warm-up over <paramref name="warmupEpochs"/>, then half a cosine down to 0 at the run's last step. The rate
        /// depends only on the position in the run, so a resumed run continues the same curve (if its length is unchanged).
        /// </summary>
        public static LearningRateSchedule Cosine(int warmupEpochs = 1)
        {
            if (warmupEpochs < 0) throw new ArgumentOutOfRangeException(nameof(warmupEpochs), warmupEpochs, "must not be negative");
            return new LearningRateSchedule(ScheduleKind.Cosine, 1, 0, Array.Empty<int>(), 1f, 1e-4, warmupEpochs);
        }

        /// <summary>
        /// The rate of the step at 0-based position <paramref name="step"/> of a run of <paramref name="epochs"/> epochs
        /// of <paramref name="stepsPerEpoch"/> steps whose base rate is <paramref name="baseRate"/>. Plateau and steps:
        /// the state's current rate. Cosine: base * (step + 1) / warm-up steps during the warm-up, then
        /// base * (1 + cos(pi * (step - warm-up) / (total - warm-up))) / 2.
        /// </summary>
        public float RateAt(ScheduleState state, float baseRate, long step, int stepsPerEpoch, int epochs)
        {
            if (Kind != ScheduleKind.Cosine) return state.LearningRate;
            long warmup = (long)WarmupEpochs * stepsPerEpoch, total = (long)epochs * stepsPerEpoch;
            if (step < warmup) return (float)(baseRate * (step + 1.0) / warmup);
            if (total <= warmup) return baseRate;
            double t = Math.Min(1.0, (double)(step - warmup) / (total - warmup));
            return (float)(baseRate * 0.5 * (1.0 + Math.Cos(Math.PI * t)));
        }

        /// <summary>
        /// After epoch <paramref name="epoch"/> (1-based) with top-1 validation error <paramref name="validationError"/>
        /// (NaN when there was no validation): updates the state; returns true when the learning rate dropped.
        /// </summary>
        public bool EndEpoch(ScheduleState state, int epoch, double validationError)
        {
            bool improved = !double.IsNaN(validationError) && validationError < state.BestValidationError - MinImprovement;
            if (!double.IsNaN(validationError) && validationError < state.BestValidationError) state.BestValidationError = validationError;
            state.EpochsSinceImprovement = improved ? 0 : state.EpochsSinceImprovement + 1;
            if (!double.IsNaN(validationError)) state.EpochsSinceBest = improved ? 0 : state.EpochsSinceBest + 1;

            bool drop;
            if (Kind == ScheduleKind.Cosine) drop = false;
            else if (Kind == ScheduleKind.Steps) drop = Array.IndexOf(StepEpochs, epoch) >= 0;
            else drop = !double.IsNaN(validationError) && state.EpochsSinceImprovement >= Patience && state.Drops < MaxDrops;
            if (!drop) return false;
            state.LearningRate /= Factor;
            state.Drops++;
            state.EpochsSinceImprovement = 0;
            return true;
        }

        public override string ToString()
        {
            switch (Kind)
            {
                case ScheduleKind.Plateau: return $"divide by {Factor:0} after {Patience} epochs without improvement, at most {MaxDrops} times";
                case ScheduleKind.Steps: return $"divide by {Factor:0} after epochs {string.Join(", ", StepEpochs)}";
                default: return $"cosine to 0 after {WarmupEpochs} warm-up epochs";
            }
        }
    }
}
