using System;
using Sightline.Data;

namespace Sightline.Training.Batches
{
    /// <summary>
    /// Turns a stored frame (S x S x 3 RGB bytes, top row first) into network input exactly as training did: a crop
    /// (AugmentApply), minus the centre crop of the mean image, times the input scale. Use it to classify new frames
    /// with a checkpoint's statistics.
    /// </summary>
    public sealed class InputPreprocessor
    {
        readonly float[] _meanCrop;
        readonly AugmentParams[] _views;

        public InputPreprocessor(InputStatistics statistics, int inputSize)
        {
            Statistics = statistics;
            InputSize = inputSize;
            _meanCrop = AugmentApply.MeanCrop(statistics.MeanImage, statistics.MeanImageSize, inputSize);
            _views = AugmentationSampler.TenViews(statistics.MeanImageSize, inputSize);
        }

        public InputStatistics Statistics { get; }
        public int InputSize { get; }
        public int StoredSize => Statistics.MeanImageSize;
        /// <summary>Floats per image: 3 x input x input.</summary>
        public int InputLength => 3 * InputSize * InputSize;

        /// <summary>One of the fixed test views (the centre crop for real-time use).</summary>
        public void View(ReadOnlySpan<byte> frame, CropView view, Span<float> output) => Apply(frame, _views[(int)view], output);

        /// <summary>A crop with the given augmentation (training).</summary>
        public void Apply(ReadOnlySpan<byte> frame, AugmentParams crop, Span<float> output)
        {
            AugmentApply.Apply(frame, StoredSize, crop, _meanCrop, InputSize, output);
            float scale = Statistics.InputScale;
            if (scale == 1f) return;
            for (int i = 0; i < InputLength; i++) output[i] *= scale;
        }
    }
}
