using System;
using System.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Sightline.Data
{
    /// <summary>
    /// Decodes PNG, JPEG and BMP files (any bit depth, grayscale, palette, with or without alpha) to RGB8, scales the
    /// short side to <c>size</c> (bicubic) and keeps the centre <c>size x size</c> square: the paper's 256x256 stored
    /// frame (Documentation~/network.md), or NetworkSpec.StoredSize in general. Alpha is dropped, not composited. Every failure is an
    /// <see cref="ImageDecodeException"/> naming the file; an exception ImageSharp does not document for bad content
    /// is not turned into "unreadable" but passes through (see <see cref="IsUnreadable"/>). Thread-safe; each call decodes on the calling thread only.
    /// </summary>
    public static class ImageDecoder
    {
        // Only the formats we promise, decoding single-threaded: callers parallelise across images.
        static readonly Configuration Config = CreateConfiguration();

        static Configuration CreateConfiguration()
        {
            var config = new Configuration(new PngConfigurationModule(), new JpegConfigurationModule(), new BmpConfigurationModule());
            config.MaxDegreeOfParallelism = 1;
            return config;
        }

        /// <summary>Reads the header only: format, width, height. Refuses empty, unrecognised and over-limit files.</summary>
        public static ImageHeader Identify(string path, DecodeLimits? limits = null)
        {
            // Only the header and, for PNG, the last 12 bytes are read: inspecting a large dataset stays cheap.
            try
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096))
                {
                    long length = stream.Length;
                    if (length == 0) throw new ImageDecodeException(path, "file is empty (0 bytes)");
                    byte[] head = new byte[(int)Math.Min(length, 16)];
                    ReadExactly(stream, head);
                    byte[] tail = new byte[(int)Math.Min(length, 12)];
                    stream.Position = length - tail.Length;
                    ReadExactly(stream, tail);
                    CheckPngEnd(path, head, tail, length);
                    CheckBmpOffset(path, head, length);
                    stream.Position = 0;
                    IImageInfo? info;
                    IImageFormat? format;
                    try
                    {
                        info = Image.Identify(Config, stream, out format);
                    }
                    catch (Exception e) when (IsUnreadable(e) || ImageLibraryDefects.Match(e) != null)
                    {
                        throw Unreadable(path, "unreadable image header: ", e);
                    }
                    return Check(path, info, format, length, head, tail, limits ?? DecodeLimits.Default);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw FileError(path, e);
            }
        }

        /// <summary>
        /// The failures ImageSharp 2.1 documents for Identify and Load on bad content: ImageFormatException (with its
        /// UnknownImageFormatException and InvalidImageContentException), NotSupportedException (a format variant it
        /// does not decode), InvalidMemoryOperationException (dimensions past its allocator) and InvalidIccProfileException
        /// (a damaged colour profile). Those mean the file is
        /// unreadable; any other exception is a bug (ours or the library's) and must surface, in fuzzing first.
        /// </summary>
        public static bool IsUnreadable(Exception e) =>
            e is ImageFormatException || e is NotSupportedException || e is SixLabors.ImageSharp.Memory.InvalidMemoryOperationException
            || e is SixLabors.ImageSharp.Metadata.Profiles.Icc.InvalidIccProfileException;

        // A documented error reads as "unreadable"; a known library defect says so in its message and its type.
        static ImageDecodeException Unreadable(string path, string what, Exception e)
        {
            string? defect = IsUnreadable(e) ? null : ImageLibraryDefects.Match(e);
            return defect == null
                ? new ImageDecodeException(path, what + e.Message, e)
                : new ImageLibraryDefectException(path, $"{what}the image library failed on this damaged file ({defect}: {e.Message}; a SixLabors.ImageSharp 2.1 defect on damaged input, not a documented error)", e);
        }

        static void ReadExactly(Stream stream, byte[] buffer)
        {
            int read = 0;
            while (read < buffer.Length)
            {
                int n = stream.Read(buffer, read, buffer.Length - read);
                if (n <= 0) throw new EndOfStreamException();
                read += n;
            }
        }

        /// <summary>Decodes into a new size x size x 3 RGB8 array (rows top-down, pixels R, G, B).</summary>
        public static byte[] DecodeSquare(string path, int size, DecodeLimits? limits = null)
        {
            var result = new byte[size * size * 3];
            DecodeSquare(path, size, result, 0, limits);
            return result;
        }

        /// <summary>Decodes into <paramref name="destination"/>[offset .. offset + size*size*3) as RGB8, rows top-down.</summary>
        public static ImageHeader DecodeSquare(string path, int size, byte[] destination, int offset, DecodeLimits? limits = null)
        {
            if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "must be positive");
            if (destination.Length - offset < size * size * 3) throw new ArgumentException($"destination holds {destination.Length - offset} bytes, a {size}x{size} RGB frame needs {size * size * 3}", nameof(destination));
            byte[] bytes = ReadFile(path);
            return DecodeSquare(path, bytes, size, destination, offset, limits ?? DecodeLimits.Default);
        }

        /// <summary>Decodes encoded bytes (the file's content); <paramref name="path"/> is only for messages.</summary>
        public static ImageHeader DecodeSquare(string path, byte[] encoded, int size, byte[] destination, int offset, DecodeLimits limits)
        {
            var header = Identify(path, encoded, limits);
            Image<Rgb24> image;
            try
            {
                image = Image.Load<Rgb24>(Config, encoded);
            }
            catch (Exception e) when (IsUnreadable(e) || ImageLibraryDefects.Match(e) != null)
            {
                throw Unreadable(path, $"cannot decode the {header.Format} image: ", e);
            }
            using (image)
            {
                int w = image.Width, h = image.Height;
                int nw, nh;
                if (w <= h)
                {
                    nw = size;
                    nh = Math.Max(size, (int)Math.Round((double)h * size / w));
                }
                else
                {
                    nh = size;
                    nw = Math.Max(size, (int)Math.Round((double)w * size / h));
                }
                if (nw != w || nh != h) image.Mutate(c => c.Resize(nw, nh, KnownResamplers.Bicubic));
                int x0 = (nw - size) / 2, y0 = (nh - size) / 2;
                int rowBytes = size * 3;
                image.ProcessPixelRows(accessor =>
                {
                    for (int y = 0; y < size; y++)
                    {
                        var row = accessor.GetRowSpan(y0 + y).Slice(x0, size);
                        System.Runtime.InteropServices.MemoryMarshal.AsBytes(row).CopyTo(destination.AsSpan(offset + y * rowBytes, rowBytes));
                    }
                });
            }
            return header;
        }

        // One wording for a file that cannot be read, wherever the decoder opens one.
        static ImageDecodeException FileError(string path, Exception e) => e switch
        {
            FileNotFoundException _ => new ImageDecodeException(path, "file not found"),
            DirectoryNotFoundException _ => new ImageDecodeException(path, "file not found (folder missing)"),
            UnauthorizedAccessException _ => new ImageDecodeException(path, "cannot read the file (permission denied)", e),
            _ => new ImageDecodeException(path, "cannot read the file: " + e.Message, e),
        };

        static byte[] ReadFile(string path)
        {
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw FileError(path, e);
            }
        }

        static ImageHeader Identify(string path, byte[] bytes, DecodeLimits limits)
        {
            if (bytes.Length == 0) throw new ImageDecodeException(path, "file is empty (0 bytes)");
            var tail = bytes.AsSpan(Math.Max(0, bytes.Length - 12)).ToArray();
            CheckPngEnd(path, bytes, tail, bytes.Length);
            CheckBmpOffset(path, bytes, bytes.Length);
            IImageInfo? info;
            IImageFormat? format;
            try
            {
                info = Image.Identify(Config, bytes, out format);
            }
            catch (Exception e) when (IsUnreadable(e) || ImageLibraryDefects.Match(e) != null)
            {
                throw Unreadable(path, "unreadable image header: ", e);
            }
            return Check(path, info, format, bytes.Length, bytes, tail, limits);
        }

        static ImageHeader Check(string path, IImageInfo? info, IImageFormat? format, long length, byte[] head, byte[] tail, DecodeLimits limits)
        {
            if (info == null || format == null)
                throw new ImageDecodeException(path, $"not a PNG, JPEG or BMP image (unrecognised content, {length} bytes, starts with {Describe(head)})");
            string name = format.Name.ToUpperInvariant();
            if (info.Width < 1 || info.Height < 1) throw new ImageDecodeException(path, $"{name} header gives an empty image ({info.Width}x{info.Height})");
            long pixels = (long)info.Width * info.Height;
            if (info.Width > limits.MaxSide || info.Height > limits.MaxSide || pixels > limits.MaxPixels)
                throw new ImageDecodeException(path, $"{name} image is {info.Width}x{info.Height} ({pixels / 1e6:0.#} megapixels), over the limit of {limits.MaxSide} pixels a side and {limits.MaxPixels / 1e6:0.#} megapixels; refused before decoding (decompression-bomb guard)");
            return new ImageHeader(info.Width, info.Height, name, info.PixelType?.BitsPerPixel ?? 0);
        }

        // Checked before parsing, so a cut-off PNG is called truncated rather than whatever chunk error the cut causes.
        static void CheckPngEnd(string path, byte[] head, byte[] tail, long length)
        {
            bool png = head.Length >= 8 && head[0] == 0x89 && head[1] == (byte)'P' && head[2] == (byte)'N' && head[3] == (byte)'G'
                && head[4] == 0x0D && head[5] == 0x0A && head[6] == 0x1A && head[7] == 0x0A;
            if (png && !EndsWithPngEnd(tail))
                throw new ImageDecodeException(path, $"PNG is truncated: the file ({length} bytes) does not end with the IEND chunk");
        }

        // ImageSharp's BMP reader allocates a buffer up to the pixel-data offset the header gives before checking it
        // against the stream, so a 1 KB file claiming an offset of 64 MiB allocated 64 MiB (found by fuzzing).
        static void CheckBmpOffset(string path, byte[] head, long length)
        {
            if (head.Length < 14 || head[0] != (byte)'B' || head[1] != (byte)'M') return;
            long offset = (uint)(head[10] | head[11] << 8 | head[12] << 16 | head[13] << 24);
            if (offset > length)
                throw new ImageDecodeException(path, $"BMP is damaged: its pixel data offset ({offset} bytes) is past the end of the file ({length} bytes)");
        }

        // A complete PNG ends with the 12-byte IEND chunk: length 0, "IEND", CRC AE 42 60 82.
        static bool EndsWithPngEnd(byte[] b)
        {
            int n = b.Length;
            return n >= 12 && b[n - 8] == (byte)'I' && b[n - 7] == (byte)'E' && b[n - 6] == (byte)'N' && b[n - 5] == (byte)'D'
                && b[n - 4] == 0xAE && b[n - 3] == 0x42 && b[n - 2] == 0x60 && b[n - 1] == 0x82;
        }

        static string Describe(byte[] bytes)
        {
            var sb = new System.Text.StringBuilder();
            for (int i = 0; i < Math.Min(8, bytes.Length); i++)
            {
                byte c = bytes[i];
                sb.Append(c >= 32 && c < 127 ? ((char)c).ToString() : "\\x" + c.ToString("x2"));
            }
            return "\"" + sb + "\"";
        }
    }
}
