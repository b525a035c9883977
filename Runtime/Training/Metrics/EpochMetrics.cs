namespace Sightline.Training.Metrics
{
    /// <summary>One epoch's numbers: what the curves and the checkpoint history hold. Errors are fractions in [0, 1].</summary>
    public sealed class EpochMetrics
    {
        public int Epoch { get; set; }
        public float LearningRate { get; set; }
        public double TrainLoss { get; set; }
        public double TrainTop1Error { get; set; }
        public double TrainTop5Error { get; set; }
        /// <summary>NaN when the run has no validation split.</summary>
        public double ValidationLoss { get; set; } = double.NaN;
        public double ValidationTop1Error { get; set; } = double.NaN;
        public double ValidationTop5Error { get; set; } = double.NaN;
        public double Seconds { get; set; }
        public double ImagesPerSecond { get; set; }
    }
}
