using Sightline.Model;
using Sightline.Training.Evaluation;
using Sightline.Training.Sessions;

namespace Sightline.Training.Runs
{
    /// <summary>
    /// How a run ended and what its model scores: the model is the best checkpoint (lowest validation error), else the
    /// latest. Its validation score chose it, so it flatters; the test score (the dataset's test split, never used to
    /// choose anything) is the honest one when there is a test split.
    /// </summary>
    public sealed class TrainingJobResult
    {
        public TrainingJobResult(TrainingResult result, NetworkSpec spec, string? modelPath, EvaluationResult? validation, EvaluationResult? test)
        {
            Result = result;
            Spec = spec;
            ModelPath = modelPath;
            Validation = validation;
            Test = test;
        }

        public TrainingResult Result { get; }
        public NetworkSpec Spec { get; }
        /// <summary>The checkpoint the scores are for (best, else latest), or null when none was written.</summary>
        public string? ModelPath { get; }
        /// <summary>The model on the validation part (centre crop); null without validation frames or after divergence.</summary>
        public EvaluationResult? Validation { get; }
        /// <summary>The model on the test split (centre crop); null without one.</summary>
        public EvaluationResult? Test { get; }
        /// <summary>The score a target or gate should use: test when there is one, else validation (which chose the model).</summary>
        public EvaluationResult? Honest => Test ?? Validation;
        /// <summary>"test" or "validation": which split <see cref="Honest"/> is.</summary>
        public string HonestSplit => Test != null ? "test" : "validation";
    }
}
