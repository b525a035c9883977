using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Sightline.Model;
using Sightline.Cli.Training;
using Sightline.Data;
using Sightline.Onnx;
using Sightline.Randomness;
using Sightline.Training;
using Sightline.Training.Checkpoints;
using Sightline.Training.Schedules;

namespace Sightline.Cli.Cluster
{
    /// <summary>
    /// The way back from a cluster: an ONNX model written by Tests/Reference/ddp_trainer.py (Sightline's layout and
    /// metadata, plus the training statistics and position under <see cref="TrainingKey"/>) as a checkpoint that
    /// `sightline train --resume` continues. The weights, labels, normalisation, PCA lighting, recipe, schedule and
    /// epoch carry over; momentum too when the trainer's momentum.bin is given, else it restarts from zero.
    /// </summary>
    public static class ClusterImport
    {
        /// <summary>
        /// JSON: {"meanImageSize", "meanImage" (base64 float32 [S, S, 3] HWC), "inputScale", "pcaVectors": [9], "pcaValues": [3],
        /// "recipe": the manifest's recipe with the cluster's position ("epochsDone", "step", "learningRate", "drops",
        /// "bestValidationError", "epochsSinceImprovement"), "history": [{"epoch", "validationTop1", "trainLoss", "learningRate"}]}.
        /// </summary>
        public const string TrainingKey = "sightline.training";

        public static Checkpoint ToCheckpoint(string onnxPath, string? momentumPath)
        {
            var model = OnnxImporter.Load(onnxPath);
            var props = OnnxImporter.ReadMetadata(onnxPath);
            if (!props.TryGetValue(TrainingKey, out var text))
                throw new FormatException($"{onnxPath} carries no '{TrainingKey}' metadata (ddp_trainer.py writes it); to train a model without it on your data, fine-tune it with `sightline train --from {onnxPath}`");
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            int size = root.GetProperty("meanImageSize").GetInt32();
            if (size != model.Spec.InputSize)
                throw new FormatException($"{onnxPath}: {TrainingKey} has a {size}x{size} mean image; the network's input is {model.Spec.InputSize}x{model.Spec.InputSize}");
            var mean = Floats(Convert.FromBase64String(root.GetProperty("meanImage").GetString() ?? ""));
            if (mean.Length != 3 * size * size) throw new FormatException($"{onnxPath}: {TrainingKey} has a mean image of {mean.Length} values; 3x{size}x{size} needs {3 * size * size}");
            // The exact scale training multiplies by (ONNX metadata carries its reciprocal, the std).
            var normalization = InputNormalization.MeanImage(mean, size, root.GetProperty("inputScale").GetSingle());
            var recipe = root.GetProperty("recipe");
            var (schedule, steps) = TrainingChoices.ParseSchedule(ScheduleText(recipe));
            var settings = new TrainingSettings
            {
                Epochs = recipe.GetProperty("epochs").GetInt32(),
                BatchSize = recipe.GetProperty("batch").GetInt32(),
                LearningRate = recipe.GetProperty("baseLearningRate").GetSingle(),
                Momentum = recipe.GetProperty("momentum").GetSingle(),
                WeightDecay = recipe.GetProperty("weightDecay").GetSingle(),
                Seed = recipe.GetProperty("seed").GetUInt64(),
                Augmentation = TrainingChoices.ParseAugmentation(recipe.GetProperty("augmentation").GetString()),
                Schedule = schedule,
                StepEpochs = steps,
                Patience = recipe.GetProperty("patience").GetInt32(),
                MaxDrops = recipe.GetProperty("maxDrops").GetInt32(),
                WarmupEpochs = recipe.GetProperty("warmupEpochs").GetInt32(),
            };
            int epochsDone = recipe.GetProperty("epochsDone").GetInt32();
            var state = new ScheduleState(recipe.GetProperty("learningRate").GetSingle(), recipe.GetProperty("bestValidationError").GetDouble(),
                recipe.GetProperty("drops").GetInt32(), recipe.GetProperty("epochsSinceImprovement").GetInt32());
            var training = new TrainingState
            {
                PcaEigenvectors = root.GetProperty("pcaVectors").EnumerateArray().Select(e => e.GetSingle()).ToArray(),
                PcaEigenvalues = root.GetProperty("pcaValues").EnumerateArray().Select(e => e.GetSingle()).ToArray(),
                Settings = settings,
                Schedule = state,
                Epoch = epochsDone,
                Step = recipe.GetProperty("step").GetInt64(),
                // Sightline's own order from here on: a generator seeded by the run's seed and the epochs done.
                RandomStates = new Dictionary<string, ulong[]> { ["epoch"] = new SeededRandom(settings.Seed ^ (ulong)epochsDone * 0x9E3779B97F4A7C15UL).GetState() },
                DropoutSeed = settings.Seed,
                History = History(root),
                Engine = "pytorch-ddp",
            };
            if (momentumPath != null)
            {
                var momentum = Floats(File.ReadAllBytes(momentumPath));
                if (momentum.Length != model.Spec.ParameterCount)
                    throw new FormatException($"{momentumPath} holds {momentum.Length} values; the {model.Spec} has {model.Spec.ParameterCount} parameters");
                training.Momentum = momentum;
            }
            // The model's normalisation (what classification uses) must be what training normalised with.
            var stored = model.Normalization;
            if (!stored.IsMeanImage || stored.MeanImageSize != size)
                throw new FormatException($"{onnxPath}: the model's sightline.mean is not a {size}x{size} mean image, unlike the one in {TrainingKey}");
            for (int i = 0; i < normalization.Mean.Count; i++)
                if (Math.Abs(normalization.Mean[i] - stored.Mean[i]) > 1e-3f)
                    throw new FormatException($"{onnxPath}: the mean image in {TrainingKey} does not match the model's sightline.mean (value {i}: {normalization.Mean[i]} vs {stored.Mean[i]})");
            return new Checkpoint(new TrainedModel(model.Spec, model.Parameters, model.Labels, normalization), training);
        }

        static string ScheduleText(JsonElement recipe)
        {
            string kind = recipe.GetProperty("schedule").GetString() ?? "plateau";
            if (kind != "steps") return kind;
            return "steps:" + string.Join(",", recipe.GetProperty("stepEpochs").EnumerateArray().Select(e => e.GetInt32().ToString(CultureInfo.InvariantCulture)));
        }

        static List<Sightline.Training.Metrics.EpochMetrics> History(JsonElement root)
        {
            var history = new List<Sightline.Training.Metrics.EpochMetrics>();
            if (!root.TryGetProperty("history", out var items)) return history;
            foreach (var e in items.EnumerateArray())
            {
                history.Add(new Sightline.Training.Metrics.EpochMetrics
                {
                    Epoch = e.GetProperty("epoch").GetInt32(),
                    LearningRate = e.GetProperty("learningRate").GetSingle(),
                    TrainLoss = e.GetProperty("trainLoss").GetDouble(),
                    ValidationTop1Error = e.TryGetProperty("validationTop1", out var v) && v.ValueKind == JsonValueKind.Number ? 1 - v.GetDouble() : double.NaN,
                });
            }
            return history;
        }

        static float[] Floats(byte[] bytes)
        {
            if (bytes.Length % 4 != 0) throw new FormatException($"float data of {bytes.Length} bytes is not a multiple of 4");
            var values = new float[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
            return values;
        }
    }
}
