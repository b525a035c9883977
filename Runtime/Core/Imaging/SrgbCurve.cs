using System;

namespace Sightline.Imaging
{
    /// <summary>The sRGB transfer function (IEC 61966-2-1), and a table for 8-bit linear values.</summary>
    public static class SrgbCurve
    {
        static readonly byte[] LinearByteTable = BuildTable();

        /// <summary>Linear light in [0, 1] to the sRGB-encoded value in [0, 1]; values outside are clamped.</summary>
        public static float Encode(float linear)
        {
            if (!(linear > 0f)) return 0f; // also NaN
            if (linear >= 1f) return 1f;
            return linear <= 0.0031308f ? linear * 12.92f : 1.055f * (float)Math.Pow(linear, 1.0 / 2.4) - 0.055f;
        }

        /// <summary>sRGB-encoded value in [0, 1] to linear light in [0, 1]; values outside are clamped.</summary>
        public static float Decode(float encoded)
        {
            if (!(encoded > 0f)) return 0f;
            if (encoded >= 1f) return 1f;
            return encoded <= 0.04045f ? encoded / 12.92f : (float)Math.Pow((encoded + 0.055f) / 1.055f, 2.4);
        }

        /// <summary>Linear 0..1 as an 8-bit sRGB value, rounded to nearest.</summary>
        public static byte EncodeToByte(float linear) => (byte)(Encode(linear) * 255f + 0.5f);

        /// <summary>An 8-bit linear value as an 8-bit sRGB value.</summary>
        public static byte EncodeByte(byte linear) => LinearByteTable[linear];

        static byte[] BuildTable()
        {
            var table = new byte[256];
            for (int i = 0; i < 256; i++) table[i] = EncodeToByte(i / 255f);
            return table;
        }
    }
}
