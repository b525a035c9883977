namespace Sightline.Training.Schedules
{
    /// <summary>Where a run is in its learning-rate schedule; saved in checkpoints so resuming continues it.</summary>
    public sealed class ScheduleState
    {
        public ScheduleState(float learningRate)
        {
            LearningRate = learningRate;
        }

        public ScheduleState(float learningRate, double bestValidationError, int drops, int epochsSinceImprovement)
        {
            LearningRate = learningRate;
            BestValidationError = bestValidationError;
            Drops = drops;
            EpochsSinceImprovement = epochsSinceImprovement;
        }

        public float LearningRate { get; set; }
        /// <summary>Lowest top-1 validation error seen so far (1 before the first validation).</summary>
        public double BestValidationError { get; set; } = 1.0;
        /// <summary>How many times the learning rate has been divided.</summary>
        public int Drops { get; set; }
        public int EpochsSinceImprovement { get; set; }

        /// <summary>
        /// Epochs since the validation error last improved, not reset when the rate drops (early stopping counts these;
        /// <see cref="EpochsSinceImprovement"/> restarts after each drop so a lower rate gets its chance).
        /// </summary>
        public int EpochsSinceBest { get; set; }

        public ScheduleState Clone() => new ScheduleState(LearningRate, BestValidationError, Drops, EpochsSinceImprovement) { EpochsSinceBest = EpochsSinceBest };
    }
}
