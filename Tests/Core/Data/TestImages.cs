using System;
using System.IO;
using System.IO.Compression;
using Sightline.Data;
using Sightline.Imaging.Png;
using Sightline.Imaging;

namespace Sightline.Tests.Core.Data
{
    /// <summary>
    /// Builds small image files byte by byte (PNG of any colour type and depth, 24-bit BMP) so the shared tests do not
    /// need an image library (Unity's test assembly references only NUnit and Sightline).
    /// </summary>
    public static class TestImages
    {
        /// <summary>
        /// A PNG whose samples come from <paramref name="sample"/>(x, y, channel) (0..255 for 8-bit, 0..65535 for 16-bit).
        /// colorType: 0 gray, 2 RGB, 3 palette (sample gives the index; <paramref name="palette"/> RGB triples), 4 gray+alpha, 6 RGBA.
        /// </summary>
        public static byte[] Png(int width, int height, int colorType, int bitDepth, Func<int, int, int, int> sample, byte[]? palette = null)
        {
            int channels = colorType == 0 || colorType == 3 ? 1 : colorType == 2 ? 3 : colorType == 4 ? 2 : 4;
            int bytesPerSample = bitDepth == 16 ? 2 : 1;
            var raw = new MemoryStream();
            for (int y = 0; y < height; y++)
            {
                raw.WriteByte(0); // filter: none
                for (int x = 0; x < width; x++)
                    for (int c = 0; c < channels; c++)
                    {
                        int v = sample(x, y, c);
                        if (bytesPerSample == 2) raw.WriteByte((byte)(v >> 8));
                        raw.WriteByte((byte)v);
                    }
            }
            var png = new MemoryStream();
            PngWriter.WriteSignature(png);
            PngWriter.WriteChunk(png, "IHDR", PngWriter.Header(width, height, bitDepth, colorType));
            if (colorType == 3) PngWriter.WriteChunk(png, "PLTE", palette ?? throw new ArgumentNullException(nameof(palette)));
            PngWriter.WriteChunk(png, "IDAT", PngWriter.Zlib(raw.ToArray(), CompressionLevel.Fastest));
            PngWriter.WriteChunk(png, "IEND", new byte[0]);
            return png.ToArray();
        }

        public static byte[] RgbPng(int width, int height, Func<int, int, int, int> sample) => Png(width, height, 2, 8, sample);

        /// <summary>A valid PNG header announcing width x height, with no pixel data: identifies fine, decodes to a bomb.</summary>
        public static byte[] PngHeaderOnly(int width, int height)
        {
            var png = new MemoryStream();
            PngWriter.WriteSignature(png);
            PngWriter.WriteChunk(png, "IHDR", PngWriter.Header(width, height, 8, PngWriter.Rgb));
            PngWriter.WriteChunk(png, "IDAT", PngWriter.Zlib(new byte[1024], CompressionLevel.Fastest));
            PngWriter.WriteChunk(png, "IEND", new byte[0]);
            return png.ToArray();
        }

        /// <summary>A 24-bit bottom-up BMP.</summary>
        public static byte[] Bmp(int width, int height, Func<int, int, int, int> sample)
        {
            int stride = (width * 3 + 3) & ~3;
            int size = 54 + stride * height;
            var b = new byte[size];
            b[0] = (byte)'B';
            b[1] = (byte)'M';
            BitConverter.GetBytes(size).CopyTo(b, 2);
            BitConverter.GetBytes(54).CopyTo(b, 10);
            BitConverter.GetBytes(40).CopyTo(b, 14);
            BitConverter.GetBytes(width).CopyTo(b, 18);
            BitConverter.GetBytes(height).CopyTo(b, 22);
            BitConverter.GetBytes((short)1).CopyTo(b, 26);
            BitConverter.GetBytes((short)24).CopyTo(b, 28);
            BitConverter.GetBytes(stride * height).CopyTo(b, 34);
            for (int y = 0; y < height; y++)
            {
                int row = 54 + (height - 1 - y) * stride;
                for (int x = 0; x < width; x++)
                {
                    b[row + x * 3] = (byte)sample(x, y, 2);
                    b[row + x * 3 + 1] = (byte)sample(x, y, 1);
                    b[row + x * 3 + 2] = (byte)sample(x, y, 0);
                }
            }
            return b;
        }

        /// <summary>A deterministic pattern that differs per image, position and channel.</summary>
        public static Func<int, int, int, int> Pattern(int seed) => (x, y, c) => (x * 37 + y * 11 + c * 85 + seed * 53) & 255;

        public static Func<int, int, int, int> Solid(int r, int g, int b) => (x, y, c) => c == 0 ? r : c == 1 ? g : b;

        public static string Write(string path, byte[] bytes)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        /// <summary>An ImageFolder tree root/&lt;label&gt;/&lt;i&gt;.png with <paramref name="perLabel"/> patterned images per label.</summary>
        public static void ImageFolder(string root, int size, int perLabel, params string[] labels)
        {
            int seed = 0;
            foreach (var label in labels)
                for (int i = 0; i < perLabel; i++)
                    Write(Path.Combine(root, label, $"{i:D3}.png"), RgbPng(size, size, Pattern(seed++)));
        }

        /// <summary>A patterned RGB frame, e.g. for <see cref="DatasetWriter"/>.</summary>
        public static Frame Frame(int width, int height, int seed)
        {
            var pixels = new byte[width * height * 3];
            var f = Pattern(seed);
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    for (int c = 0; c < 3; c++)
                        pixels[(y * width + x) * 3 + c] = (byte)f(x, y, c);
            return new Frame(pixels, width, height);
        }
    }

    /// <summary>A fresh folder under the temp directory, deleted with everything in it on Dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sightline-test-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Combine(params string[] parts) => System.IO.Path.Combine(Path, System.IO.Path.Combine(parts));

        public void Dispose()
        {
            try
            {
                if (Directory.Exists(Path)) Directory.Delete(Path, true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
