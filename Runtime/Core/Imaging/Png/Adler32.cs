using System;

namespace Sightline.Imaging.Png
{
    /// <summary>The Adler-32 checksum that ends a zlib stream (RFC 1950), over the uncompressed bytes.</summary>
    public static class Adler32
    {
        const uint Modulus = 65521;
        // The largest run of bytes whose sums cannot overflow 32 bits before reducing (zlib's NMAX).
        const int MaxRun = 5552;

        public static uint Compute(ReadOnlySpan<byte> data)
        {
            uint a = 1, b = 0;
            while (data.Length > 0)
            {
                int n = Math.Min(data.Length, MaxRun);
                for (int i = 0; i < n; i++)
                {
                    a += data[i];
                    b += a;
                }
                a %= Modulus;
                b %= Modulus;
                data = data.Slice(n);
            }
            return (b << 16) | a;
        }
    }
}
