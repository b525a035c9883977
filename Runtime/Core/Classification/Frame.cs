using System;

namespace Sightline.Classification
{
    /// <summary>
    /// One image to classify: 8-bit RGB pixels, three bytes per pixel, rows packed without padding. Unity textures
    /// store the bottom row first; set <see cref="BottomUp"/> for those and preprocessing flips them.
    /// </summary>
    public sealed class Frame
    {
        public Frame(byte[] rgb, int width, int height, bool bottomUp = false)
        {
            if (rgb == null) throw new ArgumentNullException(nameof(rgb));
            if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"frame size must be positive (got {width}x{height})");
            if (rgb.Length != (long)width * height * 3)
                throw new ArgumentException($"frame of {width}x{height} needs {(long)width * height * 3} RGB bytes, got {rgb.Length}", nameof(rgb));
            Pixels = rgb;
            Width = width;
            Height = height;
            BottomUp = bottomUp;
        }

        /// <summary>RGB8, row-major; the first row is the top unless <see cref="BottomUp"/>.</summary>
        public byte[] Pixels { get; }
        public int Width { get; }
        public int Height { get; }
        public bool BottomUp { get; }

        public override string ToString() => $"{Width}x{Height} RGB{(BottomUp ? " (bottom-up)" : "")}";
    }
}
