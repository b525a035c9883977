using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Sightline.Cli.Training;
using Sightline.Model;
using Sightline.Training.Sessions;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline train`: train AlexNet on a dataset folder (Sightline dataset or any ImageFolder tree).</summary>
    public static class TrainCommand
    {
        public static Command Create()
        {
            var data = new Option<string>("--data") { Description = "dataset folder: a Sightline dataset or an ImageFolder tree (class folders, optionally under train/ val/)", Required = true };
            var val = new Option<string?>("--val") { Description = "validation folder (default: the dataset's validation split, else a stable 10% of each label held out)" };
            var output = new Option<string>("--out") { Description = "run folder for checkpoints, metrics and pictures", Required = true };
            var spec = new Option<string?>("--spec") { Description = "network preset: mini (96x96, quarter width; default) or paper (224x224)" };
            var init = new Option<string>("--init") { Description = "initialisation: he (default, learns on small data) or paper (N(0, 0.01))", DefaultValueFactory = _ => "he" };
            var activation = new Option<string>("--activation") { Description = "non-linearity of a new run: relu (the paper; default) or tanh (the paper's Figure 1 comparison; CPU engine only)", DefaultValueFactory = _ => "relu" };
            var engine = new Option<string>("--engine") { Description = "auto, cpu or cuda", DefaultValueFactory = _ => "auto" };
            var placement = new Option<string?>("--placement") { Description = "CUDA tower placement: one (default), two (GPUs 0 and 1) or A,B (device indices); ignored by the CPU engine" };
            var math = new Option<string>("--math") { Description = "CUDA math: strict (IEEE fp32, default) or tf32 (tensor cores, faster); ignored by the CPU engine", DefaultValueFactory = _ => "strict" };
            var layout = new Option<string>("--conv-layout") { Description = "CUDA convolution layout: nchw (default), auto (per layer, the faster by measurement) or nhwc", DefaultValueFactory = _ => "nchw" };
            var augmentOnGpu = new Option<bool>("--augment-on-gpu") { Description = "CUDA: upload stored frames and crop, flip and light them on the GPU (same results as on the host; not yet checked on a GPU)" };
            var epochs = new Option<int>("--epochs") { Description = "epochs to train (in total, when resuming)", DefaultValueFactory = _ => 30 };
            var batch = new Option<int>("--batch") { Description = "batch size", DefaultValueFactory = _ => 64 };
            var lr = new Option<float>("--lr") { Description = "learning rate (see --schedule; with --from, the new last layer's)", DefaultValueFactory = _ => 0.01f };
            var seed = new Option<ulong>("--seed") { Description = "seed of the initial weights, the order, the augmentation and dropout", DefaultValueFactory = _ => 1UL };
            var resume = new Option<bool>("--resume") { Description = "continue the run in --out from its checkpoint" };
            var threads = new Option<int>("--threads") { Description = "CPU threads (0: all processors; fix it for bitwise-reproducible runs)", DefaultValueFactory = _ => 0 };
            var every = new Option<int>("--checkpoint-every") { Description = "also checkpoint every N steps inside an epoch (0: at epoch ends only)", DefaultValueFactory = _ => 0 };
            var augment = new Option<string>("--augment") { Description = TrainingChoices.AugmentHelp, DefaultValueFactory = _ => "paper" };
            var schedule = new Option<string>("--schedule") { Description = TrainingChoices.ScheduleHelp, DefaultValueFactory = _ => "plateau" };
            var warmup = new Option<int>("--warmup") { Description = "cosine schedule: epochs of linear warm-up", DefaultValueFactory = _ => 1 };
            var earlyStop = new Option<int>("--early-stop") { Description = "stop after N epochs without a better validation top-1 (0: never)", DefaultValueFactory = _ => 0 };
            var from = new Option<string?>("--from") { Description = "fine-tune this model (.slckpt, Sightline .onnx or torchvision-layout .onnx): every layer kept but the last, which is new for the data's classes" };
            var freeze = new Option<string>("--freeze") { Description = "with --from: none (default) or conv (conv1-conv5 keep their weights: no update, no weight decay)", DefaultValueFactory = _ => "none" };
            var keptRate = new Option<float?>("--kept-rate") { Description = "with --from: the kept layers' rate as a multiple of --lr (default 0.1; the new last layer uses --lr)" };
            var json = new Option<bool>("--json") { Description = "print the result as JSON" };
            var command = new Command("train", "Train AlexNet on a dataset folder; Ctrl+C stops cleanly with a checkpoint, --resume continues.")
            {
                data, val, output, spec, init, activation, engine, placement, math, layout, augmentOnGpu, epochs, batch, lr, seed, resume, threads, every,
                augment, schedule, warmup, earlyStop, from, freeze, keptRate, json,
            };
            command.SetAction(parse =>
            {
                var request = new TrainRequest
                {
                    Data = parse.GetValue(data)!,
                    Validation = parse.GetValue(val),
                    Out = parse.GetValue(output)!,
                    Spec = parse.GetValue(spec),
                    Init = ParseInit(parse.GetValue(init)!),
                    Activation = ParseActivation(parse.GetValue(activation)!),
                    Engine = parse.GetValue(engine)!,
                    Placement = parse.GetValue(placement),
                    Math = parse.GetValue(math),
                    ConvolutionLayout = parse.GetValue(layout),
                    AugmentOnGpu = parse.GetValue(augmentOnGpu),
                    Epochs = parse.GetValue(epochs),
                    Batch = parse.GetValue(batch),
                    LearningRate = parse.GetValue(lr),
                    Seed = parse.GetValue(seed),
                    Resume = parse.GetValue(resume),
                    Threads = parse.GetValue(threads),
                    CheckpointEverySteps = parse.GetValue(every),
                    Augmentation = TrainingChoices.ParseAugmentation(parse.GetValue(augment)),
                    WarmupEpochs = parse.GetValue(warmup),
                    EarlyStopPatience = parse.GetValue(earlyStop),
                    From = parse.GetValue(from),
                    Freeze = TrainingChoices.ParseFreeze(parse.GetValue(freeze)),
                    KeptLayersRate = parse.GetValue(keptRate),
                };
                (request.Schedule, request.StepEpochs) = TrainingChoices.ParseSchedule(parse.GetValue(schedule));
                if (request.CheckpointEverySteps < 0) throw new UserInputException($"--checkpoint-every must be 0 or more steps (got {request.CheckpointEverySteps})");
                bool asJson = parse.GetValue(json);
                using var stop = new StopSignal();
                var outcome = TrainRunner.Run(request, new TrainingReporter(asJson), stop.Token);
                if (asJson) Console.WriteLine(ToJson(outcome));
                else PrintSummary(outcome);
                return outcome.Result.Reason == StopReason.Diverged ? 1 : 0;
            });
            return command;
        }

        internal static InitScheme ParseInit(string text)
        {
            switch (text.Trim().ToLowerInvariant())
            {
                case "he": return InitScheme.He;
                case "paper": return InitScheme.Paper;
                default: throw new UserInputException($"--init '{text}' is not 'he' or 'paper'");
            }
        }

        internal static Activation ParseActivation(string text)
        {
            switch (text.Trim().ToLowerInvariant())
            {
                case "relu": return Activation.Relu;
                case "tanh": return Activation.Tanh;
                default: throw new UserInputException($"--activation '{text}' is not 'relu' or 'tanh'");
            }
        }

        internal static void PrintSummary(TrainOutcome o)
        {
            Console.WriteLine(o.Result.Message);
            // Repeated at the end: a fallback to the CPU (and its reason) must not scroll away with the epoch lines.
            if (o.EngineNote != null) Console.WriteLine($"engine: {o.Engine} ({o.EngineNote})");
            string model = o.ModelPath == null ? "the final weights" : System.IO.Path.GetFileName(o.ModelPath);
            if (o.Validation != null)
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "validation split: top-1 {0:0.0}%, top-5 {1:0.0}% on {2} frames ({3}, centre crop; this split chose the checkpoint)",
                    100 * o.Validation.Top1Accuracy, 100 * (1 - o.Validation.Top5Error), o.Validation.Count, model));
            if (o.Test != null)
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "test split: top-1 {0:0.0}%, top-5 {1:0.0}% on {2} frames ({3}, centre crop; never used to choose anything)",
                    100 * o.Test.Top1Accuracy, 100 * (1 - o.Test.Top5Error), o.Test.Count, model));
            if (o.Result.CheckpointPath != null) Console.WriteLine($"checkpoint: {o.Result.CheckpointPath}");
            foreach (var picture in o.Pictures) Console.WriteLine($"picture: {picture}");
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "time: {0:0.0} s", o.Seconds));
        }

        internal static object JsonBody(TrainOutcome o)
        {
            return new
            {
                run = o.Folder.Path,
                reason = o.Result.Reason.ToString().ToLowerInvariant(),
                message = o.Result.Message,
                spec = o.Spec.Preset,
                activation = o.Spec.Activation.ToString().ToLowerInvariant(),
                classes = o.Spec.Classes,
                inputSize = o.Spec.InputSize,
                engine = o.Engine,
                engineNote = o.EngineNote,
                data = o.DataDescription,
                epochs = o.Result.EpochsCompleted,
                steps = o.Result.Step,
                seconds = o.Seconds,
                validationTop1 = o.Validation == null ? (double?)null : o.Validation.Top1Accuracy,
                validationTop5 = o.Validation == null ? (double?)null : 1 - o.Validation.Top5Error,
                validationFrames = o.Validation?.Count ?? 0,
                testTop1 = o.Test == null ? (double?)null : o.Test.Top1Accuracy,
                testTop5 = o.Test == null ? (double?)null : 1 - o.Test.Top5Error,
                testFrames = o.Test?.Count ?? 0,
                model = o.ModelPath,
                checkpoint = o.Result.CheckpointPath,
                best = System.IO.File.Exists(o.Folder.Best) ? o.Folder.Best : null,
                pictures = o.Pictures.ToArray(),
                notices = o.Notices.ToArray(),
                history = o.Result.History.Select(RunArtifacts.ToJson).ToArray(),
            };
        }

        static string ToJson(TrainOutcome o) => JsonSerializer.Serialize(JsonBody(o), new JsonSerializerOptions { WriteIndented = true });
    }
}
