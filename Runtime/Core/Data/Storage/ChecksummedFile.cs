using System;
using System.IO;
using System.Security.Cryptography;
using MessagePack;

namespace Sightline.Data
{
    /// <summary>
    /// The container of Sightline's binary files (model files and checkpoints): a fixed header (8 magic bytes, format
    /// version, reserved, payload length, SHA-256 of the payload) then the payload. Saving writes "path.tmp", flushes
    /// it to disk and renames it over the old file, so the previous file stays valid until the new one is complete;
    /// running out of space throws <see cref="DiskFullException"/> naming the file. Reading checks the magic, the
    /// version, the length and the checksum and reports each problem as one sentence through the caller's exception.
    /// </summary>
    public static class ChecksummedFile
    {
        const int HashSize = 32;
        // magic (8) + version (4) + reserved (4) + payload length (8) + SHA-256 (32)
        public const int HeaderSize = 8 + 4 + 4 + 8 + HashSize;

        public static void Save(string path, byte[] magic, int version, byte[] payload)
        {
            var header = Header(magic, version, payload);
            string full = Path.GetFullPath(path);
            string? folder = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            string temp = full + ".tmp";
            try
            {
                using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    var target = WriteFaults.Wrap(stream);
                    target.Write(header, 0, header.Length);
                    target.Write(payload, 0, payload.Length);
                    // Flush through the OS cache before the rename makes it the file.
                    stream.Flush(true);
                }
                AtomicFile.MoveOver(temp, full);
            }
            catch (Exception e)
            {
                // The old file is untouched; a half-written temporary file would only waste the space we lack.
                AtomicFile.TryDelete(temp);
                var diskFull = DiskFullException.From(e, full);
                if (diskFull != null) throw diskFull;
                throw;
            }
        }

        /// <summary>The file as bytes in memory: the header, then <paramref name="payload"/>.</summary>
        public static byte[] ToBytes(byte[] magic, int version, byte[] payload)
        {
            var header = Header(magic, version, payload);
            var bytes = new byte[header.Length + payload.Length];
            header.CopyTo(bytes, 0);
            payload.CopyTo(bytes, header.Length);
            return bytes;
        }

        static byte[] Header(byte[] magic, int version, byte[] payload)
        {
            if (magic.Length != 8) throw new ArgumentException("the magic is 8 bytes", nameof(magic));
            var header = new byte[HeaderSize];
            magic.CopyTo(header, 0);
            WriteInt32(header, 8, version);
            WriteInt64(header, 16, payload.Length);
            using (var sha = SHA256.Create())
                sha.ComputeHash(payload).CopyTo(header, 24);
            return header;
        }

        /// <summary>The whole file; a missing or unreadable file is reported through <paramref name="error"/> (problem, inner exception).</summary>
        public static byte[] Read(string path, Func<string, Exception?, Exception> error)
        {
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (FileNotFoundException)
            {
                throw error("the file does not exist", null);
            }
            catch (DirectoryNotFoundException)
            {
                throw error("the folder does not exist", null);
            }
            catch (IOException e)
            {
                throw error("cannot be read: " + e.Message, e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw error("cannot be read: " + e.Message, e);
            }
        }

        /// <summary>True when <paramref name="bytes"/> start with <paramref name="magic"/>.</summary>
        public static bool HasMagic(byte[] bytes, byte[] magic) => bytes.Length >= magic.Length && bytes.AsSpan(0, magic.Length).SequenceEqual(magic);

        /// <summary>
        /// Checks the header of <paramref name="bytes"/> and returns the format version; the payload is
        /// bytes[HeaderSize..]. <paramref name="kind"/> names the file type in the messages ("a Sightline checkpoint").
        /// </summary>
        public static int Check(byte[] bytes, byte[] magic, int newestVersion, string kind, Func<string, Exception?, Exception> error)
        {
            if (!HasMagic(bytes, magic))
                throw error($"not {kind} (wrong magic bytes)", null);
            if (bytes.Length < HeaderSize)
                throw error($"truncated: {bytes.Length} bytes, shorter than the {HeaderSize}-byte header", null);
            int version = ReadInt32(bytes, 8);
            if (version > newestVersion)
                throw error($"format version {version} was written by a newer Sightline; this build reads versions up to {newestVersion}", null);
            if (version < 1)
                throw error($"damaged: format version {version} is not valid", null);
            long length = ReadInt64(bytes, 16);
            long actual = bytes.LongLength - HeaderSize;
            if (length != actual)
            {
                if (actual < length) throw error($"truncated: the payload has {actual} of {length} bytes", null);
                throw error($"damaged: {actual - length} unexpected bytes after the payload", null);
            }
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(bytes, HeaderSize, (int)length);
                if (!hash.AsSpan().SequenceEqual(bytes.AsSpan(24, HashSize)))
                    throw error("damaged: the SHA-256 checksum does not match the contents", null);
            }
            return version;
        }

        /// <summary>A reader of one payload (a formatter's Deserialize).</summary>
        public delegate T PayloadReader<T>(ref MessagePackReader reader);

        /// <summary>
        /// Decodes the payload after the header with <paramref name="read"/>; what MessagePack's reader throws on
        /// damaged data becomes one "damaged: ..." sentence through <paramref name="error"/>.
        /// </summary>
        public static T Decode<T>(byte[] bytes, PayloadReader<T> read, Func<string, Exception?, Exception> error)
        {
            try
            {
                var reader = new MessagePackReader(new ReadOnlyMemory<byte>(bytes, HeaderSize, bytes.Length - HeaderSize));
                return read(ref reader);
            }
            catch (OverflowException e)
            {
                // MessagePack's typed reads throw this when a stored integer does not fit the field (found by fuzzing).
                throw error("damaged: a stored number does not fit its field (" + e.Message + ")", e);
            }
            catch (Exception e) when (e is MessagePackSerializationException || e is ArgumentException || e is EndOfStreamException || e is InvalidOperationException || e is FormatException)
            {
                throw error("damaged: " + e.Message, e);
            }
        }

        static void WriteInt32(byte[] b, int at, int v)
        {
            for (int i = 0; i < 4; i++) b[at + i] = (byte)(v >> (8 * i));
        }

        static void WriteInt64(byte[] b, int at, long v)
        {
            for (int i = 0; i < 8; i++) b[at + i] = (byte)(v >> (8 * i));
        }

        static int ReadInt32(byte[] b, int at)
        {
            int v = 0;
            for (int i = 0; i < 4; i++) v |= b[at + i] << (8 * i);
            return v;
        }

        static long ReadInt64(byte[] b, int at)
        {
            long v = 0;
            for (int i = 0; i < 8; i++) v |= (long)b[at + i] << (8 * i);
            return v;
        }
    }
}
