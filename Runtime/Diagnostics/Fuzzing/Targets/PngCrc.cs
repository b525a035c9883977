using System;
using Sightline.Imaging.Png;

namespace Sightline.Reliability.Fuzzing
{
    /// <summary>Recomputes the CRC-32 of every complete chunk of a PNG (length, type, data, CRC), leaving other bytes alone.</summary>
    static class PngCrc
    {
        public static byte[] Repair(byte[] data)
        {
            if (data.Length < 8 || data[0] != 0x89 || data[1] != (byte)'P' || data[2] != (byte)'N' || data[3] != (byte)'G') return data;
            var output = (byte[])data.Clone();
            long at = 8;
            while (at + 12 <= output.Length)
            {
                long length = (uint)(output[at] << 24 | output[at + 1] << 16 | output[at + 2] << 8 | output[at + 3]);
                if (at + 12 + length > output.Length) break;
                uint crc = Crc32.Compute(output.AsSpan((int)at + 4, (int)length + 4));
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
