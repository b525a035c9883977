using System;
using System.Collections.Generic;
using System.Linq;
using Sightline.Data;
using Sightline.Engines;
using Sightline.Model;
using Sightline.Randomness;

namespace Sightline.Training.Batches
{
    /// <summary>
    /// Batches from compiled frame caches: training crops with the paper's augmentation (AugmentationSampler,
    /// AugmentApply) and fixed test views, all normalised with one <see cref="InputNormalization"/>: the training
    /// cache's for a new run, the model's when evaluating or resuming, so a validation or test set from another
    /// folder is normalised like the training data. Frames are read from the memory-mapped caches; nothing is decoded here.
    /// </summary>
    public sealed class CachedBatchSource : IFrameBatchSource
    {
        readonly Part _train;
        readonly Part _validation;
        readonly Part _test;
        readonly string[] _labels;
        readonly AugmentationSettings[] _augmentations;
        readonly AugmentParams[] _views;

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
            IReadOnlyList<string> labels, int inputSize, int storedSize, InputNormalization normalization,
            FrameCache? train, IReadOnlyList<int> trainEntries,
            FrameCache? validation, IReadOnlyList<int> validationEntries,
            FrameCache? test = null, IReadOnlyList<int>? testEntries = null)
        {
            _labels = labels.ToArray();
            InputSize = inputSize;
            if (storedSize < inputSize) throw new ArgumentException($"stored frames of {storedSize}x{storedSize} are smaller than the {inputSize}x{inputSize} input", nameof(storedSize));
            if (!normalization.IsUniform) throw new ArgumentException("training and evaluation crops need a normalisation with 0..255 pixels and one scale (a Sightline-trained model's)", nameof(normalization));
            Normalization = normalization;
            StoredSize = storedSize;
            int stored = storedSize;
            _train = NewPart(train, trainEntries, "training", stored);
            _validation = NewPart(validation, validationEntries, "validation", stored);
            _test = NewPart(test, testEntries ?? Array.Empty<int>(), "test", stored);
            _augmentations = new AugmentationSettings[4];
            for (int i = 0; i < _augmentations.Length; i++) _augmentations[i] = AugmentationSettings.For((AugmentationChoice)i, stored, inputSize);
            _views = AugmentationSampler.TenViews(stored, inputSize);
        }

        Part NewPart(FrameCache? cache, IReadOnlyList<int> entries, string name, int stored)
        {
            if (cache == null) return new Part(null, Array.Empty<int>(), Array.Empty<int>());
            if (cache.StoredSize != stored) throw new ArgumentException($"the {name} cache {cache.Path} holds {cache.StoredSize}x{cache.StoredSize} frames, the model's frames are {stored}x{stored}");
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
        public InputNormalization Normalization { get; }
        /// <summary>What <paramref name="choice"/> means for this data's stored and input sizes.</summary>
        public AugmentationSettings Augmentation(AugmentationChoice choice)
        {
            int i = (int)choice;
            if (i < 0 || i >= _augmentations.Length) throw new ArgumentOutOfRangeException(nameof(choice), choice, "not an augmentation choice");
            return _augmentations[i];
        }
        public int StoredSize { get; }

        public int Count(DatasetSplit part) => PartOf(part).Entries.Length;

        /// <summary>What a new run normalises with: the centre crop of the training cache's mean image and 1 / its pixels' std.</summary>
        public static InputNormalization NormalizationOf(FrameCache cache, int inputSize) =>
            InputNormalization.FromStoredMean(cache.MeanImage, cache.StoredSize, inputSize, InputNormalization.ScaleFromCovariance(cache.Pca.Covariance));

        /// <summary>The training cache's PCA (zero without training frames): lighting noise only ever applies to training crops.</summary>
        public ColorPca LightingPca => _train.Cache?.Pca ?? ColorPca.Zero;

        public void FillTraining(ReadOnlySpan<int> samples, ulong augmentationSeed, AugmentationChoice augmentation, Span<float> input, Span<int> labels)
        {
            var train = CacheOf(DatasetSplit.Train);
            var settings = Augmentation(augmentation);
            int stride = 3 * InputSize * InputSize;
            var pca = LightingPca;
            for (int i = 0; i < samples.Length; i++)
            {
                int entry = _train.Entries[samples[i]];
                Normalization.Apply(train.Frame(entry), StoredSize, Draw(augmentationSeed, i, settings, pca), InputSize, input.Slice(i * stride, stride));
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
                Normalization.Apply(cache.Frame(entry), StoredSize, _views[(int)view], InputSize, input.Slice(i * stride, stride));
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
