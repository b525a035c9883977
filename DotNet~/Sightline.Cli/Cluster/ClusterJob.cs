using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Sightline.Cli.Training;
using Sightline.Data;
using Sightline.Onnx.Format;
using Sightline.Training.Checkpoints;
using Sightline.Training.Runs;
using Sightline.Training.Schedules;

namespace Sightline.Cli.Cluster
{
    /// <summary>
    /// The hand-off folder a PyTorch cluster trains from (Tests/Reference/ddp_trainer.py): the network, its weights and
    /// momentum, Sightline's split of the data, the normalisation, the PCA lighting and the recipe, all from one TrainingJob, so the
    /// cluster continues exactly the run Sightline would have trained.
    /// <code>
    /// manifest.json  {"format": 1, "dataRoot", "labels", "storedSize", "inputSize", "train"|"validation"|"test": [[path, label]],
    ///                 "spec": {"classes", "inputSize", "towers", "text", "init", "layers": [...]},
    ///                 "statistics": {"meanImageSize", "inputScale", "pcaVectors": [9], "pcaValues": [3]},
    ///                 "recipe": {"augmentation", "lightingStd", "epochs", "epochsDone", "step", "batch", "learningRate",
    ///                            "baseLearningRate", "momentum", "weightDecay", "schedule", "patience", "maxDrops", "stepEpochs",
    ///                            "drops", "bestValidationError", "epochsSinceImprovement", "warmupEpochs", "seed"},
    ///                 "onnxMetadata": {key: value}}   (what Sightline's own ONNX export writes for this model)
    /// params.bin     float32 flat parameters (Sightline's layout: per layer weights, then biases)
    /// momentum.bin   float32 SGD momentum, same layout
    /// mean.bin       float32 [3, I, I] the model's mean: the centre crop of the training frames' mean image (CHW, 0..255)
    /// </code>
    /// </summary>
    public static class ClusterJob
    {
        public const int Format = 1;
        public const string ManifestFile = "manifest.json";

        /// <summary>Writes the folder; returns the manifest's path.</summary>
        public static string Write(string folder, TrainingJob job, string dataFolder)
        {
            Directory.CreateDirectory(folder);
            var checkpoint = job.Session.CreateCheckpoint();
            var model = checkpoint.Model;
            var state = checkpoint.State;
            var source = job.Source;
            var normalization = model.Normalization;
            // The trainer applies one scale to 0..255 pixels, as Sightline's training does; a model with per-channel
            // std (an imported torchvision model) has no such scale to hand over.
            if (!normalization.IsUniform)
                throw new ArgumentException("the model's normalisation has a scale per channel or a pixel scale; the cluster trainer applies one scale to 0..255 pixels as Sightline's training does");
            WriteFloats(Path.Combine(folder, "params.bin"), model.Parameters);
            WriteFloats(Path.Combine(folder, "momentum.bin"), state.Momentum.Length > 0 ? state.Momentum : new float[model.Parameters.Length]);
            WriteFloats(Path.Combine(folder, "mean.bin"), normalization.MeanPlanes(source.InputSize));
            object[][] Items(DatasetSplit split) => Enumerable.Range(0, source.Count(split)).Select(i => new object[] { source.PathOf(split, i), source.LabelOf(split, i) }).ToArray();
            var settings = state.Settings;
            var pca = source.LightingPca;
            var metadata = new Dictionary<string, string>();
            foreach (var pair in OnnxMetadata.Write(model)) metadata[pair.Key] = pair.Value;
            var manifest = new
            {
                format = Format,
                dataRoot = Dataset.Open(dataFolder).Root,
                labels = source.Labels,
                storedSize = source.StoredSize,
                inputSize = source.InputSize,
                train = Items(DatasetSplit.Train),
                validation = Items(DatasetSplit.Validation),
                test = Items(DatasetSplit.Test),
                spec = SpecJson.Document(job.Spec),
                statistics = new
                {
                    meanImageSize = source.InputSize,
                    inputScale = normalization.Scale[0],
                    pcaVectors = pca.EigenVectors,
                    pcaValues = pca.EigenValues,
                },
                recipe = new
                {
                    augmentation = TrainingChoices.Name(settings.Augmentation),
                    lightingStd = source.Augmentation(settings.Augmentation).LightingStd,
                    epochs = settings.Epochs,
                    epochsDone = state.Epoch,
                    step = state.Step,
                    batch = job.Batch,
                    learningRate = state.Schedule.LearningRate,
                    baseLearningRate = settings.LearningRate,
                    momentum = settings.Momentum,
                    weightDecay = settings.WeightDecay,
                    schedule = settings.Schedule == ScheduleKind.Cosine ? "cosine" : settings.Schedule == ScheduleKind.Steps ? "steps" : "plateau",
                    stepEpochs = settings.StepEpochs,
                    patience = settings.Patience,
                    maxDrops = settings.MaxDrops,
                    drops = state.Schedule.Drops,
                    bestValidationError = state.Schedule.BestValidationError,
                    epochsSinceImprovement = state.Schedule.EpochsSinceImprovement,
                    warmupEpochs = settings.WarmupEpochs,
                    seed = settings.Seed,
                },
                onnxMetadata = metadata,
            };
            string path = Path.Combine(folder, ManifestFile);
            File.WriteAllText(path, JsonSerializer.Serialize(manifest));
            return path;
        }

        static void WriteFloats(string path, float[] values)
        {
            var bytes = new byte[values.Length * 4];
            Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            File.WriteAllBytes(path, bytes);
        }
    }
}
