using System;
using System.Collections.Generic;
using Sightline.Data;
using Sightline.Model;

namespace Sightline.Training.Batches
{
    /// <summary>
    /// Where a training session gets its batches: [batch, 3, input, input] fp32, mean-subtracted, plus labels. A
    /// training batch is a pure function of (samples, augmentation seed, augmentation choice), and a test view of (samples, view), so a
    /// run is reproducible and resumable without the source keeping any state. Fill methods may be called from a
    /// background thread (one call at a time).
    /// </summary>
    public interface IBatchSource
    {
        /// <summary>Class names by label index.</summary>
        IReadOnlyList<string> Labels { get; }
        /// <summary>Side of the crops it fills (the spec's input size).</summary>
        int InputSize { get; }
        /// <summary>What the crops are normalised with (the model's normalisation).</summary>
        InputNormalization Normalization { get; }
        /// <summary>The training frames' RGB PCA, for the paper's lighting noise (zero without training frames).</summary>
        ColorPca LightingPca { get; }

        int Count(DatasetSplit part);

        /// <summary>
        /// Training crops of the given training samples with the crop, flip and PCA lighting of
        /// <paramref name="augmentation"/> drawn from <paramref name="augmentationSeed"/>.
        /// </summary>
        void FillTraining(ReadOnlySpan<int> samples, ulong augmentationSeed, AugmentationChoice augmentation, Span<float> input, Span<int> labels);

        /// <summary>One fixed view of the given samples of <paramref name="part"/>.</summary>
        void FillView(DatasetSplit part, ReadOnlySpan<int> samples, CropView view, Span<float> input, Span<int> labels);
    }
}
