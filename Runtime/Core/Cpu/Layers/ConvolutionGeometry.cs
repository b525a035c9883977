using System;
using Sightline.Model;

namespace Sightline.Cpu
{
    /// <summary>
    /// The shape of one (grouped) convolution: input C x H x W, square kernel, stride, symmetric zero padding, groups.
    /// Group g sees input channels [g Cin/G, (g+1) Cin/G) and produces output channels [g Cout/G, (g+1) Cout/G).
    /// </summary>
    public readonly struct ConvolutionGeometry
    {
        public ConvolutionGeometry(int inChannels, int inHeight, int inWidth, int outChannels, int kernel, int stride, int pad, int groups = 1)
        {
            if (inChannels < 1 || inHeight < 1 || inWidth < 1 || outChannels < 1 || kernel < 1 || stride < 1 || pad < 0 || groups < 1)
                throw new ArgumentException($"bad convolution: {inChannels}x{inHeight}x{inWidth} -> {outChannels}, kernel {kernel}, stride {stride}, pad {pad}, groups {groups}");
            if (inChannels % groups != 0 || outChannels % groups != 0)
                throw new ArgumentException($"convolution channels {inChannels} -> {outChannels} do not divide into {groups} groups");
            InChannels = inChannels;
            InHeight = inHeight;
            InWidth = inWidth;
            OutChannels = outChannels;
            Kernel = kernel;
            Stride = stride;
            Pad = pad;
            Groups = groups;
            OutHeight = (inHeight + 2 * pad - kernel) / stride + 1;
            OutWidth = (inWidth + 2 * pad - kernel) / stride + 1;
            if (OutHeight < 1 || OutWidth < 1) throw new ArgumentException($"convolution input {inHeight}x{inWidth} is smaller than its kernel {kernel} (pad {pad})");
        }

        public static ConvolutionGeometry FromLayer(LayerSpec layer)
        {
            if (layer.Kind != LayerKind.Convolution) throw new ArgumentException($"layer {layer.Name} is a {layer.Kind}, not a convolution");
            return new ConvolutionGeometry(layer.Input.Channels, layer.Input.Height, layer.Input.Width, layer.Output.Channels, layer.Kernel, layer.Stride, layer.Pad, layer.Groups);
        }

        public int InChannels { get; }
        public int InHeight { get; }
        public int InWidth { get; }
        public int OutChannels { get; }
        public int OutHeight { get; }
        public int OutWidth { get; }
        public int Kernel { get; }
        public int Stride { get; }
        public int Pad { get; }
        public int Groups { get; }

        public int InSize => InChannels * InHeight * InWidth;
        public int OutSize => OutChannels * OutHeight * OutWidth;
        public int InChannelsPerGroup => InChannels / Groups;
        public int OutChannelsPerGroup => OutChannels / Groups;
        /// <summary>Rows of the im2col matrix of one group: (Cin/G) K K.</summary>
        public int PatchSize => InChannelsPerGroup * Kernel * Kernel;
        public int OutPlane => OutHeight * OutWidth;
        public int WeightCount => OutChannels * PatchSize;
    }
}
