using System;

namespace Sightline.Training.Schedules
{
    /// <summary>
    /// The paper's schedule (divide by 10 when validation error stops improving, at most three times) or a fixed
    /// step schedule. Stateless: the run's position lives in <see cref="ScheduleState"/>.
    /// </summary>
    public sealed class LearningRateSchedule
    {
        LearningRateSchedule(ScheduleKind kind, int patience, int maxDrops, int[] stepEpochs, float factor, double minImprovement)
        {
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
        /// After epoch <paramref name="epoch"/> (1-based) with top-1 validation error <paramref name="validationError"/>
        /// (NaN when there was no validation): updates the state; returns true when the learning rate dropped.
        /// </summary>
        public bool EndEpoch(ScheduleState state, int epoch, double validationError)
        {
            bool improved = !double.IsNaN(validationError) && validationError < state.BestValidationError - MinImprovement;
            if (!double.IsNaN(validationError) && validationError < state.BestValidationError) state.BestValidationError = validationError;
            state.EpochsSinceImprovement = improved ? 0 : state.EpochsSinceImprovement + 1;

            bool drop;
            if (Kind == ScheduleKind.Steps) drop = Array.IndexOf(StepEpochs, epoch) >= 0;
            else drop = !double.IsNaN(validationError) && state.EpochsSinceImprovement >= Patience && state.Drops < MaxDrops;
            if (!drop) return false;
            state.LearningRate /= Factor;
            state.Drops++;
            state.EpochsSinceImprovement = 0;
            return true;
        }

        public override string ToString() =>
            Kind == ScheduleKind.Plateau ? $"divide by {Factor:0} after {Patience} epochs without improvement, at most {MaxDrops} times" : $"divide by {Factor:0} after epochs {string.Join(", ", StepEpochs)}";
    }
}
