using System;

namespace Sightline.Imaging
{
    /// <summary>
    /// The size of the downscaled copy read back from the GPU: the source's aspect ratio with its short side at
    /// <c>shortSide</c> (the classifier's stored size, 256 for a 224 input), never larger than the source. Reading
    /// back 256 x 455 instead of 1920 x 1080 moves 30 times fewer bytes and leaves the crop to the classifier.
    /// </summary>
    public readonly struct ReadbackSize : IEquatable<ReadbackSize>
    {
        public ReadbackSize(int width, int height)
        {
            Width = width;
            Height = height;
        }

        public int Width { get; }
        public int Height { get; }

        public static ReadbackSize For(int sourceWidth, int sourceHeight, int shortSide)
        {
            if (sourceWidth < 1 || sourceHeight < 1) throw new ArgumentOutOfRangeException(nameof(sourceWidth), $"source size must be positive (got {sourceWidth}x{sourceHeight})");
            if (shortSide < 1) throw new ArgumentOutOfRangeException(nameof(shortSide), shortSide, "short side must be positive");
            int shortest = Math.Min(sourceWidth, sourceHeight);
            if (shortest <= shortSide) return new ReadbackSize(sourceWidth, sourceHeight);
            double scale = (double)shortSide / shortest;
            int w = sourceWidth <= sourceHeight ? shortSide : Math.Max(shortSide, (int)Math.Round(sourceWidth * scale));
            int h = sourceHeight < sourceWidth ? shortSide : Math.Max(shortSide, (int)Math.Round(sourceHeight * scale));
            return new ReadbackSize(w, h);
        }

        public bool Equals(ReadbackSize other) => Width == other.Width && Height == other.Height;
        public override bool Equals(object? obj) => obj is ReadbackSize other && Equals(other);
        public override int GetHashCode() => Width * 65537 + Height;
        public override string ToString() => $"{Width}x{Height}";
    }
}
