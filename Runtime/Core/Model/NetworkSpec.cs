using System;
using System.Collections.Generic;

namespace Sightline.Model
{
    /// <summary>
    /// AlexNet as Documentation~/network.md specifies it, with the options a user needs (classes, input size, width) and the paper's
    /// ablations as switches. Immutable; <see cref="Layers"/> is the concrete network every engine builds.
    /// </summary>
    public sealed class NetworkSpec : IEquatable<NetworkSpec>
    {
        // Per-tower widths of the paper's network (Documentation~/network.md table): conv1..conv5, fc6, fc7.
        static readonly int[] PaperConvPerTower = { 48, 128, 192, 192, 128 };
        const int PaperFcPerTower = 2048;

        public const string PaperPreset = "paper";
        public const string MiniPreset = "mini";
        public const string TorchvisionPreset = "torchvision";
        /// <summary>How many entries explicit widths have: conv1..conv5, fc6, fc7.</summary>
        public const int WidthCount = 7;

        readonly LayerSpec[] _layers;
        readonly int[]? _layerWidths;

        public NetworkSpec(
            string preset,
            int classes,
            int inputSize,
            float width = 1f,
            int towers = 2,
            bool localResponseNorm = true,
            bool overlappingPooling = true,
            float dropProbability = 0.5f,
            InitScheme init = InitScheme.He,
            Activation activation = Activation.Relu,
            bool lrnAcrossTowers = false)
            : this(preset, classes, inputSize, width, null, towers, localResponseNorm, overlappingPooling, dropProbability, init, activation, lrnAcrossTowers)
        {
        }

        /// <summary>
        /// A network with explicit widths instead of the paper's widths times a multiplier: <paramref name="layerWidths"/>
        /// holds the total (all towers) output channels of conv1..conv5 and units of fc6, fc7, in that order. This is how
        /// networks from elsewhere are described, e.g. torchvision's AlexNet (64, 192, 384, 256, 256, 4096, 4096, one
        /// tower, no LRN: <see cref="Torchvision"/>). Convolution widths must divide by the number of towers.
        /// </summary>
        public NetworkSpec(
            string preset,
            int classes,
            int inputSize,
            IReadOnlyList<int> layerWidths,
            int towers = 1,
            bool localResponseNorm = false,
            bool overlappingPooling = true,
            float dropProbability = 0.5f,
            InitScheme init = InitScheme.He,
            Activation activation = Activation.Relu,
            bool lrnAcrossTowers = false)
            : this(preset, classes, inputSize, 1f, CheckWidths(layerWidths, towers), towers, localResponseNorm, overlappingPooling, dropProbability, init, activation, lrnAcrossTowers)
        {
        }

        NetworkSpec(
            string preset,
            int classes,
            int inputSize,
            float width,
            int[]? layerWidths,
            int towers,
            bool localResponseNorm,
            bool overlappingPooling,
            float dropProbability,
            InitScheme init,
            Activation activation,
            bool lrnAcrossTowers)
        {
            if (string.IsNullOrWhiteSpace(preset)) throw new SpecException("spec name must not be empty");
            if (classes < 2) throw new SpecException($"classes must be at least 2 (got {classes})");
            if (inputSize < 16 || inputSize > 1024) throw new SpecException($"input size must be between 16 and 1024 pixels (got {inputSize})");
            if (!(width > 0f) || width > 4f) throw new SpecException($"width multiplier must be in (0, 4] (got {width})");
            if (towers != 1 && towers != 2) throw new SpecException($"towers must be 1 or 2 (got {towers})");
            if (!(dropProbability >= 0f) || dropProbability >= 1f) throw new SpecException($"dropout probability must be in [0, 1) (got {dropProbability})");
            if (!Enum.IsDefined(typeof(InitScheme), init)) throw new SpecException($"unknown initialisation {(int)init}");
            if (!Enum.IsDefined(typeof(Activation), activation)) throw new SpecException($"unknown activation {(int)activation}: expected relu or tanh");
            if (lrnAcrossTowers && (towers != 2 || !localResponseNorm))
                throw new SpecException($"LRN across towers needs two towers and LRN (got {towers} tower{(towers == 1 ? "" : "s")}{(localResponseNorm ? "" : ", no LRN")}): with one tower LRN always spans all channels");

            Preset = preset;
            Classes = classes;
            InputSize = inputSize;
            Width = width;
            Towers = towers;
            LocalResponseNorm = localResponseNorm;
            OverlappingPooling = overlappingPooling;
            DropProbability = dropProbability;
            Init = init;
            Activation = activation;
            LrnAcrossTowers = lrnAcrossTowers;
            _layerWidths = layerWidths;
            _layers = BuildLayers(out int parameterCount);
            ParameterCount = parameterCount;
        }

        /// <summary>The preset this spec came from ("paper", "mini" or a user's name).</summary>
        public string Preset { get; }
        public int Classes { get; }
        /// <summary>Side of the square input image in pixels (224 in the paper).</summary>
        public int InputSize { get; }
        /// <summary>Multiplies every layer's width (channels and fully connected units).</summary>
        public float Width { get; }
        /// <summary>2: the paper's two towers (grouped conv2/4/5, LRN per tower). 1: the ablation with one tower of half the kernels.</summary>
        public int Towers { get; }
        public bool LocalResponseNorm { get; }
        /// <summary>True: 3x3 pooling with stride 2 (the paper). False: the ablation's 2x2 with stride 2.</summary>
        public bool OverlappingPooling { get; }
        public float DropProbability { get; }
        public InitScheme Init { get; }
        /// <summary>The non-linearity after conv1..conv5, fc6 and fc7: ReLU (the paper) or tanh (the paper's Figure 1 comparison).</summary>
        public Activation Activation { get; }
        /// <summary>
        /// False (the paper, Documentation~/network.md): a two-tower network's LRN window stays inside each tower's channels.
        /// True: one window slides over all channels of both towers, as a PyTorch AlexNet with grouped convolutions and a
        /// single nn.LocalResponseNorm computes. A different network with the same parameters, so a switch of its own
        /// (only with two towers and LRN; the CPU engine runs it, the CUDA engine refuses it).
        /// </summary>
        public bool LrnAcrossTowers { get; }

        /// <summary>
        /// Total widths of conv1..conv5, fc6, fc7 when the spec was built with explicit widths (imported networks);
        /// null when the widths are the paper's times <see cref="Width"/>.
        /// </summary>
        public IReadOnlyList<int>? LayerWidths => _layerWidths;

        public IReadOnlyList<LayerSpec> Layers => _layers;
        public int ParameterCount { get; }
        public TensorShape InputShape => new TensorShape(3, InputSize, InputSize);

        /// <summary>Side of the stored, pre-crop frame: input x 256/224 (256 for the paper's 224).</summary>
        public int StoredSize => (InputSize * 256 + 223) / 224;

        public long MultiplyAdds
        {
            get
            {
                long total = 0;
                foreach (var layer in _layers) total += layer.MultiplyAdds;
                return total;
            }
        }

        public LayerSpec this[string name]
        {
            get
            {
                foreach (var layer in _layers)
                    if (layer.Name == name) return layer;
                throw new KeyNotFoundException($"no layer named '{name}' in the {Preset} spec");
            }
        }

        /// <summary>The paper's network: 224x224 input, two towers, LRN, overlapping pooling.</summary>
        public static NetworkSpec Paper(int classes = 1000, InitScheme init = InitScheme.He) =>
            new NetworkSpec(PaperPreset, classes, 224, 1f, 2, true, true, 0.5f, init);

        /// <summary>A compact AlexNet (96x96 input, a quarter of the width) that trains in minutes on two CPU cores.</summary>
        public static NetworkSpec Mini(int classes = 10, InitScheme init = InitScheme.He) =>
            new NetworkSpec(MiniPreset, classes, 96, 0.25f, 2, true, true, 0.5f, init);

        /// <summary>
        /// torchvision's AlexNet (the "one weird trick" variant PyTorch ships): one tower, no LRN, 64-192-384-256-256
        /// convolutions, 4096-4096 fully connected, 224x224 input. Its adaptive 6x6 average pool is the identity at 224.
        /// </summary>
        public static NetworkSpec Torchvision(int classes = 1000, InitScheme init = InitScheme.He) =>
            new NetworkSpec(TorchvisionPreset, classes, 224, new[] { 64, 192, 384, 256, 256, 4096, 4096 }, 1, false, true, 0.5f, init);

        /// <summary>A preset by name: "paper" or "mini".</summary>
        public static NetworkSpec FromPreset(string name, int classes, InitScheme init = InitScheme.He)
        {
            switch ((name ?? string.Empty).Trim().ToLowerInvariant())
            {
                case PaperPreset: return Paper(classes, init);
                case MiniPreset: return Mini(classes, init);
                default: throw new SpecException($"unknown spec '{name}': expected '{PaperPreset}' or '{MiniPreset}'");
            }
        }

        public NetworkSpec WithClasses(int classes) =>
            new NetworkSpec(Preset, classes, InputSize, Width, _layerWidths, Towers, LocalResponseNorm, OverlappingPooling, DropProbability, Init, Activation, LrnAcrossTowers);

        public NetworkSpec WithInit(InitScheme init) =>
            new NetworkSpec(Preset, Classes, InputSize, Width, _layerWidths, Towers, LocalResponseNorm, OverlappingPooling, DropProbability, init, Activation, LrnAcrossTowers);

        /// <summary>The ablations; LRN across towers is kept where the result still has two towers and LRN, dropped otherwise.</summary>
        public NetworkSpec WithAblations(int towers, bool localResponseNorm, bool overlappingPooling) =>
            new NetworkSpec(Preset, Classes, InputSize, Width, _layerWidths == null ? null : CheckWidths(_layerWidths, towers), towers, localResponseNorm, overlappingPooling, DropProbability, Init, Activation,
                LrnAcrossTowers && towers == 2 && localResponseNorm);

        /// <summary>The same network with another non-linearity (same parameter layout).</summary>
        public NetworkSpec WithActivation(Activation activation) =>
            new NetworkSpec(Preset, Classes, InputSize, Width, _layerWidths, Towers, LocalResponseNorm, OverlappingPooling, DropProbability, Init, activation, LrnAcrossTowers);

        /// <summary>The same network with another dropout probability (0: no dropout layers; same parameter layout).</summary>
        public NetworkSpec WithDropProbability(float dropProbability) =>
            new NetworkSpec(Preset, Classes, InputSize, Width, _layerWidths, Towers, LocalResponseNorm, OverlappingPooling, dropProbability, Init, Activation, LrnAcrossTowers);

        /// <summary>The same two-tower network with its LRN window across both towers' channels (true) or inside each tower's (false; same parameter layout).</summary>
        public NetworkSpec WithLrnAcrossTowers(bool acrossTowers) =>
            new NetworkSpec(Preset, Classes, InputSize, Width, _layerWidths, Towers, LocalResponseNorm, OverlappingPooling, DropProbability, Init, Activation, acrossTowers);

        static int[] CheckWidths(IReadOnlyList<int> widths, int towers)
        {
            if (widths == null) throw new SpecException("layer widths must not be null");
            if (widths.Count != WidthCount) throw new SpecException($"layer widths need {WidthCount} entries (conv1..conv5, fc6, fc7), got {widths.Count}");
            var copy = new int[WidthCount];
            for (int i = 0; i < WidthCount; i++)
            {
                string name = i < 5 ? "conv" + (i + 1) : "fc" + (i + 1);
                if (widths[i] < 1) throw new SpecException($"{name} width must be at least 1 (got {widths[i]})");
                if (i < 5 && towers > 0 && widths[i] % towers != 0) throw new SpecException($"{name} width {widths[i]} does not divide into {towers} towers");
                copy[i] = widths[i];
            }
            return copy;
        }

        static bool SameWidths(int[]? a, int[]? b)
        {
            if (a == null || b == null) return a == b;
            for (int i = 0; i < a.Length; i++)
                if (a[i] != b[i]) return false;
            return true;
        }

        LayerSpec[] BuildLayers(out int parameterCount)
        {
            var layers = new List<LayerSpec>();
            int offset = 0;
            int dropouts = 0;
            var shape = InputShape;
            int poolKernel = OverlappingPooling ? 3 : 2;

            int Units(int perTower) => Math.Max(1, (int)Math.Round(perTower * Width)) * Towers;
            int Explicit(int index, int perTower) => _layerWidths != null ? _layerWidths[index] : Units(perTower);

            LayerSpec Add(LayerSpec layer)
            {
                if (layer.Output.Channels < 1 || layer.Output.Height < 1 || layer.Output.Width < 1)
                    throw new SpecException($"input size {InputSize} is too small for this network: {layer.Name} would output {layer.Output.Channels}x{layer.Output.Height}x{layer.Output.Width}");
                layers.Add(layer);
                shape = layer.Output;
                return layer;
            }

            void Conv(int index, int outChannels, int kernel, int stride, int pad, int groups, float paperBias)
            {
                int h = (shape.Height + 2 * pad - kernel) / stride + 1;
                int w = (shape.Width + 2 * pad - kernel) / stride + 1;
                var layer = new LayerSpec("conv" + index, LayerKind.Convolution, shape, new TensorShape(outChannels, h, w))
                {
                    Kernel = kernel, Stride = stride, Pad = pad, Groups = groups, PaperBiasInit = paperBias,
                    FanIn = shape.Channels / groups * kernel * kernel,
                };
                Parameters(layer, outChannels * (shape.Channels / groups) * kernel * kernel, outChannels);
                Add(layer);
                Nonlinearity(index);
            }

            void Nonlinearity(int index)
            {
                if (Activation == Activation.Tanh) Add(new LayerSpec("tanh" + index, LayerKind.Tanh, shape, shape));
                else Add(new LayerSpec("relu" + index, LayerKind.Relu, shape, shape));
            }

            void Lrn(int index)
            {
                if (!LocalResponseNorm) return;
                Add(new LayerSpec("lrn" + index, LayerKind.LocalResponseNorm, shape, shape)
                {
                    Groups = LrnAcrossTowers ? 1 : Towers, LrnSize = 5, LrnAlpha = 1e-4f, LrnBeta = 0.75f, LrnK = 2f,
                });
            }

            void Pool(int index)
            {
                int h = (shape.Height - poolKernel) / 2 + 1;
                int w = (shape.Width - poolKernel) / 2 + 1;
                Add(new LayerSpec("pool" + index, LayerKind.MaxPool, shape, new TensorShape(shape.Channels, h, w))
                {
                    Kernel = poolKernel, Stride = 2,
                });
            }

            void Fc(int index, int units, float paperBias, bool reluAndDropout)
            {
                var layer = new LayerSpec("fc" + index, LayerKind.FullyConnected, shape, new TensorShape(units, 1, 1))
                {
                    PaperBiasInit = paperBias, FanIn = shape.Size,
                };
                Parameters(layer, units * shape.Size, units);
                Add(layer);
                if (!reluAndDropout) return;
                Nonlinearity(index);
                if (DropProbability > 0f)
                    Add(new LayerSpec("drop" + index, LayerKind.Dropout, shape, shape) { DropProbability = DropProbability, DropoutIndex = dropouts++ });
            }

            void Parameters(LayerSpec layer, int weights, int biases)
            {
                layer.WeightOffset = offset;
                layer.WeightCount = weights;
                offset += weights;
                layer.BiasOffset = offset;
                layer.BiasCount = biases;
                offset += biases;
            }

            // Documentation~/network.md table; the grouped form of the two towers (groups = towers where a layer sees only its own tower).
            Conv(1, Explicit(0, PaperConvPerTower[0]), 11, 4, 2, 1, 0f);
            Lrn(1);
            Pool(1);
            Conv(2, Explicit(1, PaperConvPerTower[1]), 5, 1, 2, Towers, 1f);
            Lrn(2);
            Pool(2);
            Conv(3, Explicit(2, PaperConvPerTower[2]), 3, 1, 1, 1, 0f);
            Conv(4, Explicit(3, PaperConvPerTower[3]), 3, 1, 1, Towers, 1f);
            Conv(5, Explicit(4, PaperConvPerTower[4]), 3, 1, 1, Towers, 1f);
            Pool(5);
            Fc(6, Explicit(5, PaperFcPerTower), 1f, true);
            Fc(7, Explicit(6, PaperFcPerTower), 1f, true);
            Fc(8, Classes, 0f, false);

            parameterCount = offset;
            return layers.ToArray();
        }

        public bool Equals(NetworkSpec? other) =>
            other != null && Preset == other.Preset && Classes == other.Classes && InputSize == other.InputSize &&
            Width.Equals(other.Width) && Towers == other.Towers && LocalResponseNorm == other.LocalResponseNorm &&
            OverlappingPooling == other.OverlappingPooling && DropProbability.Equals(other.DropProbability) && Init == other.Init && Activation == other.Activation &&
            LrnAcrossTowers == other.LrnAcrossTowers && SameWidths(_layerWidths, other._layerWidths);

        public override bool Equals(object? obj) => Equals(obj as NetworkSpec);

        public override int GetHashCode() => ((Preset.GetHashCode() * 397 ^ Classes) * 397 ^ InputSize) * 397 ^ Width.GetHashCode();

        /// <summary>Same layers (activation included) and parameter layout (what a checkpoint or ONNX file must match); init and dropout may differ.</summary>
        public bool IsCompatibleWith(NetworkSpec other) =>
            Classes == other.Classes && InputSize == other.InputSize && Width.Equals(other.Width) && Towers == other.Towers &&
            LocalResponseNorm == other.LocalResponseNorm && OverlappingPooling == other.OverlappingPooling && Activation == other.Activation &&
            LrnAcrossTowers == other.LrnAcrossTowers && SameWidths(_layerWidths, other._layerWidths);

        public override string ToString() =>
            $"{Preset} ({Classes} classes, {InputSize}x{InputSize}, {(_layerWidths == null ? $"width {Width:0.###}" : "widths " + string.Join("-", _layerWidths))}, {Towers} tower{(Towers == 1 ? "" : "s")}{(LocalResponseNorm ? (LrnAcrossTowers ? ", LRN across towers" : "") : ", no LRN")}{(OverlappingPooling ? "" : ", 2/2 pooling")}{(Activation == Activation.Tanh ? ", tanh" : "")})";
    }
}
