using System;
using System.Buffers;
using MessagePack;
using Sightline.Data;

namespace Sightline.Model.Files
{
    /// <summary>
    /// Model files (.slmodel): a <see cref="TrainedModel"/> and nothing else (no momentum, random states or history),
    /// the file to ship or to import as an asset. A <see cref="ChecksummedFile"/> (magic "SLMODEL1") around
    /// <see cref="TrainedModelFormatter"/>'s payload. Engine-free and free of image libraries: players read it.
    /// </summary>
    public static class TrainedModelFile
    {
        /// <summary>The format this build writes; it reads this and older ones.</summary>
        public const int FormatVersion = 1;
        public const string Extension = ".slmodel";

        static readonly byte[] Magic = { (byte)'S', (byte)'L', (byte)'M', (byte)'O', (byte)'D', (byte)'E', (byte)'L', (byte)'1' };

        public static void Save(string path, TrainedModel model) => ChecksummedFile.Save(path, Magic, FormatVersion, Payload(model));

        /// <summary>The whole file (header and payload) in memory, as <see cref="Save"/> writes it.</summary>
        public static byte[] ToBytes(TrainedModel model) => ChecksummedFile.ToBytes(Magic, FormatVersion, Payload(model));

        public static TrainedModel Load(string path) => Parse(path, ChecksummedFile.Read(path, (problem, inner) => new ModelFileException(path, problem, inner)));

        /// <summary>True when <paramref name="bytes"/> start like a model file.</summary>
        public static bool IsModelFile(byte[] bytes) => ChecksummedFile.HasMagic(bytes, Magic);

        /// <summary>Checks and decodes a model file held in memory; <paramref name="path"/> names it in errors.</summary>
        public static TrainedModel Parse(string path, byte[] bytes)
        {
            Func<string, Exception?, Exception> error = (problem, inner) => new ModelFileException(path, problem, inner);
            ChecksummedFile.Check(bytes, Magic, FormatVersion, "a Sightline model file", error);
            return ChecksummedFile.Decode(bytes, (ref MessagePackReader reader) => TrainedModelFormatter.Instance.Deserialize(ref reader, DataFormatterResolver.Options), error);
        }

        static byte[] Payload(TrainedModel model)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            var buffer = new ArrayBufferWriter<byte>(model.Parameters.Length * 4 + (1 << 16));
            var writer = new MessagePackWriter(buffer);
            TrainedModelFormatter.Instance.Serialize(ref writer, model, DataFormatterResolver.Options);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
    }
}
