using System;

namespace Sightline.Engines
{
    /// <summary>
    /// The paper's update: v = momentum v - decay lr w - lr g; w = w + v. Weight decay applies to weights only
    /// (PAPER.md decision), never to biases.
    /// </summary>
    public readonly struct SgdSettings
    {
        public SgdSettings(float learningRate, float momentum = 0.9f, float weightDecay = 0.0005f)
        {
            if (!(learningRate >= 0f) || float.IsInfinity(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learning rate must be a finite number >= 0");
            if (!(momentum >= 0f) || momentum >= 1f) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1)");
            if (!(weightDecay >= 0f) || float.IsInfinity(weightDecay)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weight decay must be a finite number >= 0");
            LearningRate = learningRate;
            Momentum = momentum;
            WeightDecay = weightDecay;
        }

        public float LearningRate { get; }
        public float Momentum { get; }
        public float WeightDecay { get; }
    }
}
