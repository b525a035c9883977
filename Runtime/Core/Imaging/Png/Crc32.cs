using System;

namespace Sightline.Imaging.Png
{
    /// <summary>
    /// CRC-32 as PNG chunks carry it (ISO 3309 / ITU-T V.42: reflected polynomial 0xEDB88320, initial and final value
    /// 0xFFFFFFFF), computed over a chunk's type and data.
    /// </summary>
    public static class Crc32
    {
        static readonly uint[] Table = CreateTable();

        static uint[] CreateTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }

        /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
        public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

        /// <summary>The running value before any byte.</summary>
        public const uint Start = 0xFFFFFFFFu;

        /// <summary>Continues a running value (from <see cref="Start"/>) over more bytes.</summary>
        public static uint Append(uint running, ReadOnlySpan<byte> data)
        {
            uint c = running;
            foreach (byte b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
            return c;
        }

        /// <summary>The CRC of the bytes a running value has seen.</summary>
        public static uint Finish(uint running) => running ^ 0xFFFFFFFFu;
    }
}
