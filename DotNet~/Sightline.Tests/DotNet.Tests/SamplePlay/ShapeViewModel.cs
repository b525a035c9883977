using System;
using System.IO;
using Sightline.Capture;
using Sightline.Classification;
using Sightline.Cpu;
using Sightline.Data;
using Sightline.Imaging;
using Sightline.Model;
using Sightline.Randomness;
using Sightline.Samples.CameraClassifier.EditorTools;
using Sightline.Training;
using Sightline.Training.Runs;
using Sightline.Training.Sessions;
using Sightline.Training.Checkpoints;
using Sightline.Unity.Models;
using Sightline.UnityPlayer;
using UnityEngine;

namespace Sightline.Tests.SamplePlay
{
    /// <summary>
    /// The mini AlexNet trained on views of the Camera Classifier sample's own scene, rendered by the harness from
    /// random poses in front of each shape (shown alone, as the sample's Shape Carousel shows it) and labelled by the
    /// pixels (the shape covering most of the view), at the
    /// size and aspect the classifier reads back. Trained once per test run on the CPU engine, a few epochs.
    /// </summary>
    internal static class ShapeViewModel
    {
        const int ViewsPerShape = 120;
        static byte[]? s_checkpoint;
        static string s_report = "";

        public static string Report => s_report;

        /// <summary>The trained model as the asset the importer would make of its .slckpt.</summary>
        public static SightlineModel Asset()
        {
            s_checkpoint ??= Train();
            var model = ScriptableObject.CreateInstance<SightlineModel>();
            model.name = "Shape views";
            model.SetModel(CheckpointFile.Parse("shape-views.slckpt", s_checkpoint).Model, "shape-views.slckpt");
            return model;
        }

        static byte[] Train()
        {
            string root = Directory.CreateTempSubdirectory("sightline-shape-views-").FullName;
            try
            {
                string data = Path.Combine(root, "data"), run = Path.Combine(root, "run");
                var spec = NetworkSpec.Mini(3);
                var size = ReadbackSize.For(1280, 720, FramePreprocessor.StoredSize(spec.InputSize));
                int views = 0;
                using (var player = new Player())
                using (var writer = DatasetWriter.Open(data, new DatasetWriterOptions { MaxPendingFrames = 4 * ViewsPerShape }))
                {
                    player.Build(CameraClassifierSceneBuilder.Build);
                    var rng = new SeededRandom(7);
                    var shapes = new[] { "Cube", "Sphere", "Cylinder" };
                    foreach (var shape in shapes)
                    {
                        // The sample's Shape Carousel shows one shape at a time (they stand in the same place): so do
                        // the training views, or every view would show the same front-most shape.
                        foreach (var other in shapes) player.Find(other).SetActive(other == shape);
                        var centre = player.Find(shape).transform.position;
                        for (int i = 0; i < ViewsPerShape; i++)
                        {
                            var pose = RandomPose(centre, rng);
                            var rgb = player.RenderView(pose.position, pose.rotation, 60f, size.Width, size.Height, out var coverage);
                            var label = ViewTruth.Label(player, coverage);
                            if (label == null) continue;
                            var details = new CaptureDetails
                            {
                                Split = i % 6 == 5 ? DatasetSplit.Validation : DatasetSplit.Train,
                                Source = "player harness",
                            };
                            if (!writer.Enqueue(new Frame(rgb, size.Width, size.Height), label, details)) throw new InvalidOperationException("the dataset writer dropped a training view");
                            views++;
                        }
                    }
                    writer.Flush();
                }
                var request = new TrainingJobRequest
                {
                    DataFolder = data,
                    RunFolder = run,
                    Preset = NetworkSpec.MiniPreset,
                    Settings = new TrainingSettings { Epochs = 16, BatchSize = 16, LearningRate = 0.01f, Patience = 5, Seed = 1 },
                    Stops = new StopConditions { TargetValidationError = 0.02, TimeBudgetSeconds = 150 },
                };
                using var job = TrainingJob.Open(request, (s, batch) => new CpuEngine(s, batch));
                var result = job.Run();
                if (result.ModelPath == null) throw new InvalidOperationException("training the shape-view model failed: " + result.Result.Message);
                s_report = $"{views} rendered views; {result.Result.Message}; {result.HonestSplit} top-1 {(result.Honest == null ? "n/a" : (100 * result.Honest.Top1Accuracy).ToString("0.0") + "%")}";
                return File.ReadAllBytes(result.ModelPath);
            }
            finally
            {
                try
                {
                    Directory.Delete(root, true);
                }
                catch (IOException)
                {
                }
            }
        }

        /// <summary>A camera 1.6 to 3 units from the shape, in front of it (from -z, as the sample's camera), looking at it.</summary>
        internal static (Vector3 position, Quaternion rotation) RandomPose(Vector3 centre, SeededRandom rng)
        {
            float azimuth = (rng.NextFloat() - 0.5f) * 1.6f;
            float elevation = 0.1f + rng.NextFloat() * 0.45f;
            float distance = 1.6f + rng.NextFloat() * 1.4f;
            var target = centre + new Vector3((rng.NextFloat() - 0.5f) * 0.4f, (rng.NextFloat() - 0.5f) * 0.3f, 0f);
            var offset = new Vector3(Mathf.Sin(azimuth) * Mathf.Cos(elevation), Mathf.Sin(elevation), -Mathf.Cos(azimuth) * Mathf.Cos(elevation)) * distance;
            var position = target + offset;
            return (position, Quaternion.LookRotation(target - position, Vector3.up));
        }
    }
}
