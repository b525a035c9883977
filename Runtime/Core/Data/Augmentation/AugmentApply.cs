using System;

namespace Sightline.Data
{
    /// <summary>
    /// Turns a stored uint8 frame and its <see cref="AugmentParams"/> into the network's float input. This is the
    /// reference the CUDA augmentation kernel reproduces bit for bit, so the formula is spelled out:
    /// <code>
    /// frame:  uint8 [S, S, 3]  (HWC, R G B, rows top-down)     mean: float32 [3, I, I] (CHW, MeanCrop)
    /// out:    float32 [3, I, I] (CHW, R G B)
    /// for c in 0..2, y in 0..I-1, x in 0..I-1:
    ///     sx = CropX + (Flip != 0 ? I - 1 - x : x)
    ///     sy = CropY + y
    ///     out[c, y, x] = ((float)frame[sy, sx, c] - mean[c, y, x]) + delta[c]      (delta = DeltaR, DeltaG, DeltaB)
    /// </code>
    /// Two float32 operations, each rounded to nearest-even, in that order (no fused multiply-add is involved).
    /// Scale: raw pixel values 0..255 minus the mean, not divided by anything (the paper subtracts the mean activity
    /// and nothing else). The mean is the centre crop of the training mean image, the same for every crop and not
    /// mirrored with the frame.
    /// </summary>
    public static class AugmentApply
    {
        public static void Apply(ReadOnlySpan<byte> frame, int storedSize, AugmentParams p, ReadOnlySpan<float> meanCrop, int inputSize, Span<float> output)
        {
            int s = storedSize, n = inputSize, plane = n * n;
            if (frame.Length < s * s * 3) throw new ArgumentException($"frame has {frame.Length} bytes, a {s}x{s} RGB frame needs {s * s * 3}", nameof(frame));
            if (meanCrop.Length < 3 * plane) throw new ArgumentException($"mean crop has {meanCrop.Length} values, needs {3 * plane}", nameof(meanCrop));
            if (output.Length < 3 * plane) throw new ArgumentException($"output has {output.Length} values, needs {3 * plane}", nameof(output));
            if (p.CropX < 0 || p.CropY < 0 || p.CropX > s - n || p.CropY > s - n)
                throw new ArgumentOutOfRangeException(nameof(p), p.ToString(), $"crop offsets must be within 0..{s - n}");
            unsafe
            {
                fixed (byte* framePtr = frame)
                fixed (float* meanPtr = meanCrop)
                fixed (float* outPtr = output)
                    ApplyUnchecked(framePtr, s, p, meanPtr, n, outPtr);
            }
        }

        // The loops of Apply without bounds checks (the caller checked every size): about twice as fast.
        static unsafe void ApplyUnchecked(byte* frame, int s, AugmentParams p, float* mean, int n, float* output)
        {
            int plane = n * n;
            float dr = p.DeltaR, dg = p.DeltaG, db = p.DeltaB;
            float* outR = output, outG = output + plane, outB = output + 2 * plane;
            float* meanR = mean, meanG = mean + plane, meanB = mean + 2 * plane;
            for (int y = 0; y < n; y++)
            {
                byte* row = frame + ((long)(p.CropY + y) * s + p.CropX) * 3;
                int o = y * n;
                if (p.Flip == 0)
                {
                    for (int x = 0; x < n; x++)
                    {
                        byte* px = row + x * 3;
                        outR[o + x] = ((float)px[0] - meanR[o + x]) + dr;
                        outG[o + x] = ((float)px[1] - meanG[o + x]) + dg;
                        outB[o + x] = ((float)px[2] - meanB[o + x]) + db;
                    }
                }
                else
                {
                    for (int x = 0; x < n; x++)
                    {
                        byte* px = row + (n - 1 - x) * 3;
                        outR[o + x] = ((float)px[0] - meanR[o + x]) + dr;
                        outG[o + x] = ((float)px[1] - meanG[o + x]) + dg;
                        outB[o + x] = ((float)px[2] - meanB[o + x]) + db;
                    }
                }
            }
        }

        /// <summary>The centre I x I square of an S x S x 3 (HWC) mean image, as [3, I, I] (CHW).</summary>
        public static float[] MeanCrop(float[] meanImage, int storedSize, int inputSize)
        {
            if (meanImage.Length != storedSize * storedSize * 3) throw new ArgumentException($"mean image has {meanImage.Length} values, a {storedSize}x{storedSize}x3 image has {storedSize * storedSize * 3}", nameof(meanImage));
            if (inputSize < 1 || inputSize > storedSize) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"must be 1..{storedSize}");
            int m = (storedSize - inputSize) / 2, plane = inputSize * inputSize;
            var crop = new float[3 * plane];
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < inputSize; y++)
                    for (int x = 0; x < inputSize; x++)
                        crop[c * plane + y * inputSize + x] = meanImage[((m + y) * storedSize + m + x) * 3 + c];
            return crop;
        }
    }
}
