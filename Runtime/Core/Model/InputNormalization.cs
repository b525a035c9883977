using System;
using System.Collections.Generic;
using Sightline.Data;

namespace Sightline.Model
{
    /// <summary>
    /// What the network expects of its input, the one description training, checkpoints, model files, ONNX metadata
    /// and classification share: value = (pixel * PixelScale - mean) * Scale, per channel, where the mean is either one
    /// value per channel or the paper's per-pixel mean image at the network's input size (3 x size x size, CHW: the
    /// centre crop of the training frames' mean, the same for every crop). Sightline's own models use pixels 0..255, a
    /// mean image and one scale of 1 / (the training pixels' standard deviation); torchvision's use 0..1 with
    /// ImageNet's mean and 1 / std.
    /// </summary>
    /// <remarks>
    /// The scale is a multiplier, not a std: training multiplies by it (<see cref="Apply(ReadOnlySpan{byte}, int, AugmentParams, Span{float})"/>,
    /// the CUDA augment kernel), so storing it as is keeps a classified frame bit for bit equal to the training view
    /// of the same pixels. <see cref="Std"/> (1 / scale) is what ONNX metadata has always carried.
    /// </remarks>
    public sealed class InputNormalization
    {
        readonly float[] _mean;
        readonly float[] _scale;

        /// <summary>Pixels 0..255 minus <paramref name="mean"/> (3 values, or a mean image of that size), scale 1.</summary>
        public InputNormalization(float[] mean, int meanImageSize = 0)
            : this(mean, meanImageSize, null, 1f)
        {
        }

        // Private so that no call can pass a std where the scale goes (the two are reciprocals): FromScale and
        // FromStd name what they take.
        InputNormalization(float[] mean, int meanImageSize, float[]? scale, float pixelScale)
        {
            if (mean == null) throw new ArgumentNullException(nameof(mean));
            if (meanImageSize < 0) throw new ArgumentOutOfRangeException(nameof(meanImageSize), meanImageSize, "mean image size must not be negative");
            long expected = meanImageSize == 0 ? 3 : 3L * meanImageSize * meanImageSize;
            if (mean.Length != expected)
                throw new ArgumentException(meanImageSize == 0
                    ? $"a per-channel mean has 3 values, got {mean.Length}"
                    : $"a {meanImageSize}x{meanImageSize} mean image has {expected} values (3 x {meanImageSize} x {meanImageSize}), got {mean.Length}", nameof(mean));
            scale ??= new[] { 1f, 1f, 1f };
            if (scale.Length != 3) throw new ArgumentException($"the scale has one value per channel (3), got {scale.Length}", nameof(scale));
            foreach (var s in scale)
                if (!(s > 0f) || float.IsInfinity(s)) throw new ArgumentException($"scale values must be positive and finite (got {s})", nameof(scale));
            if (!(pixelScale > 0f) || float.IsInfinity(pixelScale)) throw new ArgumentOutOfRangeException(nameof(pixelScale), pixelScale, "pixel scale must be positive and finite");
            _mean = (float[])mean.Clone();
            _scale = (float[])scale.Clone();
            MeanImageSize = meanImageSize;
            PixelScale = pixelScale;
        }

        /// <summary>3 values (per channel) or 3 x size x size (the mean image at the input size, CHW).</summary>
        public IReadOnlyList<float> Mean => _mean;
        /// <summary>Side of the mean image (the network's input size); 0 when the mean is per channel.</summary>
        public int MeanImageSize { get; }
        public bool IsMeanImage => MeanImageSize > 0;
        /// <summary>Multiplies each channel after the mean is subtracted (1 / std).</summary>
        public IReadOnlyList<float> Scale => _scale;
        /// <summary>1 / <see cref="Scale"/>, per channel: the std of (pixel * PixelScale - mean) ONNX metadata carries.</summary>
        public float[] Std => new[] { 1f / _scale[0], 1f / _scale[1], 1f / _scale[2] };
        /// <summary>Multiplies the 0..255 pixel before the mean is subtracted (1/255 for torchvision models).</summary>
        public float PixelScale { get; }
        /// <summary>One scale for all three channels and 0..255 pixels: what training and the GPU's frame input apply.</summary>
        public bool IsUniform => PixelScale == 1f && _scale[0] == _scale[1] && _scale[1] == _scale[2];

        /// <summary>No change: pixels 0..255 go in as they are.</summary>
        public static InputNormalization None => new InputNormalization(new[] { 0f, 0f, 0f });

        public static InputNormalization PerChannel(float red, float green, float blue) => new InputNormalization(new[] { red, green, blue });

        /// <summary>The paper's per-pixel mean (0..255 scale), CHW at the network's input size, times <paramref name="scale"/>.</summary>
        public static InputNormalization MeanImage(float[] chw, int size, float scale = 1f) => new InputNormalization(chw, size, new[] { scale, scale, scale }, 1f);

        /// <summary>
        /// What training learned from its frames: the centre <paramref name="inputSize"/> crop of the mean image
        /// (HWC at the stored size, as FrameCache.MeanImage) and <paramref name="scale"/> (see <see cref="ScaleFromCovariance"/>).
        /// </summary>
        public static InputNormalization FromStoredMean(float[] meanImage, int storedSize, int inputSize, float scale) =>
            MeanImage(AugmentApply.MeanCrop(meanImage, storedSize, inputSize), inputSize, scale);

        /// <summary>Mean and a multiplier per channel, as training applies them.</summary>
        public static InputNormalization FromScale(float[] mean, int meanImageSize, float[] scale, float pixelScale = 1f)
        {
            if (scale == null) throw new ArgumentNullException(nameof(scale));
            return new InputNormalization(mean, meanImageSize, scale, pixelScale);
        }

        /// <summary>Mean and std per channel, as ONNX metadata and torchvision describe them.</summary>
        public static InputNormalization FromStd(float[] mean, int meanImageSize, float[] std, float pixelScale)
        {
            if (std == null) throw new ArgumentNullException(nameof(std));
            if (std.Length != 3) throw new ArgumentException($"std has one value per channel (3), got {std.Length}", nameof(std));
            foreach (var s in std)
                if (!(s > 0f) || float.IsInfinity(s)) throw new ArgumentException($"std values must be positive and finite (got {s})", nameof(std));
            return new InputNormalization(mean, meanImageSize, new[] { 1f / std[0], 1f / std[1], 1f / std[2] }, pixelScale);
        }

        /// <summary>torchvision's ImageNet preprocessing: pixels / 255, mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225).</summary>
        public static InputNormalization TorchvisionImageNet =>
            FromStd(new[] { 0.485f, 0.456f, 0.406f }, 0, new[] { 0.229f, 0.224f, 0.225f }, 1f / 255f);

        /// <summary>
        /// The scale Sightline trains with: 1 / the RGB standard deviation (0..255 units) of a covariance on the
        /// [0, 1] scale (row-major 3x3). He initialisation assumes inputs of about unit variance; at the raw scale the
        /// first layer's gradients are ~100x too large and SGD at the paper's learning rate explodes (measured).
        /// </summary>
        public static float ScaleFromCovariance(double[] covariance)
        {
            double variance = (covariance[0] + covariance[4] + covariance[8]) / 3.0;
            if (!(variance > 1e-12)) return 1f;
            return (float)(1.0 / (255.0 * Math.Sqrt(variance)));
        }

        /// <summary>The mean as full planes at <paramref name="size"/> (3 x size x size, CHW), per-channel means spread out.</summary>
        public float[] MeanPlanes(int size)
        {
            if (IsMeanImage)
            {
                if (MeanImageSize != size) throw new ArgumentException($"the mean image is {MeanImageSize}x{MeanImageSize} but the network's input is {size}x{size}");
                return (float[])_mean.Clone();
            }
            int plane = size * size;
            var planes = new float[3 * plane];
            for (int c = 0; c < 3; c++) planes.AsSpan(c * plane, plane).Fill(_mean[c]);
            return planes;
        }

        /// <summary>
        /// Normalises a size x size RGB8 image (HWC, top row first) into <paramref name="chw"/> (3 x size x size): the
        /// classifier's path (FramePreprocessor.Prepare).
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
                float scale = _scale[c];
                var dst = chw.Slice(c * plane, plane);
                if (IsMeanImage)
                {
                    var mean = _mean.AsSpan(c * plane, plane);
                    for (int i = 0; i < plane; i++) dst[i] = (rgb[i * 3 + c] * PixelScale - mean[i]) * scale;
                }
                else
                {
                    float mean = _mean[c];
                    for (int i = 0; i < plane; i++) dst[i] = (rgb[i * 3 + c] * PixelScale - mean) * scale;
                }
            }
        }

        /// <summary>
        /// A training or test view of a stored S x S RGB8 frame: <see cref="AugmentApply"/>'s crop, flip and lighting
        /// minus the mean, then times the scale (the formula the CUDA augment kernel reproduces bit for bit). Needs
        /// <see cref="IsUniform"/>.
        /// </summary>
        public void Apply(ReadOnlySpan<byte> frame, int storedSize, AugmentParams view, int inputSize, Span<float> output)
        {
            if (!IsUniform) throw new InvalidOperationException("augmented views need 0..255 pixels and one scale for all channels (a Sightline-trained normalisation)");
            AugmentApply.Apply(frame, storedSize, view, PlanesAt(inputSize), inputSize, output);
            float scale = _scale[0];
            if (scale == 1f) return;
            int length = 3 * inputSize * inputSize;
            for (int i = 0; i < length; i++) output[i] *= scale;
        }

        // The mean planes for the last input size asked, kept: training asks for them once per image. A race only
        // computes them twice (the reference is swapped whole).
        float[] PlanesAt(int size)
        {
            var cached = _planes;
            if (cached != null && cached.Length == 3 * size * size) return cached;
            var planes = MeanPlanes(size);
            _planes = planes;
            return planes;
        }

        float[]? _planes;
    }
}
