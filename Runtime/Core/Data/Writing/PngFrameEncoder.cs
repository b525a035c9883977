using System;
using System.IO;
using Sightline.Imaging.Png;

namespace Sightline.Data
{
    /// <summary>Encodes a raw frame as an 8-bit RGB PNG (alpha dropped, bottom-up rows flipped), fast compression.</summary>
    public static class PngFrameEncoder
    {
        public static void Encode(RawFrame frame, Stream output) => PngWriter.WriteRgb8(ToRgbTopDown(frame), frame.Width, frame.Height, output);

        /// <summary>Packed RGB8, rows top-down: the layout every later stage uses.</summary>
        public static byte[] ToRgbTopDown(RawFrame frame)
        {
            int w = frame.Width, h = frame.Height, bpp = frame.BytesPerPixel;
            var rgb = new byte[w * h * 3];
            var src = frame.Pixels;
            for (int y = 0; y < h; y++)
            {
                int srcRow = (frame.BottomUp ? h - 1 - y : y) * w * bpp;
                int dstRow = y * w * 3;
                if (bpp == 3)
                {
                    Buffer.BlockCopy(src, srcRow, rgb, dstRow, w * 3);
                }
                else
                {
                    for (int x = 0; x < w; x++)
                    {
                        rgb[dstRow + x * 3] = src[srcRow + x * 4];
                        rgb[dstRow + x * 3 + 1] = src[srcRow + x * 4 + 1];
                        rgb[dstRow + x * 3 + 2] = src[srcRow + x * 4 + 2];
                    }
                }
            }
            return rgb;
        }
    }
}
