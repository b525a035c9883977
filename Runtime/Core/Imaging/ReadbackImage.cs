using System;
using Sightline.Classification;
using Sightline.Data;

namespace Sightline.Imaging
{
    /// <summary>
    /// Pixels read back from a texture, with what is needed to interpret them: byte order, colour encoding and row
    /// order (Unity's readbacks are bottom row first). The one place where a texture becomes what the classifier
    /// (<see cref="Frame"/>) and the dataset writer (<see cref="RawFrame"/>) take.
    /// </summary>
    public sealed class ReadbackImage
    {
        public ReadbackImage(byte[] pixels, int width, int height, PixelFormat format, ColorEncoding encoding, bool bottomUp)
        {
            if (pixels == null) throw new ArgumentNullException(nameof(pixels));
            if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"image size must be positive (got {width}x{height})");
            long needed = (long)width * height * PixelFormats.BytesPerPixel(format);
            if (pixels.Length < needed) throw new ArgumentException($"a {width}x{height} {format} image needs {needed} bytes, got {pixels.Length}", nameof(pixels));
            Pixels = pixels;
            Width = width;
            Height = height;
            Format = format;
            Encoding = encoding;
            BottomUp = bottomUp;
        }

        public byte[] Pixels { get; }
        public int Width { get; }
        public int Height { get; }
        public PixelFormat Format { get; }
        public ColorEncoding Encoding { get; }
        public bool BottomUp { get; }

        /// <summary>RGB8, top row first, sRGB-encoded.</summary>
        public byte[] ToRgb24()
        {
            var rgb = new byte[checked(Width * Height * 3)];
            TexturePixels.ToRgb24(Pixels, Width, Height, Format, Encoding, BottomUp, rgb);
            return rgb;
        }

        /// <summary>The image as the classifier takes it (RGB8, top row first, sRGB).</summary>
        public Frame ToFrame() => new Frame(ToRgb24(), Width, Height);

        /// <summary>
        /// The image as the dataset writer takes it. sRGB RGBA32 is handed over as it is (the writer drops alpha and
        /// flips bottom-up rows itself, on its own thread); anything else is converted here first.
        /// </summary>
        public RawFrame ToRawFrame(string label)
        {
            if (Format == PixelFormat.Rgba32 && Encoding == ColorEncoding.Srgb)
                return new RawFrame(label, Width, Height, RawPixelFormat.Rgba8, Pixels, BottomUp);
            return new RawFrame(label, Width, Height, RawPixelFormat.Rgb8, ToRgb24(), bottomUp: false);
        }
    }
}
