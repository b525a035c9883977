using System;
using System.Collections.Generic;
using Sightline.Model;
using Sightline.Randomness;

namespace Sightline.Cli.Gpu
{
    /// <summary>
    /// Deterministic inputs for engine comparisons: images at the scale of mean-subtracted pixels (so LRN's
    /// normalisation term matters), labels covering every class, and He-initialised weights with non-zero biases
    /// (so bias paths are exercised; He starts biases at 0).
    /// </summary>
    public static class CheckData
    {
        public const float PixelScale = 40f;

        public static float[] Images(NetworkSpec spec, int batch, ulong seed, float scale = PixelScale)
        {
            var random = new SeededRandom(seed);
            var input = new float[batch * spec.InputShape.Size];
            for (int i = 0; i < input.Length; i++) input[i] = (float)(random.NextGaussian() * scale);
            return input;
        }

        public static int[] Labels(NetworkSpec spec, int batch, ulong seed)
        {
            var random = new SeededRandom(seed ^ 0xABCDEFUL);
            var labels = new int[batch];
            for (int i = 0; i < batch; i++) labels[i] = i < spec.Classes ? i : random.NextInt(spec.Classes);
            return labels;
        }

        public static float[] Parameters(NetworkSpec spec, ulong seed)
        {
            var parameters = new float[spec.ParameterCount];
            ParameterInitializer.Initialize(spec, InitScheme.He, seed, parameters);
            var random = new SeededRandom(seed ^ 0x5151UL);
            foreach (var layer in spec.Layers)
                for (int i = 0; i < layer.BiasCount; i++)
                    parameters[layer.BiasOffset + i] = (float)(random.NextGaussian() * 0.1);
            return parameters;
        }

        /// <summary>For each parameterised layer, the name of the last layer fused after it (pool1, relu3, drop6, fc8 ...).</summary>
        public static List<(string Block, string LastLayer)> Blocks(NetworkSpec spec)
        {
            var result = new List<(string, string)>();
            var layers = spec.Layers;
            for (int i = 0; i < layers.Count; i++)
            {
                if (!layers[i].HasParameters) continue;
                int j = i;
                while (j + 1 < layers.Count && !layers[j + 1].HasParameters) j++;
                result.Add((layers[i].Name, layers[j].Name));
            }
            return result;
        }
    }
}
