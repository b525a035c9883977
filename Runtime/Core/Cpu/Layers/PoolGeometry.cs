using System;
using Sightline.Model;

namespace Sightline.Cpu
{
    /// <summary>Max pooling over square windows without padding: OH = (H - K) / S + 1 (3/2 overlapping in the paper, 2/2 in the ablation).</summary>
    public readonly struct PoolGeometry
    {
        public PoolGeometry(int channels, int height, int width, int kernel, int stride)
        {
            if (channels < 1 || kernel < 1 || stride < 1 || height < kernel || width < kernel)
                throw new ArgumentException($"bad max pooling: {channels}x{height}x{width}, kernel {kernel}, stride {stride}");
            Channels = channels;
            Height = height;
            Width = width;
            Kernel = kernel;
            Stride = stride;
            OutHeight = (height - kernel) / stride + 1;
            OutWidth = (width - kernel) / stride + 1;
        }

        public static PoolGeometry FromLayer(LayerSpec layer)
        {
            if (layer.Kind != LayerKind.MaxPool) throw new ArgumentException($"layer {layer.Name} is a {layer.Kind}, not max pooling");
            return new PoolGeometry(layer.Input.Channels, layer.Input.Height, layer.Input.Width, layer.Kernel, layer.Stride);
        }

        public int Channels { get; }
        public int Height { get; }
        public int Width { get; }
        public int Kernel { get; }
        public int Stride { get; }
        public int OutHeight { get; }
        public int OutWidth { get; }
        public int InSize => Channels * Height * Width;
        public int OutSize => Channels * OutHeight * OutWidth;
    }
}
