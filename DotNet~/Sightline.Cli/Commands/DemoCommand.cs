using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Sightline.Cli.Pictures;
using Sightline.Cli.Training;
using Sightline.Data;
using Sightline.Classification;
using Sightline.Model;
using Sightline.Onnx;
using Sightline.Render;
using Sightline.Training.Batches;
using Sightline.Training.Checkpoints;
using Sightline.Training.Evaluation;
using Sightline.Training.Sessions;

namespace Sightline.Cli.Commands
{
    /// <summary>
    /// `sightline demo`: renders a dataset of 3D shapes (train, validation and test splits), trains the mini AlexNet on
    /// it (the validation split chooses the best checkpoint and may stop training early), scores that checkpoint on
    /// the test split, writes the checkpoint and pictures, and classifies a few views it has never seen. Exits 1 when
    /// the test top-1 misses <see cref="PassingTop1"/>.
    /// </summary>
    public static class DemoCommand
    {
        public static Command Create()
        {
            var output = new Option<string>("--out") { Description = "folder for the dataset (data/) and the run (run/); both are replaced", DefaultValueFactory = _ => DefaultOut };
            var frames = new Option<int>("--frames") { Description = "frames to render", DefaultValueFactory = _ => DefaultFrames };
            var classes = new Option<int>("--classes") { Description = $"shape classes (2 to {ShapeNames.Count})", DefaultValueFactory = _ => 5 };
            var epochs = new Option<int>("--epochs") { Description = "most epochs to train (stops early at 95% validation top-1 or at the time budget)", DefaultValueFactory = _ => DefaultEpochs };
            var augment = new Option<string>("--augment") { Description = TrainingChoices.AugmentHelp, DefaultValueFactory = _ => "paper" };
            var engine = new Option<string>("--engine") { Description = "auto, cpu or cuda", DefaultValueFactory = _ => "auto" };
            var placement = new Option<string?>("--placement") { Description = "CUDA tower placement: one (default), two (GPUs 0 and 1) or A,B; ignored by the CPU engine" };
            var math = new Option<string>("--math") { Description = "CUDA math: strict (default) or tf32; ignored by the CPU engine", DefaultValueFactory = _ => "strict" };
            var layout = new Option<string>("--conv-layout") { Description = "CUDA convolution layout: nchw (default), auto or nhwc", DefaultValueFactory = _ => "nchw" };
            var threads = new Option<int>("--threads") { Description = "CPU threads (0: all processors)", DefaultValueFactory = _ => 0 };
            var seed = new Option<ulong>("--seed") { Description = "seed of the scenes, the weights and the training order", DefaultValueFactory = _ => 1UL };
            var minutes = new Option<double>("--minutes") { Description = "time budget of the whole demo: no epoch starts that would end after it", DefaultValueFactory = _ => DefaultMinutes };
            var json = new Option<bool>("--json") { Description = "print the result as JSON" };
            var command = new Command("demo", "Render 3D shapes, train the mini AlexNet on them, and classify new views (a few minutes on a CPU).")
            {
                output, frames, classes, epochs, augment, engine, placement, math, layout, threads, seed, minutes, json,
            };
            command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(frames), parse.GetValue(classes), parse.GetValue(epochs),
                TrainingChoices.ParseAugmentation(parse.GetValue(augment)),
                parse.GetValue(engine)!, new CudaSettings
                {
                    Math = CudaSettings.ParseMath(parse.GetValue(math)),
                    Layout = CudaSettings.ParseLayout(parse.GetValue(layout)),
                }, parse.GetValue(placement), parse.GetValue(threads), parse.GetValue(seed), parse.GetValue(minutes), parse.GetValue(json)));
            return command;
        }

        /// <summary>Under runs/, which the repository ignores.</summary>
        public const string DefaultOut = "runs/demo";
        public const int DefaultFrames = 3000;
        public const int DefaultEpochs = 12;
        /// <summary>The demo's promise is 5 minutes on two cores; leave room for the pictures and the new views.</summary>
        public const double DefaultMinutes = 4.5;
        /// <summary>Training stops once the validation top-1 error is this low.</summary>
        public const double TargetError = 0.05;
        /// <summary>The demo passes (exit 0) when the chosen checkpoint reaches this top-1 on the test split.</summary>
        public const double PassingTop1 = 0.90;
        const int NewViews = 12;

        // cuda: the math mode and layout for training (the placement comes as its text, parsed with the other inputs).
        static int Run(string outFolder, int frameCount, int classCount, int epochs, Sightline.Data.AugmentationChoice augmentation, string engineChoice, CudaSettings cuda, string? placement, int threads, ulong seed, double minutes, bool asJson)
        {
            if (!(minutes > 0) || double.IsInfinity(minutes)) throw new UserInputException($"--minutes must be a positive number (got {minutes})");
            var placed = PlacementDevices.Parse(placement);
            if (frameCount < 10 * classCount) throw new UserInputException($"--frames must be at least {10 * classCount} for {classCount} classes (got {frameCount})");
            if (classCount < 2 || classCount > ShapeNames.Count) throw new UserInputException($"--classes must be 2 to {ShapeNames.Count} (got {classCount})");
            if (epochs < 1) throw new UserInputException($"--epochs must be at least 1 (got {epochs})");
            if (threads < 0) throw new UserInputException($"--threads must be 0 or more (got {threads})");
            var reporter = new TrainingReporter(asJson);
            var clock = Stopwatch.StartNew();
            string root = Path.GetFullPath(outFolder);
            string dataFolder = Path.Combine(root, "data");
            string runFolder = Path.Combine(root, "run");
            Clear(dataFolder, "dataset.msgpack");
            Clear(runFolder, "checkpoint" + CheckpointFile.Extension);

            var spec = NetworkSpec.Mini(classCount);
            var scenes = new SceneFrames(ShapeNames.First(classCount), spec.StoredSize, seed) { Threads = threads };
            reporter.Line($"rendering {frameCount} frames of {string.Join(", ", scenes.Kinds.Select(ShapeNames.Of))} ({spec.StoredSize}x{spec.StoredSize})...");
            var (written, renderSeconds) = SceneDataset.Write(dataFolder, scenes, frameCount, null, default);
            reporter.Line(string.Format(CultureInfo.InvariantCulture, "rendered and wrote {0} frames in {1:0.0} s ({2:0.0} ms per frame)", written, renderSeconds, 1000 * renderSeconds / written));

            var request = new TrainRequest
            {
                Data = dataFolder,
                Out = runFolder,
                Spec = NetworkSpec.MiniPreset,
                Engine = engineChoice,
                Placement = placement,
                Math = cuda.Math.ToString().ToLowerInvariant(),
                ConvolutionLayout = cuda.Layout.ToString().ToLowerInvariant(),
                Epochs = epochs,
                Batch = 32,
                LearningRate = 0.01f,
                Seed = seed,
                Threads = threads,
                Patience = 1,
                Augmentation = augmentation,
                TargetError = TargetError,
                // The budget counts from the demo's start: rendering has used some of it.
                TimeBudgetSeconds = Math.Max(1, minutes * 60 - clock.Elapsed.TotalSeconds - 15),
            };
            TrainOutcome outcome;
            using (var stop = new StopSignal())
                outcome = TrainRunner.Run(request, reporter, stop.Token);

            string? onnx = null;
            string exportNote = "no ONNX model (training did not finish)";
            string modelPath = outcome.ModelPath ?? outcome.Folder.Checkpoint;
            var views = new List<(string actual, string predicted, float probability)>();
            if (outcome.Result.Reason != StopReason.Diverged && File.Exists(modelPath))
            {
                var checkpoint = CheckpointFile.Load(modelPath);
                onnx = Path.Combine(runFolder, "model.onnx");
                OnnxExporter.Save(checkpoint.Model, onnx, typeof(DemoCommand).Assembly.GetName().Version?.ToString() ?? "");
                exportNote = $"ONNX model: {onnx} (try: sightline classify --model {onnx} IMAGE.png)";
                views = ClassifyNewViews(checkpoint, scenes, engineChoice, placed, threads, Path.Combine(runFolder, "new-views.png"), outcome);
            }
            double total = clock.Elapsed.TotalSeconds;
            double accuracy = outcome.Test?.Top1Accuracy ?? double.NaN;
            bool passed = outcome.Result.Reason != StopReason.Diverged && accuracy >= PassingTop1;

            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    dataset = dataFolder,
                    frames = written,
                    renderSeconds,
                    training = TrainCommand.JsonBody(outcome),
                    validationTop1 = RunArtifacts.Finite(outcome.Validation?.Top1Accuracy ?? double.NaN),
                    testTop1 = RunArtifacts.Finite(accuracy),
                    target = PassingTop1,
                    passed,
                    onnx,
                    newViews = views.Select(v => new { actual = v.actual, predicted = v.predicted, probability = v.probability }).ToArray(),
                    totalSeconds = total,
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                TrainCommand.PrintSummary(outcome);
                Console.WriteLine(exportNote);
                if (views.Count > 0)
                {
                    Console.WriteLine($"new views ({views.Count(v => v.actual == v.predicted)} of {views.Count} right):");
                    foreach (var v in views)
                        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-9} -> {1,-9} {2,4:0}% {3}", v.actual, v.predicted, 100 * v.probability, v.actual == v.predicted ? "" : "(wrong)"));
                }
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "demo: test split top-1 {0:0.0}% (target {1:0}%: {2}) in {3:0.0} s in total",
                    100 * accuracy, 100 * PassingTop1, passed ? "met" : "MISSED", total));
            }
            return passed ? 0 : 1;
        }

        /// <summary>Removes a folder the demo made before (recognised by its marker file); refuses to delete anything else.</summary>
        static void Clear(string folder, string marker)
        {
            if (!Directory.Exists(folder)) return;
            if (!File.Exists(Path.Combine(folder, marker)) && Directory.EnumerateFileSystemEntries(folder).Any())
                throw new UserInputException($"--out: '{folder}' exists and is not from an earlier demo; choose another --out");
            Directory.Delete(folder, true);
        }

        static List<(string, string, float)> ClassifyNewViews(Checkpoint checkpoint, SceneFrames scenes, string engineChoice, Sightline.Engines.Placement? placement, int threads, string picture, TrainOutcome outcome)
        {
            // Frames far past the dataset's range: scenes the model has never seen.
            var unseen = scenes.Render(1_000_000, NewViews).ToArray();
            var model = checkpoint.Model;
            int inputSize = model.Spec.InputSize, length = 3 * inputSize * inputSize;
            var centre = AugmentationSampler.TenViews(model.Spec.StoredSize, inputSize)[(int)CropView.Centre];
            var input = new float[unseen.Length * length];
            for (int i = 0; i < unseen.Length; i++)
                model.Normalization.Apply(unseen[i].Rgb, model.Spec.StoredSize, centre, inputSize, input.AsSpan(i * length, length));
            var (engine, note) = EngineFactory.Create(engineChoice, model.Spec, unseen.Length, threads, placement);
            // The same fallback as training's is already in the summary; a different one (CUDA failed only now) is said here.
            if (note != null && note != outcome.EngineNote) Console.Error.WriteLine("sightline: classifying new views: " + note);
            var logits = new float[unseen.Length * model.Spec.Classes];
            using (engine)
            {
                engine.SetParameters(model.Parameters);
                engine.Forward(input, unseen.Length, logits, false);
            }
            var results = new List<(string, string, float)>();
            var tiles = new List<PredictionGrid.Tile>();
            var probabilities = new float[model.Spec.Classes];
            for (int i = 0; i < unseen.Length; i++)
            {
                Softmax.Apply(logits.AsSpan(i * probabilities.Length, probabilities.Length), probabilities);
                int best = Softmax.ArgMax(probabilities);
                string predicted = model.Labels[best];
                results.Add((unseen[i].LabelName, predicted, probabilities[best]));
                tiles.Add(new PredictionGrid.Tile(unseen[i].Rgb, unseen[i].Size, unseen[i].Size,
                    $"{predicted} {probabilities[best].ToString("P0", CultureInfo.InvariantCulture)}", predicted == unseen[i].LabelName));
            }
            try
            {
                PredictionGrid.Save(tiles, picture, 6);
                outcome.Pictures.Add(picture);
            }
            catch (Exception e) when (e is IOException || e is TypeInitializationException || e is DllNotFoundException)
            {
                outcome.Notices.Add($"could not draw {picture}: {e.Message}");
            }
            return results;
        }
    }
}
