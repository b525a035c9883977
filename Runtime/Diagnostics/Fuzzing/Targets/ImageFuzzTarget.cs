using System;
using System.Collections.Generic;
using System.IO;
using Sightline.Data;
using Sightline.Randomness;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Sightline.Reliability.Fuzzing
{
    /// <summary>
    /// <see cref="ImageDecoder"/>: Identify then DecodeSquare of a file, as dataset loading does. Seeds are small
    /// PNGs (RGB from our frame encoder, grayscale, palette, RGBA), JPEGs (4:2:0, 4:4:4, grayscale) and BMPs
    /// (24-bit, 8-bit palette, 32-bit).
    /// </summary>
    public sealed class ImageFuzzTarget : FuzzTarget
    {
        static readonly Type[] Expected = { typeof(DatasetException) };

        public override string Name => "image";
        public override string Description => "PNG/JPEG/BMP decoding through ImageDecoder.Identify and DecodeSquare";
        public override IReadOnlyList<Type> ExpectedExceptions => Expected;

        protected override IReadOnlyList<byte[]> CreateSeeds()
        {
            const int w = 23, h = 17;
            var rgb = new byte[w * h * 3];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    int i = (y * w + x) * 3;
                    rgb[i] = (byte)(x * 11);
                    rgb[i + 1] = (byte)(y * 15);
                    rgb[i + 2] = (byte)((x ^ y) * 9);
                }
            var seeds = new List<byte[]>();
            using (var stream = new MemoryStream())
            {
                PngFrameEncoder.Encode(new Sightline.Imaging.Frame(rgb, w, h), stream);
                seeds.Add(stream.ToArray());
            }
            using (var image = Image.LoadPixelData<Rgb24>(rgb, w, h))
            {
                seeds.Add(Encode(image, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 }));
                seeds.Add(Encode(image, new PngEncoder { ColorType = PngColorType.Palette }));
                seeds.Add(Encode(image, new PngEncoder { ColorType = PngColorType.RgbWithAlpha }));
                seeds.Add(Encode(image, new JpegEncoder { Quality = 75, ColorType = JpegColorType.YCbCrRatio420 }));
                seeds.Add(Encode(image, new JpegEncoder { Quality = 90, ColorType = JpegColorType.YCbCrRatio444 }));
                seeds.Add(Encode(image, new JpegEncoder { Quality = 80, ColorType = JpegColorType.Luminance }));
                seeds.Add(Encode(image, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 }));
                seeds.Add(Encode(image, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel8 }));
                seeds.Add(Encode(image, new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel32 }));
            }
            return seeds;
        }

        static byte[] Encode(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
        {
            using (var stream = new MemoryStream())
            {
                image.Save(stream, encoder);
                return stream.ToArray();
            }
        }

        public override void Run(byte[] input, string path)
        {
            File.WriteAllBytes(path, input);
            var header = ImageDecoder.Identify(path);
            // A small square keeps each case fast; the decode itself is the full image.
            var pixels = ImageDecoder.DecodeSquare(path, 16);
            if (pixels.Length != 16 * 16 * 3 || header.Width < 1) throw new InvalidOperationException("decoder returned a wrong-sized frame");
        }

        /// <summary>Half the time, rewrites the PNG chunk CRCs so the mutation reaches the chunk parsers instead of the CRC check.</summary>
        public override byte[] Prepare(byte[] mutated, SeededRandom random, List<string>? log)
        {
            if (!random.NextBool()) return mutated;
            log?.Add("rewrite PNG chunk CRCs");
            return PngCrc.Repair(mutated);
        }
    }
}
