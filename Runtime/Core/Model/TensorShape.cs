using System;

namespace Sightline.Model
{
    /// <summary>Channels x height x width of one image's activation (batch is not part of a shape).</summary>
    public readonly struct TensorShape : IEquatable<TensorShape>
    {
        public TensorShape(int channels, int height, int width)
        {
            Channels = channels;
            Height = height;
            Width = width;
        }

        public int Channels { get; }
        public int Height { get; }
        public int Width { get; }
        public int Size => Channels * Height * Width;

        public bool Equals(TensorShape other) => Channels == other.Channels && Height == other.Height && Width == other.Width;
        public override bool Equals(object? obj) => obj is TensorShape other && Equals(other);
        public override int GetHashCode() => (Channels * 397 ^ Height) * 397 ^ Width;
        public static bool operator ==(TensorShape a, TensorShape b) => a.Equals(b);
        public static bool operator !=(TensorShape a, TensorShape b) => !a.Equals(b);
        public override string ToString() => Height == 1 && Width == 1 ? Channels.ToString() : $"{Channels}x{Height}x{Width}";
    }
}
