namespace Sightline.Cuda.Engine.Planning
{
    /// <summary>
    /// One tower's share of a parameterised layer: the output channels (or units) it computes, what it reads, and
    /// where its weights and biases sit in the flat parameter buffer. Splitting by output channel keeps each share
    /// contiguous (OIHW / [out, in] layouts put one output's weights together).
    /// </summary>
    internal sealed class BlockShare
    {
        public BlockShare(int tower, int inChannels, int outChannels, int outputOffset, int groups,
            int weightOffset, int weightCount, int biasOffset, int biasCount)
        {
            Tower = tower;
            InChannels = inChannels;
            OutChannels = outChannels;
            OutputOffset = outputOffset;
            Groups = groups;
            WeightOffset = weightOffset;
            WeightCount = weightCount;
            BiasOffset = biasOffset;
            BiasCount = biasCount;
        }

        /// <summary>0 = tower A, 1 = tower B.</summary>
        public int Tower { get; }
        /// <summary>Channels (convolution) or features (fully connected) this share reads.</summary>
        public int InChannels { get; }
        /// <summary>Channels or units it computes.</summary>
        public int OutChannels { get; }
        /// <summary>Its first channel or unit within the whole layer's output.</summary>
        public int OutputOffset { get; }
        /// <summary>Convolution groups of this share's own call (2 for conv2/4/5 on one device, 1 when a tower runs alone).</summary>
        public int Groups { get; }
        public int WeightOffset { get; }
        public int WeightCount { get; }
        public int BiasOffset { get; }
        public int BiasCount { get; }

        public override string ToString() => $"tower {(Tower == 0 ? 'A' : 'B')}: {InChannels} -> {OutChannels} (from {OutputOffset}), groups {Groups}";
    }
}
