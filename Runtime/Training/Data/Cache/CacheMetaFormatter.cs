using System;
using System.Buffers;
using System.Runtime.InteropServices;
using MessagePack;
using MessagePack.Formatters;

namespace Sightline.Data
{
    /// <summary>
    /// [fingerprint, storedSize, [labels], [[relativePath, label, split, slot]...], [[path, message]...],
    /// mean (bin: float32 little-endian, S*S*3), [covariance 9 doubles], statsFrames]. Hand-written: no dynamic code.
    /// </summary>
    public sealed class CacheMetaFormatter : IMessagePackFormatter<CacheMeta>
    {
        public static readonly CacheMetaFormatter Instance = new CacheMetaFormatter();

        /// <summary>The index as MessagePack bytes (through this formatter only: no resolver lookup, no dynamic code).</summary>
        public static byte[] ToBytes(CacheMeta meta)
        {
            var buffer = new ArrayBufferWriter<byte>(1 << 16);
            var writer = new MessagePackWriter(buffer);
            Instance.Serialize(ref writer, meta, DataFormatterResolver.Options);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }

        /// <summary>The index read back from <see cref="ToBytes"/>'s bytes; MessagePackSerializationException when they are not one.</summary>
        public static CacheMeta FromBytes(byte[] bytes)
        {
            try
            {
                var reader = new MessagePackReader(new ReadOnlyMemory<byte>(bytes));
                return Instance.Deserialize(ref reader, DataFormatterResolver.Options);
            }
            catch (Exception e) when (!(e is MessagePackSerializationException))
            {
                // What MessagePackSerializer.Deserialize does: any failure inside a formatter is a serialisation error.
                throw new MessagePackSerializationException("the frame cache index is not valid MessagePack", e);
            }
        }

        public void Serialize(ref MessagePackWriter writer, CacheMeta value, MessagePackSerializerOptions options)
        {
            writer.WriteArrayHeader(8);
            writer.Write(value.Fingerprint);
            writer.Write(value.StoredSize);
            writer.WriteArrayHeader(value.Labels.Count);
            foreach (var label in value.Labels) writer.Write(label);
            writer.WriteArrayHeader(value.Entries.Count);
            foreach (var entry in value.Entries)
            {
                writer.WriteArrayHeader(4);
                writer.Write(entry.RelativePath);
                writer.Write(entry.LabelIndex);
                writer.Write((int)entry.Split);
                writer.Write(entry.Slot);
            }
            writer.WriteArrayHeader(value.Skipped.Count);
            foreach (var problem in value.Skipped)
            {
                writer.WriteArrayHeader(2);
                writer.Write(problem.Path);
                writer.Write(problem.Message);
            }
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("the frame cache is little-endian");
            writer.Write(MemoryMarshal.AsBytes(value.Mean.AsSpan()));
            writer.WriteArrayHeader(9);
            foreach (var c in value.Covariance) writer.Write(c);
            writer.Write(value.StatsFrames);
        }

        public CacheMeta Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            int top = reader.ReadArrayHeader();
            if (top < 8) throw new FormatException($"cache index has {top} elements, expected 8");
            var meta = new CacheMeta { Fingerprint = reader.ReadString() ?? "", StoredSize = reader.ReadInt32() };
            int labels = reader.ReadArrayHeader();
            for (int i = 0; i < labels; i++) meta.Labels.Add(reader.ReadString() ?? "");
            int entries = reader.ReadArrayHeader();
            for (int i = 0; i < entries; i++)
            {
                if (reader.ReadArrayHeader() != 4) throw new FormatException("cache entry must have 4 fields");
                meta.Entries.Add(new CacheEntry(reader.ReadString() ?? "", reader.ReadInt32(), (DatasetSplit)reader.ReadInt32(), reader.ReadInt32()));
            }
            int skipped = reader.ReadArrayHeader();
            for (int i = 0; i < skipped; i++)
            {
                if (reader.ReadArrayHeader() != 2) throw new FormatException("skipped entry must have 2 fields");
                meta.Skipped.Add(new DatasetProblem(ProblemSeverity.Error, reader.ReadString() ?? "", reader.ReadString() ?? ""));
            }
            var bytes = reader.ReadBytes() ?? throw new FormatException("cache index has no mean image");
            var mean = new float[bytes.Length / 4];
            System.Buffers.BuffersExtensions.CopyTo(bytes, MemoryMarshal.AsBytes(mean.AsSpan()));
            meta.Mean = mean;
            if (reader.ReadArrayHeader() != 9) throw new FormatException("covariance must have 9 elements");
            for (int i = 0; i < 9; i++) meta.Covariance[i] = reader.ReadDouble();
            meta.StatsFrames = reader.ReadInt32();
            for (int k = 8; k < top; k++) reader.Skip();
            return meta;
        }
    }
}
