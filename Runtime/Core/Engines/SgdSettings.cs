using System;

namespace Sightline.Engines
{
    /// <summary>
    /// The paper's update: v = momentum v - decay lr w - lr g; w = w + v. Weight decay applies to weights only
    /// (Documentation~/network.md decision), never to biases. <see cref="LayerScales"/> (fine-tuning) multiplies the rate of each layer,
    /// and with it that layer's weight decay; a layer with scale 0 is frozen: neither its weights nor its momentum change.
    /// </summary>
    public readonly struct SgdSettings
    {
        public SgdSettings(float learningRate, float momentum = 0.9f, float weightDecay = 0.0005f, float[]? layerScales = null)
        {
            if (layerScales != null)
                foreach (var scale in layerScales)
                    if (!(scale >= 0f) || float.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(layerScales), scale, "layer rate scales must be finite numbers >= 0");
            if (!(learningRate >= 0f) || float.IsInfinity(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learning rate must be a finite number >= 0");
            if (!(momentum >= 0f) || momentum >= 1f) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1)");
            if (!(weightDecay >= 0f) || float.IsInfinity(weightDecay)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weight decay must be a finite number >= 0");
            LearningRate = learningRate;
            Momentum = momentum;
            WeightDecay = weightDecay;
            LayerScales = layerScales;
        }

        public float LearningRate { get; }
        public float Momentum { get; }
        public float WeightDecay { get; }
        /// <summary>
        /// Null: every layer at <see cref="LearningRate"/>. Else one multiplier per entry of NetworkSpec.Layers (layers
        /// without parameters ignore theirs); only engines that implement <see cref="ILayerScaledUpdate"/> apply it.
        /// </summary>
        public float[]? LayerScales { get; }

        /// <summary>The rate scale of layer <paramref name="index"/> (1 without scales).</summary>
        public float ScaleOf(int index) => LayerScales == null || index >= LayerScales.Length ? 1f : LayerScales[index];
    }
}
