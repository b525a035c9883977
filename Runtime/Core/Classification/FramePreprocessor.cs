using System;
using Sightline.Imaging;
using Sightline.Model;

namespace Sightline.Classification
{
    /// <summary>
    /// The paper's test-time view of a frame (Documentation~/network.md: real-time classification uses the centre crop): scale so the
    /// short side is the stored size (input x 256/224), take the centre input x input crop, normalise. Resampling and
    /// cropping happen in one bilinear pass, so no intermediate image is allocated.
    /// </summary>
    public static class FramePreprocessor
    {
        /// <summary>Side the short edge is scaled to before the centre crop (256 for a 224 input).</summary>
        public static int StoredSize(int inputSize) => (inputSize * 256 + 223) / 224;

        /// <summary>RGB8 (HWC, top row first) centre crop of <paramref name="frame"/> at size x size.</summary>
        public static void CentreCrop(Frame frame, int size, Span<byte> rgb)
        {
            if (frame == null) throw new ArgumentNullException(nameof(frame));
            if (rgb.Length != size * size * 3) throw new ArgumentException($"expected {size * size * 3} bytes for {size}x{size}", nameof(rgb));
            int stored = StoredSize(size);
            // Scale of source pixels per resized pixel, chosen so the short side becomes `stored`.
            double scale = (double)Math.Min(frame.Width, frame.Height) / stored;
            int resizedW = (int)Math.Round(frame.Width / scale);
            int resizedH = (int)Math.Round(frame.Height / scale);
            int offX = (resizedW - size) / 2;
            int offY = (resizedH - size) / 2;
            // sRGB RGB8 is read in place (either row order); other formats are converted to it first.
            bool inPlace = frame.IsSrgbRgb24;
            var src = inPlace ? frame.Pixels : frame.ToRgb24();
            bool bottomUp = inPlace && frame.BottomUp;
            int w = frame.Width, h = frame.Height;
            for (int y = 0; y < size; y++)
            {
                double sy = (y + offY + 0.5) * scale - 0.5;
                int y0 = Clamp((int)Math.Floor(sy), h);
                int y1 = Clamp(y0 + 1, h);
                float fy = (float)(sy - Math.Floor(sy));
                if (sy < 0) { fy = 0f; }
                int row0 = bottomUp ? h - 1 - y0 : y0;
                int row1 = bottomUp ? h - 1 - y1 : y1;
                for (int x = 0; x < size; x++)
                {
                    double sx = (x + offX + 0.5) * scale - 0.5;
                    int x0 = Clamp((int)Math.Floor(sx), w);
                    int x1 = Clamp(x0 + 1, w);
                    float fx = (float)(sx - Math.Floor(sx));
                    if (sx < 0) { fx = 0f; }
                    int a = (row0 * w + x0) * 3, b = (row0 * w + x1) * 3, c = (row1 * w + x0) * 3, d = (row1 * w + x1) * 3;
                    int o = (y * size + x) * 3;
                    for (int ch = 0; ch < 3; ch++)
                    {
                        float top = src[a + ch] + (src[b + ch] - src[a + ch]) * fx;
                        float bottom = src[c + ch] + (src[d + ch] - src[c + ch]) * fx;
                        float v = top + (bottom - top) * fy;
                        rgb[o + ch] = (byte)Math.Min(255, Math.Max(0, (int)(v + 0.5f)));
                    }
                }
            }
        }

        /// <summary>Centre crop and normalise into a network input (3 x size x size, CHW).</summary>
        public static void Prepare(Frame frame, int size, InputNormalization normalization, Span<float> chw)
        {
            if (normalization == null) throw new ArgumentNullException(nameof(normalization));
            var crop = new byte[size * size * 3];
            CentreCrop(frame, size, crop);
            normalization.Apply(crop, size, chw);
        }

        static int Clamp(int v, int n) => v < 0 ? 0 : v >= n ? n - 1 : v;
    }
}
