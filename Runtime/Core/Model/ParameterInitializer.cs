using System;
using Sightline.Randomness;

namespace Sightline.Model
{
    /// <summary>
    /// Starting parameters, the same on every engine: one <see cref="SeededRandom"/> fills the flat buffer in layer
    /// order, each layer's weights then its bias. Paper: weights N(0, 0.01), biases <see cref="LayerSpec.PaperBiasInit"/>.
    /// He: weights N(0, sqrt(2 / fan-in)), biases 0.
    /// </summary>
    public static class ParameterInitializer
    {
        /// <summary>The paper's weight standard deviation.</summary>
        public const double PaperStdDev = 0.01;

        /// <summary>Fills <paramref name="parameters"/> (length <see cref="NetworkSpec.ParameterCount"/>) with the spec's own scheme.</summary>
        public static void Initialize(NetworkSpec spec, ulong seed, Span<float> parameters) => Initialize(spec, spec.Init, seed, parameters);

        public static void Initialize(NetworkSpec spec, InitScheme scheme, ulong seed, Span<float> parameters)
        {
            if (spec == null) throw new ArgumentNullException(nameof(spec));
            if (parameters.Length != spec.ParameterCount)
                throw new ArgumentException($"parameter buffer has {parameters.Length} floats; the {spec.Preset} spec has {spec.ParameterCount}", nameof(parameters));
            var random = new SeededRandom(seed);
            foreach (var layer in spec.Layers)
            {
                if (!layer.HasParameters) continue;
                double std = StdDev(layer, scheme);
                var weights = parameters.Slice(layer.WeightOffset, layer.WeightCount);
                for (int i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextGaussian() * std);
                float bias = scheme == InitScheme.Paper ? layer.PaperBiasInit : 0f;
                parameters.Slice(layer.BiasOffset, layer.BiasCount).Fill(bias);
            }
        }

        /// <summary>The weight standard deviation of <paramref name="layer"/> under <paramref name="scheme"/>.</summary>
        public static double StdDev(LayerSpec layer, InitScheme scheme)
        {
            switch (scheme)
            {
                case InitScheme.Paper: return PaperStdDev;
                case InitScheme.He: return Math.Sqrt(2.0 / layer.FanIn);
                default: throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "unknown initialisation scheme");
            }
        }
    }
}
