using System;
using System.Collections.Generic;
using System.Linq;
using Sightline.Data;
using Sightline.Engines;
using Sightline.Randomness;

namespace Sightline.Training.Batches
{
    /// <summary>
    /// Batches from compiled frame caches: training crops with the paper's augmentation (AugmentationSampler,
    /// AugmentApply) and fixed test views, all normalised with one set of statistics: the training cache's for a
    /// new run, the checkpoint's when evaluating or resuming, so a validation or test set from another folder is
    /// normalised like the training data. Frames are read from the memory-mapped caches; nothing is decoded here.
    /// </summary>
    public sealed class CachedBatchSource : IFrameBatchSource
    {
        readonly FrameCache? _train;
        readonly int[] _trainEntries;
        readonly FrameCache? _validation;
        readonly int[] _validationEntries;
        readonly int[] _validationLabelMap;
        readonly string[] _labels;
        readonly InputPreprocessor _preprocessor;
        readonly ColorPca _pca;

        /// <param name="labels">The model's labels; every label of the caches must be among them.</param>
        /// <param name="train">The training cache (null for evaluation only).</param>
        /// <param name="validation">The cache the validation entries come from (may be the training cache).</param>
        public CachedBatchSource(
            IReadOnlyList<string> labels, int inputSize, InputStatistics statistics,
            FrameCache? train, IReadOnlyList<int> trainEntries,
            FrameCache? validation, IReadOnlyList<int> validationEntries,
            AugmentationSettings? augmentation = null)
        {
            _labels = labels.ToArray();
            InputSize = inputSize;
            Statistics = statistics;
            int stored = statistics.MeanImageSize;
            if (train != null && train.StoredSize != stored) throw new ArgumentException($"the training cache {train.Path} holds {train.StoredSize}x{train.StoredSize} frames, the statistics are for {stored}x{stored}");
            if (validation != null && validation.StoredSize != stored) throw new ArgumentException($"the validation cache {validation.Path} holds {validation.StoredSize}x{validation.StoredSize} frames, the statistics are for {stored}x{stored}");
            _train = train;
            _trainEntries = train == null ? Array.Empty<int>() : trainEntries.ToArray();
            _validation = validation;
            _validationEntries = validation == null ? Array.Empty<int>() : validationEntries.ToArray();
            if (train != null) CheckLabels(train, "training");
            _validationLabelMap = validation == null ? Array.Empty<int>() : CheckLabels(validation, "validation");
            Augmentation = augmentation ?? AugmentationSettings.Training(stored, inputSize);
            if (Augmentation.StoredSize != stored || Augmentation.InputSize != inputSize)
                throw new ArgumentException($"augmentation is set up for {Augmentation.StoredSize} -> {Augmentation.InputSize} pixels, the data for {stored} -> {inputSize}");
            _preprocessor = new InputPreprocessor(statistics, inputSize);
            _pca = Pca(statistics);
        }

        int[] CheckLabels(FrameCache cache, string part)
        {
            var map = new int[cache.Labels.Count];
            for (int i = 0; i < map.Length; i++)
            {
                map[i] = Array.IndexOf(_labels, cache.Labels[i]);
                if (map[i] < 0) throw new ArgumentException($"the {part} data ({cache.Path}) has label '{cache.Labels[i]}', which is not among the model's labels ({string.Join(", ", _labels)})");
            }
            return map;
        }

        public IReadOnlyList<string> Labels => _labels;
        public int InputSize { get; }
        public InputStatistics Statistics { get; }
        public AugmentationSettings Augmentation { get; }
        public int StoredSize => Statistics.MeanImageSize;

        public int Count(DataPart part) => part == DataPart.Train ? _trainEntries.Length : _validationEntries.Length;

        /// <summary>The mean image and PCA of a cache's training frames.</summary>
        public static InputStatistics StatisticsOf(FrameCache cache)
        {
            var vectors = new float[9];
            var values = new float[3];
            for (int i = 0; i < 9; i++) vectors[i] = (float)cache.Pca.EigenVectors[i];
            for (int i = 0; i < 3; i++) values[i] = (float)cache.Pca.EigenValues[i];
            return new InputStatistics((float[])cache.MeanImage.Clone(), cache.StoredSize, vectors, values, InputStatistics.ScaleFromCovariance(cache.Pca.Covariance));
        }

        // The lighting noise needs a ColorPca; rebuild its covariance from the stored eigen decomposition.
        static ColorPca Pca(InputStatistics statistics)
        {
            if (statistics.PcaEigenvalues.Length != 3) return ColorPca.Zero;
            var covariance = new double[9];
            for (int k = 0; k < 3; k++)
                for (int r = 0; r < 3; r++)
                    for (int c = 0; c < 3; c++)
                        covariance[r * 3 + c] += statistics.PcaEigenvalues[k] * (double)statistics.PcaEigenvectors[k * 3 + r] * statistics.PcaEigenvectors[k * 3 + c];
            return new ColorPca(covariance);
        }

        /// <summary>Uses the training cache's own PCA (exactly what a DataLoader on that cache would use) instead of the rebuilt one.</summary>
        public ColorPca LightingPca => _train?.Pca ?? _pca;

        public void FillTraining(ReadOnlySpan<int> samples, ulong augmentationSeed, Span<float> input, Span<int> labels)
        {
            var train = TrainingCache();
            int stride = 3 * InputSize * InputSize;
            var pca = LightingPca;
            for (int i = 0; i < samples.Length; i++)
            {
                int entry = _trainEntries[samples[i]];
                _preprocessor.Apply(train.Frame(entry), Draw(augmentationSeed, i, pca), input.Slice(i * stride, stride));
                labels[i] = train.Entries[entry].LabelIndex;
            }
        }

        public void FillTrainingFrames(ReadOnlySpan<int> samples, ulong augmentationSeed, Span<byte> frames, Span<AugmentParams> augment, Span<int> labels)
        {
            var train = TrainingCache();
            int stride = 3 * StoredSize * StoredSize;
            if (frames.Length < samples.Length * stride) throw new ArgumentException($"frames hold {frames.Length} bytes; {samples.Length} frames of {StoredSize}x{StoredSize}x3 need {samples.Length * stride}", nameof(frames));
            var pca = LightingPca;
            for (int i = 0; i < samples.Length; i++)
            {
                int entry = _trainEntries[samples[i]];
                train.Frame(entry).CopyTo(frames.Slice(i * stride, stride));
                augment[i] = Draw(augmentationSeed, i, pca);
                labels[i] = train.Entries[entry].LabelIndex;
            }
        }

        FrameCache TrainingCache() => _train ?? throw new InvalidOperationException("this batch source has no training data");

        // One generator per image, keyed by the batch seed and the position: a batch does not depend on threads.
        AugmentParams Draw(ulong augmentationSeed, int position, ColorPca pca)
        {
            var random = new SeededRandom(DropoutMask.Mix(augmentationSeed ^ DropoutMask.Mix((ulong)position)));
            return AugmentationSampler.Draw(random, Augmentation, pca);
        }

        public void FillView(DataPart part, ReadOnlySpan<int> samples, CropView view, Span<float> input, Span<int> labels)
        {
            var cache = part == DataPart.Train ? _train : _validation;
            var entries = part == DataPart.Train ? _trainEntries : _validationEntries;
            if (cache == null) throw new InvalidOperationException($"this batch source has no {part} data");
            int stride = 3 * InputSize * InputSize;
            for (int i = 0; i < samples.Length; i++)
            {
                int entry = entries[samples[i]];
                _preprocessor.View(cache.Frame(entry), view, input.Slice(i * stride, stride));
                int label = cache.Entries[entry].LabelIndex;
                labels[i] = part == DataPart.Train ? label : _validationLabelMap[label];
            }
        }

        /// <summary>The stored frame (S x S x 3 RGB) of a sample, for pictures of predictions.</summary>
        public byte[] StoredFrame(DataPart part, int sample)
        {
            var cache = part == DataPart.Train ? _train : _validation;
            var entries = part == DataPart.Train ? _trainEntries : _validationEntries;
            if (cache == null) throw new InvalidOperationException($"this batch source has no {part} data");
            return cache.Frame(entries[sample]).ToArray();
        }

        /// <summary>The image file a sample came from.</summary>
        public string PathOf(DataPart part, int sample)
        {
            var cache = part == DataPart.Train ? _train : _validation;
            var entries = part == DataPart.Train ? _trainEntries : _validationEntries;
            if (cache == null) throw new InvalidOperationException($"this batch source has no {part} data");
            return cache.Entries[entries[sample]].RelativePath;
        }
    }
}
