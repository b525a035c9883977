using System.Collections.Generic;
using Sightline.Model;

namespace Sightline.Cuda.Engine.Planning
{
    /// <summary>What a block reads: the input image, its own tower's previous output, or every tower's (concatenated).</summary>
    internal enum BlockInput
    {
        Image,
        OwnTower,
        AllTowers,
    }

    /// <summary>
    /// A parameterised layer with the element-wise layers the engine fuses after it: convolution + bias + ReLU
    /// (+ LRN) (+ max-pool), or fully connected + bias (+ ReLU) (+ dropout).
    /// </summary>
    internal sealed class BlockPlan
    {
        public BlockPlan(int index, LayerSpec layer, LayerSpec? lrn, LayerSpec? pool, bool relu, LayerSpec? dropout, BlockInput input, IReadOnlyList<BlockShare> shares)
        {
            Index = index;
            Layer = layer;
            Lrn = lrn;
            Pool = pool;
            Relu = relu;
            Dropout = dropout;
            Input = input;
            Shares = shares;
        }

        public int Index { get; }
        public LayerSpec Layer { get; }
        public LayerSpec? Lrn { get; }
        public LayerSpec? Pool { get; }
        public bool Relu { get; }
        public LayerSpec? Dropout { get; }
        public BlockInput Input { get; }
        /// <summary>One share per tower that computes this block (fc8 has one even when the towers are split).</summary>
        public IReadOnlyList<BlockShare> Shares { get; }

        public bool IsConvolution => Layer.Kind == LayerKind.Convolution;
        public string Name => Layer.Name;

        /// <summary>Height x width of the convolution output (1 for fully connected).</summary>
        public int Pixels => Layer.Output.Height * Layer.Output.Width;

        /// <summary>Per-image size of one tower's block output (after pooling when there is one).</summary>
        public long OutputSize(BlockShare share)
        {
            var shape = Pool != null ? Pool.Output : Layer.Output;
            return (long)share.OutChannels * shape.Height * shape.Width;
        }

        /// <summary>Per-image size of one tower's convolution/fully-connected output (before pooling).</summary>
        public long PrePoolSize(BlockShare share) => (long)share.OutChannels * Pixels;

        public override string ToString() => $"{Name}{(Lrn != null ? "+lrn" : "")}{(Pool != null ? "+pool" : "")}{(Dropout != null ? "+dropout" : "")} ({Input}, {Shares.Count} share(s))";
    }
}
