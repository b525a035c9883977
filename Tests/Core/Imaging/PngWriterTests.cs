using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using NUnit.Framework;
using Sightline.Data;
using Sightline.Imaging.Png;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Sightline.Tests.Core.Imaging
{
    /// <summary>
    /// Core's own PNG encoder (players carry no image library) against an independent decoder, ImageSharp: every pixel
    /// must come back byte for byte, for every row filter, and the checksums must be the standard ones.
    /// </summary>
    public class PngWriterTests
    {
        [Test]
        public void Crc32MatchesTheStandardCheckValue()
        {
            // The CRC-32 (ISO 3309) check value of the ASCII digits 1-9.
            Assert.That(Crc32.Compute(Encoding.ASCII.GetBytes("123456789")), Is.EqualTo(0xCBF43926u));
            var bytes = Encoding.ASCII.GetBytes("123456789");
            uint running = Crc32.Append(Crc32.Append(Crc32.Start, bytes.AsSpan(0, 4)), bytes.AsSpan(4));
            Assert.That(Crc32.Finish(running), Is.EqualTo(0xCBF43926u));
        }

        [Test]
        public void Adler32MatchesTheDefinitionOverLongRuns()
        {
            Assert.That(Adler32.Compute(Encoding.ASCII.GetBytes("Wikipedia")), Is.EqualTo(0x11E60398u));
            // Longer than the 5552-byte run between reductions, all 0xFF: the sums' worst case.
            var data = new byte[100_003];
            for (int i = 0; i < data.Length; i++) data[i] = i % 7 == 0 ? (byte)i : (byte)0xFF;
            uint a = 1, b = 0;
            foreach (byte d in data)
            {
                a = (a + d) % 65521;
                b = (b + a) % 65521;
            }
            Assert.That(Adler32.Compute(data), Is.EqualTo((b << 16) | a));
        }

        [TestCase(1, 1)]
        [TestCase(2, 3)]
        [TestCase(17, 5)]
        [TestCase(64, 48)]
        [TestCase(257, 3)]
        public void ImagesDecodeToTheSamePixels(int width, int height)
        {
            foreach (var kind in new[] { "noise", "gradient", "flat" })
            {
                var rgb = Pixels(width, height, kind);
                var png = new MemoryStream();
                PngWriter.WriteRgb8(rgb, width, height, png);
                Assert.That(Decode(png.ToArray(), width, height), Is.EqualTo(rgb), $"{kind} {width}x{height}");
            }
        }

        [Test]
        public void EveryRowFilterDecodesToTheSamePixels()
        {
            const int width = 23, height = 9, stride = width * 3;
            var rgb = Pixels(width, height, "noise");
            for (byte filter = 0; filter <= 4; filter++)
            {
                var filtered = new byte[(stride + 1) * height];
                for (int y = 0; y < height; y++)
                {
                    filtered[y * (stride + 1)] = filter;
                    var previous = y == 0 ? new byte[stride] : rgb.AsSpan((y - 1) * stride, stride).ToArray();
                    PngRowFilter.Apply(filter, rgb.AsSpan(y * stride, stride), previous, 3, filtered.AsSpan(y * (stride + 1) + 1, stride));
                }
                var png = new MemoryStream();
                PngWriter.WriteSignature(png);
                PngWriter.WriteChunk(png, "IHDR", PngWriter.Header(width, height, 8, PngWriter.Rgb));
                PngWriter.WriteChunk(png, "IDAT", PngWriter.Zlib(filtered, CompressionLevel.Optimal));
                PngWriter.WriteChunk(png, "IEND", new byte[0]);
                Assert.That(Decode(png.ToArray(), width, height), Is.EqualTo(rgb), $"filter {filter}");
            }
        }

        [Test]
        public void TheZlibStreamEndsWithTheAdler32OfItsContent()
        {
            var data = Pixels(40, 40, "gradient");
            var zlib = PngWriter.Zlib(data, CompressionLevel.Fastest);
            Assert.That((zlib[0] * 256 + zlib[1]) % 31, Is.EqualTo(0), "zlib header check bits");
            Assert.That(zlib[0] & 0x0F, Is.EqualTo(8), "deflate");
            var inflated = new MemoryStream();
            using (var inflate = new DeflateStream(new MemoryStream(zlib, 2, zlib.Length - 6), CompressionMode.Decompress)) inflate.CopyTo(inflated);
            Assert.That(inflated.ToArray(), Is.EqualTo(data));
            uint trailer = (uint)(zlib[zlib.Length - 4] << 24 | zlib[zlib.Length - 3] << 16 | zlib[zlib.Length - 2] << 8 | zlib[zlib.Length - 1]);
            Assert.That(trailer, Is.EqualTo(Adler32.Compute(data)));
        }

        [Test]
        public void BottomUpRgbaFramesAreStoredTopDownWithoutAlpha()
        {
            const int width = 5, height = 4;
            var rgba = new byte[width * height * 4];
            new Random(3).NextBytes(rgba);
            var png = new MemoryStream();
            PngFrameEncoder.Encode(new Sightline.Imaging.Frame(rgba, width, height, Sightline.Imaging.PixelFormat.Rgba32, Sightline.Imaging.ColorEncoding.Srgb, bottomUp: true), png);
            var decoded = Decode(png.ToArray(), width, height);
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    for (int c = 0; c < 3; c++)
                        Assert.That(decoded[(y * width + x) * 3 + c], Is.EqualTo(rgba[((height - 1 - y) * width + x) * 4 + c]), $"pixel {x},{y} channel {c}");
        }

        [Test]
        public void WrongSizesAreRefused()
        {
            Assert.That(() => PngWriter.WriteRgb8(new byte[11], 2, 2, new MemoryStream()), Throws.ArgumentException.With.Message.Contains("12"));
            Assert.That(() => PngWriter.WriteRgb8(new byte[0], 0, 2, new MemoryStream()), Throws.ArgumentException.With.Message.Contains("0x2"));
        }

        static byte[] Pixels(int width, int height, string kind)
        {
            var rgb = new byte[width * height * 3];
            if (kind == "noise") new Random(width * 1000 + height).NextBytes(rgb);
            else if (kind == "gradient")
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                        for (int c = 0; c < 3; c++)
                            rgb[(y * width + x) * 3 + c] = (byte)(x * (c + 1) + y * 3);
            else for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)(i % 3 * 70 + 20);
            return rgb;
        }

        static byte[] Decode(byte[] png, int width, int height)
        {
            using var image = Image.Load<Rgb24>(png);
            Assert.That(image.Width, Is.EqualTo(width));
            Assert.That(image.Height, Is.EqualTo(height));
            var rgb = new byte[width * height * 3];
            image.CopyPixelDataTo(rgb);
            return rgb;
        }
    }
}
