using System;

namespace Sightline.Imaging
{
    /// <summary>
    /// One image of 8-bit pixels, from texture readback through classification to the dataset writer: the pixels and
    /// what is needed to read them (byte order, colour encoding, row order). Unity's readbacks hold the bottom row
    /// first (<see cref="BottomUp"/>); a linear render texture holds <see cref="ColorEncoding.Linear"/> values. Each
    /// consumer converts to what it needs (<see cref="ToRgb24"/>) on its own thread, so a readback can be handed over
    /// as it came. Consumers keep the array: do not change <see cref="Pixels"/> once the frame is handed on.
    /// </summary>
    public sealed class Frame
    {
        /// <summary>RGB8 (three bytes a pixel, rows packed), sRGB-encoded.</summary>
        public Frame(byte[] rgb, int width, int height, bool bottomUp = false)
            : this(rgb, width, height, PixelFormat.Rgb24, ColorEncoding.Srgb, bottomUp)
        {
        }

        public Frame(byte[] pixels, int width, int height, PixelFormat format, ColorEncoding encoding, bool bottomUp)
        {
            if (pixels == null) throw new ArgumentNullException(nameof(pixels));
            if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"frame size must be positive (got {width}x{height})");
            if (!Enum.IsDefined(typeof(PixelFormat), format)) throw new ArgumentOutOfRangeException(nameof(format), $"unknown pixel format {(int)format}");
            long needed = (long)width * height * PixelFormats.BytesPerPixel(format);
            // Exact, not "at least": an RGBA buffer passed as RGB is longer than needed and would otherwise be misread.
            if (pixels.Length != needed) throw new ArgumentException($"a {width}x{height} {format} frame needs {needed} bytes, got {pixels.Length}", nameof(pixels));
            Pixels = pixels;
            Width = width;
            Height = height;
            Format = format;
            Encoding = encoding;
            BottomUp = bottomUp;
        }

        /// <summary>Width x height pixels of <see cref="Format"/>, rows packed without padding; the first row is the top unless <see cref="BottomUp"/>.</summary>
        public byte[] Pixels { get; }
        public int Width { get; }
        public int Height { get; }
        public PixelFormat Format { get; }
        public ColorEncoding Encoding { get; }
        /// <summary>True when the first row in <see cref="Pixels"/> is the bottom of the image (Unity's texture readback and OpenGL).</summary>
        public bool BottomUp { get; }

        public int BytesPerPixel => PixelFormats.BytesPerPixel(Format);

        /// <summary>True when <see cref="Pixels"/> are sRGB RGB8, whatever the row order.</summary>
        public bool IsSrgbRgb24 => Format == PixelFormat.Rgb24 && Encoding == ColorEncoding.Srgb;

        /// <summary>
        /// The layout every later stage uses: RGB8, top row first, sRGB-encoded. Returns <see cref="Pixels"/> itself
        /// when they are already in that layout (do not change the result), a new array otherwise.
        /// </summary>
        public byte[] ToRgb24()
        {
            if (IsSrgbRgb24 && !BottomUp) return Pixels;
            var rgb = new byte[checked(Width * Height * 3)];
            TexturePixels.ToRgb24(Pixels, Width, Height, Format, Encoding, BottomUp, rgb);
            return rgb;
        }

        public override string ToString() => $"{Width}x{Height} {Format}{(Encoding == ColorEncoding.Linear ? " linear" : "")}{(BottomUp ? " (bottom-up)" : "")}";
    }
}
