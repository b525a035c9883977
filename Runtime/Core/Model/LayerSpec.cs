namespace Sightline.Model
{
    /// <summary>
    /// One layer of a concrete network: its shapes and hyper-parameters, and where its weights and bias live in the
    /// flat parameter buffer. Every engine builds itself from this list, so they cannot disagree about the network.
    /// </summary>
    public sealed class LayerSpec
    {
        internal LayerSpec(string name, LayerKind kind, TensorShape input, TensorShape output)
        {
            Name = name;
            Kind = kind;
            Input = input;
            Output = output;
        }

        /// <summary>conv1..conv5, fc6..fc8 for parameterised layers; relu1, lrn1, pool1, drop6 ... for the rest.</summary>
        public string Name { get; }
        public LayerKind Kind { get; }
        public TensorShape Input { get; }
        public TensorShape Output { get; }

        /// <summary>Square kernel size (convolution, pooling); 0 otherwise.</summary>
        public int Kernel { get; internal set; }
        public int Stride { get; internal set; }
        public int Pad { get; internal set; }

        /// <summary>
        /// Convolution groups: 2 where a layer sees only its own tower (conv2, conv4, conv5 in the two-tower form).
        /// For LRN, the number of channel ranges the window stays inside (one per tower).
        /// </summary>
        public int Groups { get; internal set; } = 1;

        /// <summary>Where the weights start in the flat buffer; layout OIHW for convolution (I = input channels per group), [out, in] for fully connected.</summary>
        public int WeightOffset { get; internal set; } = -1;
        public int WeightCount { get; internal set; }
        /// <summary>Where the biases start in the flat buffer (right after the weights).</summary>
        public int BiasOffset { get; internal set; } = -1;
        public int BiasCount { get; internal set; }
        /// <summary>The bias the paper starts this layer with (1 for conv2, conv4, conv5, fc6, fc7; 0 elsewhere).</summary>
        public float PaperBiasInit { get; internal set; }
        /// <summary>Fan-in of one output unit (He initialisation).</summary>
        public int FanIn { get; internal set; }

        /// <summary>LRN constants (Documentation~/network.md): b = a / (k + alpha/n * sum a^2)^beta.</summary>
        public int LrnSize { get; internal set; }
        public float LrnAlpha { get; internal set; }
        public float LrnBeta { get; internal set; }
        public float LrnK { get; internal set; }

        /// <summary>Dropout probability of dropping a unit (inverted dropout: kept units scale by 1/(1-p)).</summary>
        public float DropProbability { get; internal set; }

        /// <summary>Position of this dropout layer among the network's dropout layers (the stream index of its mask).</summary>
        public int DropoutIndex { get; internal set; } = -1;

        public bool HasParameters => WeightCount > 0;
        public long ParameterCount => WeightCount + BiasCount;

        /// <summary>Multiply-adds of the forward pass for one image.</summary>
        public long MultiplyAdds
        {
            get
            {
                switch (Kind)
                {
                    case LayerKind.Convolution:
                        return (long)Output.Size * (Input.Channels / Groups) * Kernel * Kernel;
                    case LayerKind.FullyConnected:
                        return (long)Output.Size * Input.Size;
                    default:
                        return 0;
                }
            }
        }

        public override string ToString() => $"{Name} {Kind} {Input} -> {Output}";
    }
}
