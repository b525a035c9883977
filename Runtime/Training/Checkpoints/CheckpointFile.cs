using System;
using System.Buffers;
using MessagePack;
using Sightline.Data;

namespace Sightline.Training.Checkpoints
{
    /// <summary>
    /// Reads and writes checkpoint files (.slckpt): a <see cref="ChecksummedFile"/> (magic "SLCHKPT1") around the
    /// payload of <see cref="CheckpointFormatter"/> (format 2: the model and the training state as two parts) or, in
    /// files written by 0.1.0, <see cref="Checkpoint010Format"/> (format 1, flat). Saving replaces the old file only
    /// once the new one is complete; running out of space throws <see cref="DiskFullException"/> naming the checkpoint.
    /// </summary>
    public static class CheckpointFile
    {
        /// <summary>The format this build writes; it reads this and older ones.</summary>
        public const int FormatVersion = 2;
        /// <summary>The file extension the CLI uses.</summary>
        public const string Extension = ".slckpt";
        public const int HeaderSize = ChecksummedFile.HeaderSize;

        static readonly byte[] Magic = { (byte)'S', (byte)'L', (byte)'C', (byte)'H', (byte)'K', (byte)'P', (byte)'T', (byte)'1' };

        public static void Save(string path, Checkpoint checkpoint)
        {
            if (checkpoint == null) throw new ArgumentNullException(nameof(checkpoint));
            var buffer = new ArrayBufferWriter<byte>(checkpoint.Model.Parameters.Length * 8 + (1 << 16));
            var writer = new MessagePackWriter(buffer);
            CheckpointFormatter.Instance.Serialize(ref writer, checkpoint, DataFormatterResolver.Options);
            writer.Flush();
            ChecksummedFile.Save(path, Magic, FormatVersion, buffer.WrittenSpan.ToArray());
        }

        public static Checkpoint Load(string path) => Parse(path, ChecksummedFile.Read(path, (problem, inner) => new CheckpointException(path, problem, inner)));

        /// <summary>True when <paramref name="bytes"/> start like a checkpoint.</summary>
        public static bool IsCheckpoint(byte[] bytes) => ChecksummedFile.HasMagic(bytes, Magic);

        /// <summary>Checks and decodes a checkpoint held in memory; <paramref name="path"/> names it in errors.</summary>
        public static Checkpoint Parse(string path, byte[] bytes)
        {
            Func<string, Exception?, Exception> error = (problem, inner) => new CheckpointException(path, problem, inner);
            int version = ChecksummedFile.Check(bytes, Magic, FormatVersion, "a Sightline checkpoint", error);
            var options = DataFormatterResolver.Options;
            return version == 1
                ? ChecksummedFile.Decode(bytes, (ref MessagePackReader reader) => Checkpoint010Format.Read(ref reader, options), error)
                : ChecksummedFile.Decode(bytes, (ref MessagePackReader reader) => CheckpointFormatter.Instance.Deserialize(ref reader, options), error);
        }
    }
}
