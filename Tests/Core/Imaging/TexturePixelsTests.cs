using System;
using NUnit.Framework;
using Sightline.Imaging;

namespace Sightline.Tests.Core.Imaging
{
    public class TexturePixelsTests
    {
        // A 2x2 texture as Unity reads it back (bottom row first): bottom-left red, bottom-right green,
        // top-left blue, top-right white; alpha 7 everywhere so a channel mix-up shows.
        static readonly byte[] Rgba32BottomUp =
        {
            255, 0, 0, 7,    0, 255, 0, 7,
            0, 0, 255, 7,    255, 255, 255, 7,
        };

        // The same image as RGB, top row first.
        static readonly byte[] ExpectedTopDown =
        {
            0, 0, 255,    255, 255, 255,
            255, 0, 0,    0, 255, 0,
        };

        [Test]
        public void BottomUpReadbackComesOutTopRowFirst()
        {
            var rgb = TexturePixels.ToRgb24(Rgba32BottomUp, 2, 2, PixelFormat.Rgba32, ColorEncoding.Srgb, bottomUp: true);
            Assert.That(rgb, Is.EqualTo(ExpectedTopDown));
        }

        [Test]
        public void TopDownBufferIsNotFlipped()
        {
            var rgb = TexturePixels.ToRgb24(Rgba32BottomUp, 2, 2, PixelFormat.Rgba32, ColorEncoding.Srgb, bottomUp: false);
            Assert.That(rgb, Is.EqualTo(new byte[] { 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255 }));
        }

        [TestCase(PixelFormat.Argb32)]
        [TestCase(PixelFormat.Bgra32)]
        [TestCase(PixelFormat.Rgb24)]
        public void EveryByteOrderGivesTheSameImage(PixelFormat format)
        {
            int bpp = PixelFormats.BytesPerPixel(format);
            PixelFormats.ChannelOffsets(format, out int r, out int g, out int b);
            var source = new byte[4 * bpp];
            for (int p = 0; p < 4; p++)
            {
                if (bpp == 4) source[p * bpp + (6 - r - g - b)] = 7; // the alpha byte is the one left over
                source[p * bpp + r] = Rgba32BottomUp[p * 4];
                source[p * bpp + g] = Rgba32BottomUp[p * 4 + 1];
                source[p * bpp + b] = Rgba32BottomUp[p * 4 + 2];
            }
            Assert.That(TexturePixels.ToRgb24(source, 2, 2, format, ColorEncoding.Srgb, bottomUp: true), Is.EqualTo(ExpectedTopDown));
        }

        [Test]
        public void ArgbMeansAlphaFirstInMemory()
        {
            var argb = new byte[] { 9, 10, 20, 30 };
            Assert.That(TexturePixels.ToRgb24(argb, 1, 1, PixelFormat.Argb32, ColorEncoding.Srgb, false), Is.EqualTo(new byte[] { 10, 20, 30 }));
            var bgra = new byte[] { 30, 20, 10, 9 };
            Assert.That(TexturePixels.ToRgb24(bgra, 1, 1, PixelFormat.Bgra32, ColorEncoding.Srgb, false), Is.EqualTo(new byte[] { 10, 20, 30 }));
        }

        [Test]
        public void LinearPixelsAreSrgbEncoded()
        {
            // Linear 0.5 (byte 128 = 0.50196) is sRGB 0.7361 -> 188; black and white stay put; linear 0.0031308 is the
            // curve's knee (12.92 x), so byte 1 (0.00392) lands just above it: 1.055 x 0.00392^(1/2.4) - 0.055 = 0.0497 -> 13.
            var linear = new byte[] { 0, 128, 255, 255, 1, 0, 0, 255 };
            var rgb = TexturePixels.ToRgb24(linear, 2, 1, PixelFormat.Rgba32, ColorEncoding.Linear, false);
            Assert.That(rgb, Is.EqualTo(new byte[] { 0, 188, 255, 13, 0, 0 }));
        }

        [Test]
        public void FloatReadbackIsClampedEncodedAndFlipped()
        {
            // 1x2 RGBAFloat, bottom row first: bottom (0.5, 2.0 HDR, -1), top (0.22, 0, 1).
            var rgba = new float[] { 0.5f, 2f, -1f, 1f, 0.22f, 0f, 1f, 1f };
            var rgb = new byte[6];
            TexturePixels.ToRgb24(rgba, 1, 2, ColorEncoding.Linear, bottomUp: true, rgb);
            // Linear 0.22 is sRGB 1.055 x 0.22^(1/2.4) - 0.055 = 0.5064 -> 129.
            Assert.That(rgb, Is.EqualTo(new byte[] { 129, 0, 255, 188, 255, 0 }));
            TexturePixels.ToRgb24(rgba, 1, 2, ColorEncoding.Srgb, bottomUp: true, rgb);
            Assert.That(rgb, Is.EqualTo(new byte[] { 56, 0, 255, 128, 255, 0 }));
        }

        [Test]
        public void RowStrideSkipsPadding()
        {
            // 1x2 RGB24 with rows padded to 4 bytes.
            var padded = new byte[] { 1, 2, 3, 99, 4, 5, 6, 99 };
            var rgb = new byte[6];
            TexturePixels.ToRgb24(padded, 1, 2, PixelFormat.Rgb24, ColorEncoding.Srgb, bottomUp: false, rgb, sourceStride: 4);
            Assert.That(rgb, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6 }));
        }

        [Test]
        public void WrongBufferSizesAreRefusedWithTheSizes()
        {
            var e = Assert.Throws<ArgumentException>(() => TexturePixels.ToRgb24(new byte[15], 2, 2, PixelFormat.Rgba32, ColorEncoding.Srgb, true));
            Assert.That(e!.Message, Does.Contain("2x2").And.Contain("16"));
        }
    }
}
