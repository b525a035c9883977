using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Sightline.Data;
using Sightline.Model;

namespace Sightline.Training.Batches
{
    /// <summary>
    /// Opens dataset folders (Sightline datasets or ImageFolder trees), builds or reuses their frame caches and
    /// chooses the parts: training frames from the training split; validation frames (which choose the best
    /// checkpoint and drive the schedule) from a separate folder, else the dataset's validation split, else a stable,
    /// stratified tenth of each label held out (<see cref="TrainValidationSplit"/>); test frames from the dataset's
    /// test split, never used to choose anything. Owns the caches.
    /// </summary>
    public sealed class DatasetBatches : IDisposable
    {
        /// <summary>Without a validation split, this fraction of each label's training frames is held out for validation.</summary>
        public const double HoldOutFraction = 0.1;

        readonly List<FrameCache> _caches = new List<FrameCache>();

        DatasetBatches()
        {
        }

        public CachedBatchSource Source { get; private set; } = null!;
        /// <summary>What was chosen, in words ("1800 training frames, 200 validation frames held out from data").</summary>
        public string Description { get; private set; } = string.Empty;
        /// <summary>Evaluation: which frames are scored ("test split", "validation split" or "all frames").</summary>
        public string EvaluatedPart { get; private set; } = string.Empty;
        /// <summary>Frames the caches could not decode, each with its file and problem.</summary>
        public IReadOnlyList<DatasetProblem> Skipped => _caches.SelectMany(c => c.Skipped).ToArray();
        /// <summary>The dataset's labels (training) or the model's labels (evaluation).</summary>
        public IReadOnlyList<string> Labels => Source.Labels;

        /// <summary>
        /// Training data. <paramref name="normalization"/> and <paramref name="labels"/> come from a checkpoint's model
        /// when resuming (null for a new run: the training cache's mean and scale and the dataset's labels).
        /// </summary>
        public static DatasetBatches ForTraining(string dataFolder, string? validationFolder, int inputSize, int storedSize,
            InputNormalization? normalization = null, IReadOnlyList<string>? labels = null, FrameCacheOptions? cacheOptions = null,
            IProgress<CacheBuildProgress>? progress = null, CancellationToken cancellation = default)
        {
            var result = new DatasetBatches();
            try
            {
                var data = Dataset.Open(dataFolder);
                var train = result.Cache(data, storedSize, cacheOptions, progress, cancellation);
                var split = TrainValidationSplit.Of(train, HoldOutFraction);
                var trainEntries = split.Train;
                if (trainEntries.Length == 0) throw DatasetException.At(data.Root, "has no training frames (no readable images in class folders)");
                FrameCache validation;
                int[] validationEntries;
                string from;
                if (validationFolder != null)
                {
                    var other = Dataset.Open(validationFolder);
                    validation = result.Cache(other, storedSize, cacheOptions, progress, cancellation);
                    validationEntries = validation.EntriesIn(DatasetSplit.Validation);
                    if (validationEntries.Length == 0) validationEntries = Enumerable.Range(0, validation.Count).ToArray();
                    // The dataset's own validation frames were not trained on either; with a separate folder they rest.
                    trainEntries = train.EntriesIn(DatasetSplit.Train);
                    from = $"from {other.Root}";
                }
                else
                {
                    validation = train;
                    validationEntries = split.Validation;
                    from = split.HeldOut
                        ? $"held out ({100 * HoldOutFraction:0}% of each label, chosen by a hash of the file name; the dataset has no validation split)"
                        : "from the dataset's validation split";
                }
                var testEntries = train.EntriesIn(DatasetSplit.Test);
                var names = labels ?? train.Labels.Names;
                result.Source = new CachedBatchSource(names, inputSize, storedSize, normalization ?? CachedBatchSource.NormalizationOf(train, inputSize), train, trainEntries, validation, validationEntries,
                    testEntries.Length > 0 ? train : null, testEntries);
                result.Description = $"{trainEntries.Length} training frames and {validationEntries.Length} validation frames {from}" +
                    (testEntries.Length > 0 ? $", {testEntries.Length} test frames (never used to choose a checkpoint)" : "") + $", {names.Count} classes";
                return result;
            }
            catch
            {
                result.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Evaluation data for a model: the dataset's test split if it has one, else its validation split, else all
        /// its frames at the model's stored size, normalised with the model's normalisation and mapped to its labels.
        /// </summary>
        public static DatasetBatches ForEvaluation(string dataFolder, TrainedModel model,
            FrameCacheOptions? cacheOptions = null, IProgress<CacheBuildProgress>? progress = null, CancellationToken cancellation = default)
        {
            var result = new DatasetBatches();
            try
            {
                var data = Dataset.Open(dataFolder);
                var cache = result.Cache(data, model.Spec.StoredSize, cacheOptions, progress, cancellation);
                var entries = cache.EntriesIn(DatasetSplit.Test);
                string part = "test split";
                if (entries.Length == 0)
                {
                    entries = cache.EntriesIn(DatasetSplit.Validation);
                    part = "validation split";
                }
                if (entries.Length == 0)
                {
                    entries = Enumerable.Range(0, cache.Count).ToArray();
                    part = "all frames";
                }
                if (entries.Length == 0) throw DatasetException.At(data.Root, "has no readable frames to evaluate");
                result.Source = new CachedBatchSource(model.Labels, model.Spec.InputSize, model.Spec.StoredSize, model.Normalization, null, Array.Empty<int>(), cache, entries);
                result.Description = $"{entries.Length} frames ({part} of {data.Root})";
                result.EvaluatedPart = part;
                return result;
            }
            catch
            {
                result.Dispose();
                throw;
            }
        }

        FrameCache Cache(Dataset data, int storedSize, FrameCacheOptions? options, IProgress<CacheBuildProgress>? progress, CancellationToken cancellation)
        {
            var cache = FrameCache.OpenOrBuild(data, storedSize, options, progress, cancellation);
            _caches.Add(cache);
            return cache;
        }

        public void Dispose()
        {
            foreach (var cache in _caches) cache.Dispose();
            _caches.Clear();
        }
    }
}
