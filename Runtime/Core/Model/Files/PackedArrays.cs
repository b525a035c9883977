using System;
using System.Buffers;
using System.Runtime.InteropServices;
using MessagePack;

namespace Sightline.Model.Files
{
    /// <summary>
    /// Numeric arrays as MessagePack bin (raw little-endian bytes): a 60 M-parameter buffer packs as one copy
    /// instead of 60 M tagged floats.
    /// </summary>
    public static class PackedArrays
    {
        public static void WriteFloats(ref MessagePackWriter writer, float[] values)
        {
            var bytes = MemoryMarshal.AsBytes(values.AsSpan());
            if (BitConverter.IsLittleEndian)
            {
                writer.Write(bytes);
                return;
            }
            var copy = bytes.ToArray();
            for (int i = 0; i < copy.Length; i += 4) Array.Reverse(copy, i, 4);
            writer.Write(copy);
        }

        public static float[] ReadFloats(ref MessagePackReader reader)
        {
            var bytes = Bin(ref reader);
            if (bytes.Length % 4 != 0) throw new MessagePackSerializationException($"a float array holds {bytes.Length} bytes, not a multiple of 4");
            if (!BitConverter.IsLittleEndian)
                for (int i = 0; i < bytes.Length; i += 4) Array.Reverse(bytes, i, 4);
            var values = new float[bytes.Length / 4];
            bytes.AsSpan().CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }

        public static void WriteULongs(ref MessagePackWriter writer, ulong[] values)
        {
            writer.WriteArrayHeader(values.Length);
            foreach (var v in values) writer.Write(v);
        }

        public static ulong[] ReadULongs(ref MessagePackReader reader)
        {
            int n = reader.ReadArrayHeader();
            var values = new ulong[n];
            for (int i = 0; i < n; i++) values[i] = reader.ReadUInt64();
            return values;
        }

        public static void WriteInts(ref MessagePackWriter writer, int[] values)
        {
            writer.WriteArrayHeader(values.Length);
            foreach (var v in values) writer.Write(v);
        }

        public static int[] ReadInts(ref MessagePackReader reader)
        {
            int n = reader.ReadArrayHeader();
            var values = new int[n];
            for (int i = 0; i < n; i++) values[i] = reader.ReadInt32();
            return values;
        }

        public static string[] ReadStrings(ref MessagePackReader reader)
        {
            int n = reader.ReadArrayHeader();
            var values = new string[n];
            for (int i = 0; i < n; i++) values[i] = reader.ReadString() ?? string.Empty;
            return values;
        }

        public static void WriteStrings(ref MessagePackWriter writer, string[] values)
        {
            writer.WriteArrayHeader(values.Length);
            foreach (var v in values) writer.Write(v);
        }

        static byte[] Bin(ref MessagePackReader reader)
        {
            var sequence = reader.ReadBytes();
            if (sequence == null) return Array.Empty<byte>();
            return sequence.Value.ToArray();
        }
    }
}
