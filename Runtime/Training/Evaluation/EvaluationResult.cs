using System.Collections.Generic;

namespace Sightline.Training.Evaluation
{
    /// <summary>Loss, top-1 and top-5 error (fractions), the confusion matrix and every sample's prediction.</summary>
    public sealed class EvaluationResult
    {
        public EvaluationResult(int count, double loss, double top1Error, double top5Error, bool tenViews, ConfusionMatrix confusion, IReadOnlyList<Prediction> predictions)
        {
            Count = count;
            Loss = loss;
            Top1Error = top1Error;
            Top5Error = top5Error;
            TenViews = tenViews;
            Confusion = confusion;
            Predictions = predictions;
        }

        public int Count { get; }
        /// <summary>Mean cross-entropy of the (averaged) softmax.</summary>
        public double Loss { get; }
        public double Top1Error { get; }
        /// <summary>Top-5 error; with five classes or fewer it is 0 by definition.</summary>
        public double Top5Error { get; }
        public double Top1Accuracy => 1.0 - Top1Error;
        /// <summary>True when the softmax of the paper's ten views was averaged; false for the centre crop.</summary>
        public bool TenViews { get; }
        public ConfusionMatrix Confusion { get; }
        public IReadOnlyList<Prediction> Predictions { get; }
    }
}
