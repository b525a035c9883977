using System;

namespace Sightline.Imaging
{
    /// <summary>
    /// Turns a texture readback into what networks and datasets take: RGB8, rows packed, top row first, sRGB-encoded.
    /// Unity's texture origin is the bottom-left corner, so readback buffers (AsyncGPUReadback, Texture2D.GetPixels32)
    /// hold the bottom row first: pass bottomUp = true for them.
    /// </summary>
    public static class TexturePixels
    {
        /// <summary>Converts an 8-bit buffer (tightly packed unless <paramref name="sourceStride"/> says otherwise).</summary>
        public static void ToRgb24(ReadOnlySpan<byte> source, int width, int height, PixelFormat format, ColorEncoding encoding, bool bottomUp, Span<byte> rgb, int sourceStride = 0)
        {
            int bpp = PixelFormats.BytesPerPixel(format);
            int stride = sourceStride == 0 ? width * bpp : sourceStride;
            Validate(width, height, stride, width * bpp, source.Length, rgb.Length);
            PixelFormats.ChannelOffsets(format, out int r, out int g, out int b);
            bool encode = encoding == ColorEncoding.Linear;
            for (int y = 0; y < height; y++)
            {
                var src = source.Slice((bottomUp ? height - 1 - y : y) * stride, width * bpp);
                var dst = rgb.Slice(y * width * 3, width * 3);
                for (int x = 0, s = 0, d = 0; x < width; x++, s += bpp, d += 3)
                {
                    if (encode)
                    {
                        dst[d] = SrgbCurve.EncodeByte(src[s + r]);
                        dst[d + 1] = SrgbCurve.EncodeByte(src[s + g]);
                        dst[d + 2] = SrgbCurve.EncodeByte(src[s + b]);
                    }
                    else
                    {
                        dst[d] = src[s + r];
                        dst[d + 1] = src[s + g];
                        dst[d + 2] = src[s + b];
                    }
                }
            }
        }

        /// <summary>Converts an RGBA float buffer (Unity's RGBAFloat readback: 4 floats per pixel, 0..1, HDR values clamp).</summary>
        public static void ToRgb24(ReadOnlySpan<float> rgbaFloat, int width, int height, ColorEncoding encoding, bool bottomUp, Span<byte> rgb)
        {
            Validate(width, height, width * 4, width * 4, rgbaFloat.Length, rgb.Length);
            for (int y = 0; y < height; y++)
            {
                var src = rgbaFloat.Slice((bottomUp ? height - 1 - y : y) * width * 4, width * 4);
                var dst = rgb.Slice(y * width * 3, width * 3);
                for (int x = 0, s = 0, d = 0; x < width; x++, s += 4, d += 3)
                    for (int c = 0; c < 3; c++)
                        dst[d + c] = encoding == ColorEncoding.Linear ? SrgbCurve.EncodeToByte(src[s + c]) : ToByte(src[s + c]);
            }
        }

        /// <summary>Allocating convenience form of the 8-bit conversion.</summary>
        public static byte[] ToRgb24(ReadOnlySpan<byte> source, int width, int height, PixelFormat format, ColorEncoding encoding, bool bottomUp)
        {
            var rgb = new byte[checked(width * height * 3)];
            ToRgb24(source, width, height, format, encoding, bottomUp, rgb);
            return rgb;
        }

        static byte ToByte(float v) => !(v > 0f) ? (byte)0 : v >= 1f ? (byte)255 : (byte)(v * 255f + 0.5f);

        static void Validate(int width, int height, int stride, int rowBytes, int sourceLength, int rgbLength)
        {
            if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"image size must be positive (got {width}x{height})");
            if (stride < rowBytes) throw new ArgumentOutOfRangeException(nameof(stride), $"row stride {stride} is shorter than a row ({rowBytes})");
            long needed = (long)stride * (height - 1) + rowBytes;
            if (sourceLength < needed) throw new ArgumentException($"a {width}x{height} image needs {needed} source values, got {sourceLength}");
            if (rgbLength != (long)width * height * 3) throw new ArgumentException($"the RGB output for {width}x{height} needs {(long)width * height * 3} bytes, got {rgbLength}");
        }
    }
}
