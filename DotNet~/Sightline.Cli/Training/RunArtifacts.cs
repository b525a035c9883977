using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Sightline.Data;
using Sightline.Cli.Pictures;
using Sightline.Training.Batches;
using Sightline.Training.Evaluation;
using Sightline.Training.Metrics;

namespace Sightline.Cli.Training
{
    /// <summary>What a finished run leaves next to its checkpoints: metrics.json and the pictures.</summary>
    public static class RunArtifacts
    {
        public const string MetricsFile = "metrics.json";

        public static void Write(TrainOutcome outcome, CachedBatchSource source)
        {
            var folder = outcome.Folder;
            folder.Create();
            File.WriteAllText(Path.Combine(folder.Path, MetricsFile), JsonSerializer.Serialize(outcome.Result.History.Select(ToJson).ToArray(), new JsonSerializerOptions { WriteIndented = true }));
            var history = outcome.Result.History;
            if (history.Count > 0)
            {
                Save(outcome, "loss.png", path => TrainingCurves.SaveLoss(history, path));
                Save(outcome, "accuracy.png", path => TrainingCurves.SaveAccuracy(history, path));
            }
            var validation = outcome.Validation;
            if (validation != null && validation.Count > 0)
            {
                Save(outcome, "confusion.png", path => ConfusionPicture.Save(validation.Confusion, path));
                Save(outcome, "predictions.png", path => PredictionGrid.Save(SampleTiles(validation, source, 32), path));
            }
        }

        static void Save(TrainOutcome outcome, string name, Action<string> draw)
        {
            string path = Path.Combine(outcome.Folder.Path, name);
            try
            {
                draw(path);
                outcome.Pictures.Add(path);
            }
            catch (Exception e) when (e is IOException || e is TypeInitializationException || e is DllNotFoundException || e is InvalidOperationException)
            {
                // A picture is a convenience: a missing native plotting library must not lose a finished run.
                outcome.Notices.Add($"could not draw {path}: {e.Message}");
            }
        }

        /// <summary>Up to <paramref name="count"/> validation predictions, the mistakes first, each captioned.</summary>
        static IReadOnlyList<PredictionGrid.Tile> SampleTiles(EvaluationResult validation, CachedBatchSource source, int count)
        {
            var wrong = validation.Predictions.Where(p => !p.Correct).Take(count / 2).ToArray();
            // Right answers spread over the whole part (frames come in label order), so every class shows.
            var right = validation.Predictions.Where(p => p.Correct).ToArray();
            int wanted = Math.Min(count - wrong.Length, right.Length);
            var spread = Enumerable.Range(0, wanted).Select(i => right[(int)((long)i * right.Length / Math.Max(1, wanted))]);
            var chosen = wrong.Concat(spread).ToArray();
            int size = source.StoredSize;
            return chosen.Select(p => new PredictionGrid.Tile(
                source.StoredFrame(DatasetSplit.Validation, p.Sample), size, size,
                $"{source.Labels[p.Predicted]} {p.Probability.ToString("P0", CultureInfo.InvariantCulture)}" + (p.Correct ? "" : $"\n(is {source.Labels[p.Actual]})"),
                p.Correct)).ToArray();
        }

        public static object ToJson(EpochMetrics m) => new
        {
            epoch = m.Epoch,
            learningRate = m.LearningRate,
            trainLoss = Finite(m.TrainLoss),
            trainTop1Error = Finite(m.TrainTop1Error),
            trainTop5Error = Finite(m.TrainTop5Error),
            validationLoss = Finite(m.ValidationLoss),
            validationTop1Error = Finite(m.ValidationTop1Error),
            validationTop5Error = Finite(m.ValidationTop5Error),
            seconds = m.Seconds,
            imagesPerSecond = m.ImagesPerSecond,
        };

        /// <summary>JSON has no NaN: missing numbers are null.</summary>
        public static double? Finite(double value) => double.IsNaN(value) || double.IsInfinity(value) ? (double?)null : value;
    }
}
