using System;
using UnityEngine;

namespace UnityShim.Player
{
    /// <summary>Texture copies in the harness: Graphics.Blit's bilinear resize and readback format conversion.</summary>
    internal static class Pixels
    {
        internal static void Blit(Texture source, RenderTexture destination)
        {
            World.EnsureMainThread("Graphics.Blit");
            if ((object)source == null || source.m_Destroyed || (object)destination == null) return;
            int sw = source.width, sh = source.height, dw = destination.width, dh = destination.height;
            var src = source.m_Pixels;
            var dst = destination.m_Pixels;
            // Filtering happens on decoded values when the source is sRGB; the destination stores its own encoding.
            for (int y = 0; y < dh; y++)
            {
                float fy = Math.Max(0f, Math.Min(sh - 1f, (y + 0.5f) * sh / dh - 0.5f));
                int y0 = (int)fy, y1 = Math.Min(sh - 1, y0 + 1);
                float ty = fy - y0;
                for (int x = 0; x < dw; x++)
                {
                    float fx = Math.Max(0f, Math.Min(sw - 1f, (x + 0.5f) * sw / dw - 0.5f));
                    int x0 = (int)fx, x1 = Math.Min(sw - 1, x0 + 1);
                    float tx = fx - x0;
                    for (int c = 0; c < 4; c++)
                    {
                        float a = Read(src, (y0 * sw + x0) * 4 + c, source.m_StoresSrgb && c < 3);
                        float b = Read(src, (y0 * sw + x1) * 4 + c, source.m_StoresSrgb && c < 3);
                        float d = Read(src, (y1 * sw + x0) * 4 + c, source.m_StoresSrgb && c < 3);
                        float e = Read(src, (y1 * sw + x1) * 4 + c, source.m_StoresSrgb && c < 3);
                        float v = (a + (b - a) * tx) * (1 - ty) + (d + (e - d) * tx) * ty;
                        dst[(y * dw + x) * 4 + c] = Write(v, destination.m_StoresSrgb && c < 3);
                    }
                }
            }
        }

        /// <summary>Stored RGBA bytes in <paramref name="layout"/>, re-encoded when the sRGB-ness differs; null if unsupported.</summary>
        internal static byte[] Convert(byte[] rgba, bool sourceSrgb, bool destinationSrgb, TextureFormat layout)
        {
            int[] order;
            switch (layout)
            {
                case TextureFormat.RGBA32: order = new[] { 0, 1, 2, 3 }; break;
                case TextureFormat.ARGB32: order = new[] { 3, 0, 1, 2 }; break;
                case TextureFormat.BGRA32: order = new[] { 2, 1, 0, 3 }; break;
                case TextureFormat.RGB24: order = new[] { 0, 1, 2 }; break;
                default: return null;
            }
            int pixels = rgba.Length / 4;
            var output = new byte[pixels * order.Length];
            for (int i = 0; i < pixels; i++)
            {
                for (int c = 0; c < order.Length; c++)
                {
                    int channel = order[c];
                    byte value = rgba[i * 4 + channel];
                    if (channel < 3 && sourceSrgb != destinationSrgb) value = Write(Read(rgba, i * 4 + channel, sourceSrgb), destinationSrgb);
                    output[i * order.Length + c] = value;
                }
            }
            return output;
        }

        /// <summary>A stored byte as a linear value in [0, 1].</summary>
        internal static float Read(byte[] data, int at, bool srgb) => srgb ? SrgbToLinear(data[at] / 255f) : data[at] / 255f;

        internal static byte Write(float linear, bool srgb)
        {
            float v = srgb ? LinearToSrgb(linear) : linear;
            return (byte)(Math.Max(0f, Math.Min(1f, v)) * 255f + 0.5f);
        }

        // The sRGB transfer functions (IEC 61966-2-1).
        internal static float SrgbToLinear(float v) => v <= 0.04045f ? v / 12.92f : (float)Math.Pow((v + 0.055f) / 1.055f, 2.4);
        internal static float LinearToSrgb(float v) => v <= 0.0031308f ? v * 12.92f : 1.055f * (float)Math.Pow(v, 1 / 2.4) - 0.055f;
    }
}
