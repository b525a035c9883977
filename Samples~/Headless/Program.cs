#if !UNITY_5_3_OR_NEWER // A .NET console program: Unity skips it if the sample is imported into a project.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Sightline.Capture;
using Sightline.Classification;
using Sightline.Cpu;
using Sightline.Data;
using Sightline.Imaging;
using Sightline.Model;
using Sightline.Render;
using Sightline.Training;
using Sightline.Training.Checkpoints;
using Sightline.Training.Runs;
using Sightline.Training.Sessions;

namespace Sightline.Samples.Headless
{
    /// <summary>
    /// The whole Sightline loop without Unity, on the CPU: (1) capture labelled camera views into a dataset the way a
    /// game's Frame Capture does, (2) train the mini AlexNet on them for a bounded time, (3) classify views it has
    /// never seen. The views come from a small software renderer (cubes, spheres, cylinders among distractors).
    /// Exit code 0 when the test top-1 accuracy (a split never used to choose the checkpoint) reaches 80%, 1 when it
    /// does not, 2 for a bad option.
    /// </summary>
    public static class Program
    {
        const double PassingTop1 = 0.80;
        const int NewViews = 9;

        public static async Task<int> Main(string[] args)
        {
            if (args.Length > 0 && (args[0] == "--help" || args[0] == "-h"))
            {
                Console.WriteLine(HeadlessOptions.Usage);
                return 0;
            }
            HeadlessOptions options;
            try
            {
                options = HeadlessOptions.Parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            string root = options.Out ?? Directory.CreateTempSubdirectory("sightline-headless-").FullName;
            string dataFolder = Path.Combine(root, "data");
            string runFolder = Path.Combine(root, "run");
            foreach (var folder in new[] { dataFolder, runFolder })
            {
                if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Console.Error.WriteLine($"--out: '{folder}' already exists and is not empty; choose another folder");
                    return 2;
                }
            }
            var clock = Stopwatch.StartNew();

            // The mini AlexNet (96x96 input) for three classes; the scenes render at its stored size (110x110), from
            // which training takes random 96x96 crops, as the paper does with 256 -> 224.
            var kinds = ShapeNames.First(3);
            var spec = NetworkSpec.Mini(kinds.Count);
            var scenes = new SceneFrames(kinds, spec.StoredSize, seed: 1);

            // 1. Capture: queue each view on a DatasetWriter (PNG encoding and disk work run on its own thread, so a
            //    game's frame never waits), send one view in ten of each class to validation (it chooses the best
            //    checkpoint) and one to test (it only measures), then flush. A game keeps
            //    the default queue bound (Enqueue returns false when the disk falls behind); here every view must land.
            using (var writer = DatasetWriter.Open(dataFolder, new DatasetWriterOptions { MaxPendingFrames = options.Frames }))
            {
                foreach (var view in scenes.Render(0, options.Frames))
                {
                    var details = new CaptureDetails
                    {
                        Split = SplitOf(view.Index / kinds.Count),
                        Source = "headless sample",
                    };
                    if (!writer.Enqueue(new Frame(view.Rgb, view.Size, view.Size), view.LabelName, details)) throw new InvalidOperationException($"the dataset writer for {dataFolder} dropped frame {view.Index}");
                }
                await writer.FlushAsync();
                Console.WriteLine($"captured {writer.FrameCount} views into {dataFolder} in {clock.Elapsed.TotalSeconds:0.0} s");
            }

            // 2. Train on the CPU for at most --epochs epochs through the same orchestrator as `sightline train` and the
            //    Training window. The session saves run/checkpoint.slckpt after every epoch (and run/best.slckpt when
            //    validation improves) and stops at an epoch's end when the next would end past the time budget or
            //    validation is nearly perfect.
            var request = new TrainingJobRequest
            {
                DataFolder = dataFolder,
                RunFolder = runFolder,
                Preset = NetworkSpec.MiniPreset,
                Settings = new TrainingSettings { Epochs = options.Epochs, BatchSize = 32, LearningRate = 0.01f, Patience = 3, Seed = 1 },
                Stops = new StopConditions { TargetValidationError = 0.02, TimeBudgetSeconds = options.Seconds },
            };
            TrainingJobResult scored;
            TrainedModel model;
            using (var job = TrainingJob.Open(request, (s, batch) => new CpuEngine(s, batch)))
            {
                Console.WriteLine($"training {job.Spec} on {job.DataDescription}");
                job.Session.EpochCompleted += (_, m) =>
                    Console.WriteLine($"  epoch {m.Epoch}: loss {m.TrainLoss:0.000}, validation top-1 {100 * (1 - m.ValidationTop1Error):0.0}% ({m.Seconds:0.0} s)");
                scored = await Task.Run(() => job.Run());
                if (scored.Result.Reason == StopReason.Diverged || scored.ModelPath == null)
                {
                    Console.Error.WriteLine(scored.Result.Message);
                    return 1;
                }
                Console.WriteLine($"  {scored.Result.Message}");
                // 3. The best checkpoint (highest validation top-1) as a game would use it.
                model = CheckpointFile.Load(scored.ModelPath).Model;
            }
            var test = scored.Test ?? throw new InvalidOperationException("the captured dataset has no test split");

            // 3. Classify new views with the model, as a game would: an engine holding the weights, an
            //    ImageClassifier around it, and one ClassifyAsync per camera frame (resized to the network's 96x96).
            var inference = new CpuEngine(model.Spec, maxBatch: 16);
            inference.SetParameters(model.Parameters);
            int correct = 0;
            using (var classifier = new ImageClassifier(inference, model))
            {
                // Frames far past the captured ones: scenes the network has never seen.
                var views = scenes.Render(1_000_000, NewViews).ToArray();
                var results = await Task.WhenAll(views.Select(v => classifier.ClassifyAsync(new Frame(v.Rgb, v.Size, v.Size))));
                for (int i = 0; i < views.Length; i++)
                {
                    var best = results[i].Best;
                    bool right = best.Label == views[i].LabelName;
                    if (right) correct++;
                    Console.WriteLine($"  new view {i + 1}: a {views[i].LabelName,-8} -> {best.Label,-8} {100 * best.Probability,3:0}%{(right ? "" : "  (wrong)")}");
                }
            }

            Console.WriteLine($"finished in {clock.Elapsed.TotalSeconds:0.0} s");
            Console.WriteLine($"headless sample: test split top-1 {100 * test.Top1Accuracy:0.0}% on {test.Count} frames (gate {100 * PassingTop1:0}%; " +
                $"validation split, which chose the checkpoint: {100 * (scored.Validation?.Top1Accuracy ?? double.NaN):0.0}%), new views {correct}/{NewViews} correct");
            return test.Top1Accuracy >= PassingTop1 ? 0 : 1;
        }

        // Per class, of every ten views: one validates, one tests, eight train.
        static DatasetSplit SplitOf(int indexInClass) =>
            indexInClass % 10 == 9 ? DatasetSplit.Validation : indexInClass % 10 == 8 ? DatasetSplit.Test : DatasetSplit.Train;
    }
}
#endif
