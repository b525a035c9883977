using System;
using System.Collections.Generic;

namespace Sightline.Classification
{
    /// <summary>
    /// What the network expects of its input: value = (pixel * PixelScale - mean) / std, per channel, where the mean is
    /// either one value per channel or the paper's per-pixel mean image (3 x size x size, CHW, at the input size).
    /// Sightline's own models use pixels 0..255 and a mean; torchvision's use 0..1 with ImageNet mean and std.
    /// </summary>
    public sealed class InputNormalization
    {
        readonly float[] _mean;
        readonly float[] _std;

        public InputNormalization(float[] mean, int meanImageSize = 0, float[]? std = null, float pixelScale = 1f)
        {
            if (mean == null) throw new ArgumentNullException(nameof(mean));
            if (meanImageSize < 0) throw new ArgumentOutOfRangeException(nameof(meanImageSize), meanImageSize, "mean image size must not be negative");
            long expected = meanImageSize == 0 ? 3 : 3L * meanImageSize * meanImageSize;
            if (mean.Length != expected)
                throw new ArgumentException(meanImageSize == 0
                    ? $"a per-channel mean has 3 values, got {mean.Length}"
                    : $"a {meanImageSize}x{meanImageSize} mean image has {expected} values (3 x {meanImageSize} x {meanImageSize}), got {mean.Length}", nameof(mean));
            std ??= new[] { 1f, 1f, 1f };
            if (std.Length != 3) throw new ArgumentException($"std has one value per channel (3), got {std.Length}", nameof(std));
            foreach (var s in std)
                if (!(s > 0f) || float.IsInfinity(s)) throw new ArgumentException($"std values must be positive and finite (got {s})", nameof(std));
            if (!(pixelScale > 0f) || float.IsInfinity(pixelScale)) throw new ArgumentOutOfRangeException(nameof(pixelScale), pixelScale, "pixel scale must be positive and finite");
            _mean = (float[])mean.Clone();
            _std = (float[])std.Clone();
            MeanImageSize = meanImageSize;
            PixelScale = pixelScale;
        }

        /// <summary>3 values (per channel) or 3 x size x size (the mean image, CHW).</summary>
        public IReadOnlyList<float> Mean => _mean;
        /// <summary>Side of the mean image; 0 when the mean is per channel.</summary>
        public int MeanImageSize { get; }
        public bool IsMeanImage => MeanImageSize > 0;
        public IReadOnlyList<float> Std => _std;
        /// <summary>Multiplies the 0..255 pixel before the mean is subtracted (1/255 for torchvision models).</summary>
        public float PixelScale { get; }

        /// <summary>No change: pixels 0..255 go in as they are.</summary>
        public static InputNormalization None => new InputNormalization(new[] { 0f, 0f, 0f });

        public static InputNormalization PerChannel(float red, float green, float blue) => new InputNormalization(new[] { red, green, blue });

        /// <summary>The paper's per-pixel mean (0..255 scale), CHW at the network's input size.</summary>
        public static InputNormalization MeanImage(float[] chw, int size) => new InputNormalization(chw, size);

        /// <summary>torchvision's ImageNet preprocessing: pixels / 255, mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225).</summary>
        public static InputNormalization TorchvisionImageNet =>
            new InputNormalization(new[] { 0.485f, 0.456f, 0.406f }, 0, new[] { 0.229f, 0.224f, 0.225f }, 1f / 255f);

        /// <summary>
        /// Normalises a size x size RGB8 image (HWC, top row first) into <paramref name="chw"/> (3 x size x size).
        /// </summary>
        public void Apply(ReadOnlySpan<byte> rgb, int size, Span<float> chw)
        {
            int plane = size * size;
            if (rgb.Length != plane * 3) throw new ArgumentException($"expected {plane * 3} RGB bytes for {size}x{size}, got {rgb.Length}", nameof(rgb));
            if (chw.Length < plane * 3) throw new ArgumentException($"output needs {plane * 3} floats, got {chw.Length}", nameof(chw));
            if (IsMeanImage && MeanImageSize != size)
                throw new ArgumentException($"the mean image is {MeanImageSize}x{MeanImageSize} but the network's input is {size}x{size}");
            for (int c = 0; c < 3; c++)
            {
                float inv = 1f / _std[c];
                var dst = chw.Slice(c * plane, plane);
                if (IsMeanImage)
                {
                    var mean = _mean.AsSpan(c * plane, plane);
                    for (int i = 0; i < plane; i++) dst[i] = (rgb[i * 3 + c] * PixelScale - mean[i]) * inv;
                }
                else
                {
                    float mean = _mean[c];
                    for (int i = 0; i < plane; i++) dst[i] = (rgb[i * 3 + c] * PixelScale - mean) * inv;
                }
            }
        }
    }
}
