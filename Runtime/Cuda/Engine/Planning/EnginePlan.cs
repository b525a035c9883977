using System;
using System.Collections.Generic;
using Sightline.Model;

namespace Sightline.Cuda.Engine.Planning
{
    /// <summary>
    /// How the CUDA engine runs a <see cref="NetworkSpec"/>: blocks of fused layers, and per block the tower shares.
    /// Unsplit (OneDevice): one share per block computing the whole layer as the spec's grouped form. Split
    /// (TwoDevices, also on one device): tower A and B each compute half of every layer's outputs; conv3 and the fully
    /// connected layers read both towers' previous outputs; fc8 and the loss run on tower A only (Documentation~/network.md).
    /// Host-side only (no CUDA), so it is tested without a GPU.
    /// </summary>
    internal sealed class EnginePlan
    {
        EnginePlan(NetworkSpec spec, int towers, IReadOnlyList<BlockPlan> blocks)
        {
            Spec = spec;
            TowerCount = towers;
            Blocks = blocks;
        }

        public NetworkSpec Spec { get; }
        /// <summary>1 when unsplit (or when the spec has one tower), 2 when the towers run separately.</summary>
        public int TowerCount { get; }
        public IReadOnlyList<BlockPlan> Blocks { get; }

        public static EnginePlan Build(NetworkSpec spec, bool split)
        {
            if (spec == null) throw new ArgumentNullException(nameof(spec));
            int towers = split && spec.Towers == 2 ? 2 : 1;
            var layers = spec.Layers;
            var blocks = new List<BlockPlan>();
            for (int i = 0; i < layers.Count; i++)
            {
                var layer = layers[i];
                if (!layer.HasParameters) continue;
                LayerSpec? lrn = null, pool = null, dropout = null;
                bool relu = false;
                // The element-wise layers that follow, up to the next parameterised layer.
                for (int j = i + 1; j < layers.Count && !layers[j].HasParameters; j++)
                {
                    switch (layers[j].Kind)
                    {
                        case LayerKind.Relu: relu = true; break;
                        case LayerKind.LocalResponseNorm:
                            // The fused LRN kernels keep the window inside each tower's channels (the paper's); a window across both towers would also need the other tower's channels when split.
                            if (spec.LrnAcrossTowers)
                                throw new NotSupportedException($"{layers[j].Name}: the CUDA engine does not run LRN across both towers' channels yet (the network's LRN spans all channels of its two towers); use the CPU engine (--engine cpu)");
                            lrn = layers[j];
                            break;
                        case LayerKind.MaxPool: pool = layers[j]; break;
                        case LayerKind.Dropout: dropout = layers[j]; break;
                        case LayerKind.Tanh:
                            // The tanh kernels exist (Native~/kernels/activation.cu) but the fused blocks are ReLU's; until they take an activation, say so.
                            throw new NotSupportedException($"{layers[j].Name}: the CUDA engine does not run tanh networks yet; train them with the CPU engine (--engine cpu)");
                        default: throw new NotSupportedException($"the CUDA engine has no fused form for {layers[j].Kind} after {layer.Name}");
                    }
                }
                if (dropout != null && !relu) throw new NotSupportedException($"{dropout.Name} without a ReLU before it: the CUDA engine fuses dropout into the ReLU");
                if (lrn != null && !relu) throw new NotSupportedException($"{lrn.Name} without a ReLU before it: the CUDA engine fuses ReLU into LRN");
                bool first = blocks.Count == 0;
                bool last = IsLast(layers, i);
                BlockInput input;
                if (first) input = BlockInput.Image;
                else if (layer.Kind == LayerKind.Convolution && layer.Groups == towers && towers > 1) input = BlockInput.OwnTower;
                else input = towers > 1 ? BlockInput.AllTowers : BlockInput.OwnTower;
                int shares = last ? 1 : towers;
                blocks.Add(new BlockPlan(blocks.Count, layer, lrn, pool, relu, dropout, input, SharesOf(layer, shares, towers)));
            }
            return new EnginePlan(spec, towers, blocks);
        }

        static bool IsLast(IReadOnlyList<LayerSpec> layers, int index)
        {
            for (int j = index + 1; j < layers.Count; j++)
                if (layers[j].HasParameters) return false;
            return true;
        }

        static BlockShare[] SharesOf(LayerSpec layer, int shares, int towers)
        {
            int outputs = layer.Kind == LayerKind.Convolution ? layer.Output.Channels : layer.Output.Size;
            int inputs = layer.Kind == LayerKind.Convolution ? layer.Input.Channels : layer.Input.Size;
            if (shares == 1)
            {
                int groups = layer.Kind == LayerKind.Convolution ? layer.Groups : 1;
                return new[] { new BlockShare(0, inputs, outputs, 0, groups, layer.WeightOffset, layer.WeightCount, layer.BiasOffset, layer.BiasCount) };
            }
            if (outputs % shares != 0 || layer.WeightCount % shares != 0)
                throw new NotSupportedException($"{layer.Name} has {outputs} outputs, which do not split into {shares} towers");
            var result = new BlockShare[shares];
            for (int t = 0; t < shares; t++)
            {
                // A grouped layer (conv2/4/5) reads only its own tower's channels; its call is then ungrouped.
                bool own = layer.Kind == LayerKind.Convolution && layer.Groups == towers;
                int reads = own ? inputs / towers : inputs;
                int w = layer.WeightCount / shares, b = layer.BiasCount / shares;
                result[t] = new BlockShare(t, reads, outputs / shares, t * (outputs / shares), 1,
                    layer.WeightOffset + t * w, w, layer.BiasOffset + t * b, b);
            }
            return result;
        }
    }
}
