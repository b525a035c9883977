namespace Sightline.Training.Sessions
{
    /// <summary>Where a run is after one training step.</summary>
    public readonly struct TrainingProgress
    {
        public TrainingProgress(int epoch, int epochs, int batch, int batchesPerEpoch, long step, float loss, float smoothedLoss, float learningRate, double imagesPerSecond)
        {
            Epoch = epoch;
            Epochs = epochs;
            Batch = batch;
            BatchesPerEpoch = batchesPerEpoch;
            Step = step;
            Loss = loss;
            SmoothedLoss = smoothedLoss;
            LearningRate = learningRate;
            ImagesPerSecond = imagesPerSecond;
        }

        /// <summary>The epoch in progress, 1-based.</summary>
        public int Epoch { get; }
        public int Epochs { get; }
        /// <summary>Batches done in this epoch.</summary>
        public int Batch { get; }
        public int BatchesPerEpoch { get; }
        public long Step { get; }
        public float Loss { get; }
        /// <summary>Exponential moving average of the batch loss.</summary>
        public float SmoothedLoss { get; }
        public float LearningRate { get; }
        public double ImagesPerSecond { get; }
        /// <summary>Fraction of the whole run done, in [0, 1].</summary>
        public double Fraction => Epochs == 0 || BatchesPerEpoch == 0 ? 0 : ((Epoch - 1) + (double)Batch / BatchesPerEpoch) / Epochs;
    }
}
