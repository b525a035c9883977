using System;
using Sightline.Model;

namespace Sightline.Cpu
{
    /// <summary>
    /// Local response normalisation across channels (Documentation~/network.md): b[i] = a[i] / (k + alpha/n sum_{j in window(i)} a[j]^2)^beta,
    /// window(i) = channels i - n/2 .. i + (n-1)/2 clipped to the channel range of i's group (one group per tower).
    /// </summary>
    public readonly struct LrnGeometry
    {
        public LrnGeometry(int channels, int height, int width, int groups, int size, float alpha, float beta, float k)
        {
            if (channels < 1 || height < 1 || width < 1 || groups < 1 || channels % groups != 0 || size < 1)
                throw new ArgumentException($"bad LRN: {channels}x{height}x{width}, groups {groups}, size {size}");
            Channels = channels;
            Height = height;
            Width = width;
            Groups = groups;
            Size = size;
            Alpha = alpha;
            Beta = beta;
            K = k;
        }

        public static LrnGeometry FromLayer(LayerSpec layer)
        {
            if (layer.Kind != LayerKind.LocalResponseNorm) throw new ArgumentException($"layer {layer.Name} is a {layer.Kind}, not LRN");
            return new LrnGeometry(layer.Input.Channels, layer.Input.Height, layer.Input.Width, layer.Groups, layer.LrnSize, layer.LrnAlpha, layer.LrnBeta, layer.LrnK);
        }

        public int Channels { get; }
        public int Height { get; }
        public int Width { get; }
        public int Groups { get; }
        public int Size { get; }
        public float Alpha { get; }
        public float Beta { get; }
        public float K { get; }
        public int Plane => Height * Width;
        public int ChannelsPerGroup => Channels / Groups;
        public int ImageSize => Channels * Height * Width;
    }
}
