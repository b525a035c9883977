using System;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Imaging;
using Sightline.Model;

namespace Sightline.Tests.Core.Imaging
{
    public class FrameTests
    {
        // Displayed pixel (row r from the top, column c): R = 10r + c, G = 100 + c, B = 200 - r.
        static byte[] Displayed(int r, int c) => new[] { (byte)(10 * r + c), (byte)(100 + c), (byte)(200 - r) };

        /// <summary>A 10x10 RGBA32 readback as Unity returns it: bottom row first.</summary>
        static Frame Readback(ColorEncoding encoding = ColorEncoding.Srgb)
        {
            const int n = 10;
            var pixels = new byte[n * n * 4];
            for (int i = 0; i < n; i++)
                for (int c = 0; c < n; c++)
                {
                    var p = Displayed(n - 1 - i, c);
                    int o = (i * n + c) * 4;
                    pixels[o] = p[0];
                    pixels[o + 1] = p[1];
                    pixels[o + 2] = p[2];
                    pixels[o + 3] = 255;
                }
            return new Frame(pixels, n, n, PixelFormat.Rgba32, encoding, bottomUp: true);
        }

        [Test]
        public void TextureBecomesANetworkInputTopRowFirstAndNormalised()
        {
            // An 8 x 8 input stores 10 x 10 (8 x 256 / 224), so the 10 x 10 readback is centre-cropped at offset 1
            // without resampling, and every input value can be predicted exactly.
            var normalization = InputNormalization.FromStd(new[] { 10f, 20f, 30f }, 0, new[] { 2f, 4f, 5f }, 1f);
            var chw = new float[3 * 8 * 8];
            Assume.That(FramePreprocessor.StoredSize(8), Is.EqualTo(10));
            FramePreprocessor.Prepare(Readback(), 8, normalization, chw);
            float[] mean = { 10f, 20f, 30f }, std = { 2f, 4f, 5f };
            for (int ch = 0; ch < 3; ch++)
                for (int y = 0; y < 8; y++)
                    for (int x = 0; x < 8; x++)
                    {
                        float expected = (Displayed(y + 1, x + 1)[ch] - mean[ch]) / std[ch];
                        Assert.That(chw[(ch * 8 + y) * 8 + x], Is.EqualTo(expected).Within(1e-5f), $"channel {ch}, row {y}, column {x}");
                    }
        }

        [Test]
        public void LinearReadbackIsEncodedToSrgb()
        {
            var linear = new Frame(new byte[] { 128, 128, 128, 255 }, 1, 1, PixelFormat.Rgba32, ColorEncoding.Linear, true);
            Assert.That(linear.ToRgb24(), Is.EqualTo(new byte[] { 188, 188, 188 }));
        }

        [Test]
        public void ReadbacksBecomeTopDownRgbAndRgbIsNotCopied()
        {
            var image = Readback(ColorEncoding.Linear);
            var rgb = image.ToRgb24();
            Assert.That(rgb.Length, Is.EqualTo(10 * 10 * 3));
            Assert.That(rgb[0], Is.EqualTo(SrgbCurve.EncodeByte(Displayed(0, 0)[0])));
            Assert.That(rgb[2], Is.EqualTo(SrgbCurve.EncodeByte(Displayed(0, 0)[2])));
            Assert.That(rgb[(9 * 10 + 3) * 3 + 1], Is.EqualTo(SrgbCurve.EncodeByte(Displayed(9, 3)[1])));
            var topDown = new Frame(Readback().ToRgb24(), 10, 10);
            Assert.That(topDown.ToRgb24(), Is.SameAs(topDown.Pixels), "no copy when the pixels are already in the classifier's layout");
            Assert.That(new Frame(topDown.Pixels, 10, 10, bottomUp: true).ToRgb24(), Is.Not.SameAs(topDown.Pixels));
        }

        [Test]
        public void BuffersOfTheWrongLengthAreRefused()
        {
            var e = Assert.Throws<ArgumentException>(() => new Frame(new byte[10], 2, 2, PixelFormat.Rgba32, ColorEncoding.Srgb, true));
            Assert.That(e!.Message, Does.Contain("2x2").And.Contain("16"));
            // An RGBA buffer passed as RGB is longer than needed: refused, not misread.
            Assert.Throws<ArgumentException>(() => new Frame(new byte[2 * 2 * 4], 2, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => new Frame(new byte[0], 0, 2));
        }
    }
}
