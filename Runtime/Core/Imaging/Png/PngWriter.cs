using System;
using System.IO;
using System.IO.Compression;

namespace Sightline.Imaging.Png
{
    /// <summary>
    /// Writes PNG files: 8-bit RGB images for datasets, and the signature, chunks and zlib stream any PNG is made of.
    /// Our own encoder (System.IO.Compression's deflate inside a zlib wrapper) so capture in a player needs no image
    /// library; reading PNGs back (any colour type and depth) is the training assembly's decoder.
    /// </summary>
    public static class PngWriter
    {
        static readonly byte[] Signature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

        /// <summary>PNG colour types (IHDR).</summary>
        public const int Gray = 0, Rgb = 2, Palette = 3, GrayAlpha = 4, Rgba = 6;

        /// <summary>
        /// Encodes packed RGB8 pixels, rows top-down (<paramref name="width"/> x <paramref name="height"/> x 3 bytes), as
        /// an 8-bit RGB PNG: one IDAT, each row with the filter that suits it best, deflate at its fastest level.
        /// </summary>
        public static void WriteRgb8(ReadOnlySpan<byte> rgb, int width, int height, Stream output)
        {
            if (output == null) throw new ArgumentNullException(nameof(output));
            if (width < 1 || height < 1) throw new ArgumentException($"a PNG needs at least 1x1 pixels (got {width}x{height})");
            int stride = checked(width * 3);
            if (rgb.Length != checked(stride * height))
                throw new ArgumentException($"{width}x{height} RGB8 pixels are {(long)stride * height} bytes, not {rgb.Length}");

            var filtered = new byte[checked((stride + 1) * height)];
            var zeroRow = new byte[stride];
            var scratch = new byte[stride];
            for (int y = 0; y < height; y++)
            {
                var row = rgb.Slice(y * stride, stride);
                var previous = y == 0 ? zeroRow : rgb.Slice((y - 1) * stride, stride);
                PngRowFilter.FilterBest(row, previous, 3, filtered.AsSpan(y * (stride + 1), stride + 1), scratch);
            }
            WriteSignature(output);
            WriteChunk(output, "IHDR", Header(width, height, 8, Rgb));
            WriteChunk(output, "IDAT", Zlib(filtered, CompressionLevel.Fastest));
            WriteChunk(output, "IEND", ReadOnlySpan<byte>.Empty);
        }

        public static void WriteSignature(Stream output) => output.Write(Signature, 0, Signature.Length);

        /// <summary>One chunk: length, type, data, CRC-32 of type and data (all integers big-endian).</summary>
        public static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
        {
            if (type == null || type.Length != 4) throw new ArgumentException($"a PNG chunk type is 4 letters (got '{type}')");
            var head = new byte[8];
            WriteBigEndian(head, 0, (uint)data.Length);
            for (int i = 0; i < 4; i++) head[4 + i] = (byte)type[i];
            uint crc = Crc32.Finish(Crc32.Append(Crc32.Append(Crc32.Start, head.AsSpan(4, 4)), data));
            output.Write(head, 0, head.Length);
            output.Write(data);
            var tail = new byte[4];
            WriteBigEndian(tail, 0, crc);
            output.Write(tail, 0, 4);
        }

        /// <summary>IHDR's 13 bytes: size, bit depth, colour type, deflate compression, adaptive filtering, no interlace.</summary>
        public static byte[] Header(int width, int height, int bitDepth, int colorType)
        {
            var h = new byte[13];
            WriteBigEndian(h, 0, (uint)width);
            WriteBigEndian(h, 4, (uint)height);
            h[8] = (byte)bitDepth;
            h[9] = (byte)colorType;
            return h;
        }

        /// <summary>
        /// A zlib stream (RFC 1950) of <paramref name="data"/>: the 2-byte header (deflate, 32 KiB window, the level
        /// hint), raw deflate (RFC 1951) from DeflateStream, then the Adler-32 of the uncompressed bytes, big-endian.
        /// </summary>
        public static byte[] Zlib(byte[] data, CompressionLevel level)
        {
            using var ms = new MemoryStream(data.Length / 2 + 64);
            // CMF 0x78: method 8 (deflate), window 2^(7+8). FLG: the level hint in bits 6-7, and check bits that make
            // CMF*256 + FLG a multiple of 31 (0x7801 fastest, 0x789C default, 0x78DA best).
            ms.WriteByte(0x78);
            ms.WriteByte(level == CompressionLevel.Fastest || level == CompressionLevel.NoCompression ? (byte)0x01 : level == CompressionLevel.Optimal ? (byte)0xDA : (byte)0x9C);
            using (var deflate = new DeflateStream(ms, level, true)) deflate.Write(data, 0, data.Length);
            var adler = new byte[4];
            WriteBigEndian(adler, 0, Adler32.Compute(data));
            ms.Write(adler, 0, 4);
            return ms.ToArray();
        }

        static void WriteBigEndian(byte[] b, int at, uint v)
        {
            b[at] = (byte)(v >> 24);
            b[at + 1] = (byte)(v >> 16);
            b[at + 2] = (byte)(v >> 8);
            b[at + 3] = (byte)v;
        }
    }
}
