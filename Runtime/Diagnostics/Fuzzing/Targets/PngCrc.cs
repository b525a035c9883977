namespace Sightline.Reliability.Fuzzing
{
    /// <summary>Recomputes the CRC-32 of every complete chunk of a PNG (length, type, data, CRC), leaving other bytes alone.</summary>
    static class PngCrc
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

        public static byte[] Repair(byte[] data)
        {
            if (data.Length < 8 || data[0] != 0x89 || data[1] != (byte)'P' || data[2] != (byte)'N' || data[3] != (byte)'G') return data;
            var output = (byte[])data.Clone();
            long at = 8;
            while (at + 12 <= output.Length)
            {
                long length = (uint)(output[at] << 24 | output[at + 1] << 16 | output[at + 2] << 8 | output[at + 3]);
                if (at + 12 + length > output.Length) break;
                uint crc = 0xFFFFFFFFu;
                for (long i = at + 4; i < at + 8 + length; i++) crc = Table[(crc ^ output[i]) & 0xFF] ^ (crc >> 8);
                crc ^= 0xFFFFFFFFu;
                long c = at + 8 + length;
                output[c] = (byte)(crc >> 24);
                output[c + 1] = (byte)(crc >> 16);
                output[c + 2] = (byte)(crc >> 8);
                output[c + 3] = (byte)crc;
                at = c + 4;
            }
            return output;
        }
    }
}
