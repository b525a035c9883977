using System;
using System.Buffers;
using System.IO;
using System.Security.Cryptography;
using MessagePack;
using Sightline.Data;

namespace Sightline.Training.Checkpoints
{
    /// <summary>
    /// Reads and writes checkpoint files: a fixed header (magic "SLCHKPT1", format version, payload length,
    /// SHA-256 of the payload) then the MessagePack payload of <see cref="CheckpointFormatter"/>. Saving writes a
    /// temporary file, flushes it to disk and renames it over the old one, so the previous checkpoint stays valid
    /// until the new one is complete; a crash leaves either the old file or the new one, never a mix. Running out of
    /// space throws <see cref="DiskFullException"/> (an IOException) naming the checkpoint.
    /// </summary>
    public static class CheckpointFile
    {
        /// <summary>The format this build writes; it reads this and older ones.</summary>
        public const int FormatVersion = 1;
        /// <summary>The file extension the CLI uses.</summary>
        public const string Extension = ".slckpt";

        static readonly byte[] Magic = { (byte)'S', (byte)'L', (byte)'C', (byte)'H', (byte)'K', (byte)'P', (byte)'T', (byte)'1' };
        const int HashSize = 32;
        // magic (8) + version (4) + reserved (4) + payload length (8) + SHA-256 (32)
        public const int HeaderSize = 8 + 4 + 4 + 8 + HashSize;

        public static void Save(string path, Checkpoint checkpoint)
        {
            var payload = Serialize(checkpoint);
            var header = new byte[HeaderSize];
            Magic.CopyTo(header, 0);
            WriteInt32(header, 8, FormatVersion);
            WriteInt64(header, 16, payload.Length);
            using (var sha = SHA256.Create())
                sha.ComputeHash(payload).CopyTo(header, 24);

            string full = System.IO.Path.GetFullPath(path);
            string? folder = System.IO.Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            string temp = full + ".tmp";
            try
            {
                using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    var target = WriteFaults.Wrap(stream);
                    target.Write(header, 0, header.Length);
                    target.Write(payload, 0, payload.Length);
                    // Flush through the OS cache before the rename makes it the checkpoint.
                    stream.Flush(true);
                }
                Replace(temp, full);
            }
            catch (Exception e)
            {
                // The old checkpoint is untouched; a half-written temporary file would only waste the space we lack.
                AtomicFile.TryDelete(temp);
                var diskFull = DiskFullException.From(e, full);
                if (diskFull != null) throw diskFull;
                throw;
            }
        }

        static void Replace(string temp, string path)
        {
#if NET
            File.Move(temp, path, true);
#else
            if (File.Exists(path)) File.Replace(temp, path, null);
            else File.Move(temp, path);
#endif
        }

        public static Checkpoint Load(string path)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (FileNotFoundException)
            {
                throw new CheckpointException(path, "the file does not exist");
            }
            catch (DirectoryNotFoundException)
            {
                throw new CheckpointException(path, "the folder does not exist");
            }
            catch (IOException e)
            {
                throw new CheckpointException(path, "cannot be read: " + e.Message, e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new CheckpointException(path, "cannot be read: " + e.Message, e);
            }
            return Parse(path, bytes);
        }

        /// <summary>Checks and decodes a checkpoint held in memory; <paramref name="path"/> names it in errors.</summary>
        public static Checkpoint Parse(string path, byte[] bytes)
        {
            if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
                throw new CheckpointException(path, "not a Sightline checkpoint (wrong magic bytes)");
            if (bytes.Length < HeaderSize)
                throw new CheckpointException(path, $"truncated: {bytes.Length} bytes, shorter than the {HeaderSize}-byte header");
            int version = ReadInt32(bytes, 8);
            if (version > FormatVersion)
                throw new CheckpointException(path, $"format version {version} was written by a newer Sightline; this build reads versions up to {FormatVersion}");
            if (version < 1)
                throw new CheckpointException(path, $"damaged: format version {version} is not valid");
            long length = ReadInt64(bytes, 16);
            long actual = bytes.LongLength - HeaderSize;
            if (length != actual)
            {
                if (actual < length) throw new CheckpointException(path, $"truncated: the payload has {actual} of {length} bytes");
                throw new CheckpointException(path, $"damaged: {actual - length} unexpected bytes after the payload");
            }
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(bytes, HeaderSize, (int)length);
                if (!hash.AsSpan().SequenceEqual(bytes.AsSpan(24, HashSize)))
                    throw new CheckpointException(path, "damaged: the SHA-256 checksum does not match the contents");
            }
            try
            {
                var reader = new MessagePackReader(new ReadOnlyMemory<byte>(bytes, HeaderSize, (int)length));
                var checkpoint = CheckpointFormatter.Instance.Deserialize(ref reader, DataFormatterResolver.Options);
                Check(path, checkpoint);
                return checkpoint;
            }
            catch (CheckpointException)
            {
                throw;
            }
            catch (OverflowException e)
            {
                // MessagePack's typed reads throw this when a stored integer does not fit the field (found by fuzzing).
                throw new CheckpointException(path, "damaged: a stored number does not fit its field (" + e.Message + ")", e);
            }
            catch (Exception e) when (e is MessagePackSerializationException || e is ArgumentException || e is EndOfStreamException || e is InvalidOperationException || e is FormatException)
            {
                throw new CheckpointException(path, "damaged: " + e.Message, e);
            }
        }

        static void Check(string path, Checkpoint c)
        {
            if (c.Parameters.Length != c.Spec.ParameterCount)
                throw new CheckpointException(path, $"holds {c.Parameters.Length} weights but its spec {c.Spec} has {c.Spec.ParameterCount}");
            if (c.Momentum.Length != 0 && c.Momentum.Length != c.Parameters.Length)
                throw new CheckpointException(path, $"holds {c.Momentum.Length} momentum values for {c.Parameters.Length} weights");
            if (c.Labels.Length != 0 && c.Labels.Length != c.Spec.Classes)
                throw new CheckpointException(path, $"names {c.Labels.Length} labels but its spec has {c.Spec.Classes} classes");
            if (c.MeanImage.Length != 3 * c.MeanImageSize * c.MeanImageSize)
                throw new CheckpointException(path, $"its mean image holds {c.MeanImage.Length} values, not 3x{c.MeanImageSize}x{c.MeanImageSize}");
        }

        static byte[] Serialize(Checkpoint checkpoint)
        {
            var buffer = new ArrayBufferWriter<byte>(checkpoint.Parameters.Length * 8 + (1 << 16));
            var writer = new MessagePackWriter(buffer);
            CheckpointFormatter.Instance.Serialize(ref writer, checkpoint, DataFormatterResolver.Options);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
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
