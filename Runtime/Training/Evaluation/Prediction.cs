namespace Sightline.Training.Evaluation
{
    /// <summary>What the model said about one sample: true label, predicted label and its probability.</summary>
    public readonly struct Prediction
    {
        public Prediction(int sample, int actual, int predicted, float probability)
        {
            Sample = sample;
            Actual = actual;
            Predicted = predicted;
            Probability = probability;
        }

        /// <summary>Index of the sample in its data part.</summary>
        public int Sample { get; }
        public int Actual { get; }
        public int Predicted { get; }
        public float Probability { get; }
        public bool Correct => Actual == Predicted;
    }
}
