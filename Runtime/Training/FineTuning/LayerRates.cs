using Sightline.Model;

namespace Sightline.Training.FineTuning
{
    /// <summary>
    /// The per-layer rate multipliers a run's settings ask for (SgdSettings.LayerScales): the last layer, new when
    /// fine-tuning, at the full rate; frozen layers at 0; every other layer at <see cref="TrainingSettings.KeptLayersRate"/>.
    /// </summary>
    public static class LayerRates
    {
        /// <summary>One scale per entry of <see cref="NetworkSpec.Layers"/>, or null when every layer trains at the full rate.</summary>
        public static float[]? For(NetworkSpec spec, TrainingSettings settings)
        {
            if (settings.Frozen == FrozenLayers.None && settings.KeptLayersRate == 1f) return null;
            var scales = new float[spec.Layers.Count];
            int last = -1;
            for (int i = 0; i < scales.Length; i++)
                if (spec.Layers[i].HasParameters) last = i;
            for (int i = 0; i < scales.Length; i++)
            {
                var layer = spec.Layers[i];
                if (i == last) scales[i] = 1f;
                else if (settings.Frozen == FrozenLayers.Convolutions && layer.Kind == LayerKind.Convolution) scales[i] = 0f;
                else scales[i] = settings.KeptLayersRate;
            }
            return scales;
        }
    }
}
