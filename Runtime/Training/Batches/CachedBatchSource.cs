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
        readonly Part _train;
        readonly Part _validation;
        readonly Part _test;
        readonly string[] _labels;
        readonly InputPreprocessor _preprocessor;
        readonly ColorPca _pca;
        readonly AugmentationSettings[] _augmentations;

        // One part of the data: the cache its frames are in, which entries, and the cache's label index -> the model's.
        sealed class Part
        {
            public Part(FrameCache? cache, int[] entries, int[] labelMap)
            {
                Cache = cache;
                Entries = entries;
                LabelMap = labelMap;
            }

            public FrameCache? Cache { get; }
            public int[] Entries { get; }
            public int[] LabelMap { get; }
        }

        /// <param name="labels">The model's labels; every label of the caches must be among them.</param>
        /// <param name="train">The training cache (null for evaluation only).</param>
        /// <param name="validation">The cache the validation entries come from (may be the training cache).</param>
        /// <param name="test">The cache the test entries come from (null: no test part).</param>
        public CachedBatchSource(
            IReadOnlyList<string> labels, int inputSize, InputStatistics statistics,
            FrameCache? train, IReadOnlyList<int> trainEntries,
            FrameCache? validation, IReadOnlyList<int> validationEntries,
            FrameCache? test = null, IReadOnlyList<int>? testEntries = null)
        {
            _labels = labels.ToArray();
            InputSize = inputSize;
            Statistics = statistics;
            int stored = statistics.MeanImageSize;
            _train = NewPart(train, trainEntries, "training", stored);
            _validation = NewPart(validation, validationEntries, "validation", stored);
            _test = NewPart(test, testEntries ?? Array.Empty<int>(), "test", stored);
            _augmentations = new AugmentationSettings[4];
            for (int i = 0; i < _augmentations.Length; i++) _augmentations[i] = AugmentationSettings.For((AugmentationChoice)i, stored, inputSize);
            _preprocessor = new InputPreprocessor(statistics, inputSize);
            _pca = Pca(statistics);
        }

        Part NewPart(FrameCache? cache, IReadOnlyList<int> entries, string name, int stored)
        {
            if (cache == null) return new Part(null, Array.Empty<int>(), Array.Empty<int>());
            if (cache.StoredSize != stored) throw new ArgumentException($"the {name} cache {cache.Path} holds {cache.StoredSize}x{cache.StoredSize} frames, the statistics are for {stored}x{stored}");
            var map = new int[cache.Labels.Count];
            for (int i = 0; i < map.Length; i++)
            {
                map[i] = Array.IndexOf(_labels, cache.Labels[i]);
                if (map[i] < 0) throw new ArgumentException($"the {name} data ({cache.Path}) has label '{cache.Labels[i]}', which is not among the model's labels ({string.Join(", ", _labels)})");
            }
            return new Part(cache, entries.ToArray(), map);
        }

        Part PartOf(DatasetSplit split)
        {
            switch (split)
            {
                case DatasetSplit.Train: return _train;
                case DatasetSplit.Validation: return _validation;
                case DatasetSplit.Test: return _test;
                default: throw new ArgumentOutOfRangeException(nameof(split), split, "not a split");
            }
        }

        FrameCache CacheOf(DatasetSplit split) => PartOf(split).Cache ?? throw new InvalidOperationException($"this batch source has no {split} data");

        public IReadOnlyList<string> Labels => _labels;
        public int InputSize { get; }
        public InputStatistics Statistics { get; }
        /// <summary>What <paramref name="choice"/> means for this data's stored and input sizes.</summary>
        public AugmentationSettings Augmentation(AugmentationChoice choice)
        {
            int i = (int)choice;
            if (i < 0 || i >= _augmentations.Length) throw new ArgumentOutOfRangeException(nameof(choice), choice, "not an augmentation choice");
            return _augmentations[i];
        }
        public int StoredSize => Statistics.MeanImageSize;

        public int Count(DatasetSplit part) => PartOf(part).Entries.Length;

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

        /// <summary>Uses the training cache's own PCA (the exact eigen decomposition) instead of the rebuilt one.</summary>
        public ColorPca LightingPca => _train.Cache?.Pca ?? _pca;

        public void FillTraining(ReadOnlySpan<int> samples, ulong augmentationSeed, AugmentationChoice augmentation, Span<float> input, Span<int> labels)
        {
            var train = CacheOf(DatasetSplit.Train);
            var settings = Augmentation(augmentation);
            int stride = 3 * InputSize * InputSize;
            var pca = LightingPca;
            for (int i = 0; i < samples.Length; i++)
            {
                int entry = _train.Entries[samples[i]];
                _preprocessor.Apply(train.Frame(entry), Draw(augmentationSeed, i, settings, pca), input.Slice(i * stride, stride));
                labels[i] = _train.LabelMap[train.Entries[entry].LabelIndex];
            }
        }

        public void FillTrainingFrames(ReadOnlySpan<int> samples, ulong augmentationSeed, AugmentationChoice augmentation, Span<byte> frames, Span<AugmentParams> augment, Span<int> labels)
        {
            var train = CacheOf(DatasetSplit.Train);
            var settings = Augmentation(augmentation);
            int stride = 3 * StoredSize * StoredSize;
            if (frames.Length < samples.Length * stride) throw new ArgumentException($"frames hold {frames.Length} bytes; {samples.Length} frames of {StoredSize}x{StoredSize}x3 need {samples.Length * stride}", nameof(frames));
            var pca = LightingPca;
            for (int i = 0; i < samples.Length; i++)
            {
                int entry = _train.Entries[samples[i]];
                train.Frame(entry).CopyTo(frames.Slice(i * stride, stride));
                augment[i] = Draw(augmentationSeed, i, settings, pca);
                labels[i] = _train.LabelMap[train.Entries[entry].LabelIndex];
            }
        }

        // One generator per image, keyed by the batch seed and the position: a batch does not depend on threads.
        static AugmentParams Draw(ulong augmentationSeed, int position, AugmentationSettings settings, ColorPca pca)
        {
            var random = new SeededRandom(DropoutMask.Mix(augmentationSeed ^ DropoutMask.Mix((ulong)position)));
            return AugmentationSampler.Draw(random, settings, pca);
        }

        public void FillView(DatasetSplit part, ReadOnlySpan<int> samples, CropView view, Span<float> input, Span<int> labels)
        {
            var cache = CacheOf(part);
            var p = PartOf(part);
            int stride = 3 * InputSize * InputSize;
            for (int i = 0; i < samples.Length; i++)
            {
                int entry = p.Entries[samples[i]];
                _preprocessor.View(cache.Frame(entry), view, input.Slice(i * stride, stride));
                labels[i] = p.LabelMap[cache.Entries[entry].LabelIndex];
            }
        }

        /// <summary>The stored frame (S x S x 3 RGB) of a sample, for pictures of predictions.</summary>
        public byte[] StoredFrame(DatasetSplit part, int sample) => CacheOf(part).Frame(PartOf(part).Entries[sample]).ToArray();

        /// <summary>The model's label index of a sample.</summary>
        public int LabelOf(DatasetSplit part, int sample)
        {
            var p = PartOf(part);
            return p.LabelMap[CacheOf(part).Entries[p.Entries[sample]].LabelIndex];
        }

        /// <summary>The image file a sample came from (relative to its dataset's root).</summary>
        public string PathOf(DatasetSplit part, int sample) => CacheOf(part).Entries[PartOf(part).Entries[sample]].RelativePath;
    }
}
