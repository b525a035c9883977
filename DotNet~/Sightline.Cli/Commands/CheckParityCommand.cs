using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Sightline.Cli.Gpu;
using Sightline.Cli.Parity;
using Sightline.Cli.Training;
using Sightline.Training.Schedules;

namespace Sightline.Cli.Commands
{
    /// <summary>
    /// `sightline check parity`: Sightline's training against PyTorch's on the same data, network, initial weights,
    /// split and recipe, for several seeds. First, per seed, two SGD steps from the same weights on the same batches
    /// must end with the same weights (ParityStepCheck). Passes when they do and the mean final validation top-1
    /// differs by at most 1 point.
    /// Exit 0 pass, 1 fail, 4 not run (no python3 with torch, or the reference script is missing).
    /// </summary>
    public static class CheckParityCommand
    {
        /// <summary>The largest difference of the seeds' mean top-1, in percentage points, that passes.</summary>
        public const double MaxDifferencePoints = 1.0;
        /// <summary>Epochs per run: with the cosine schedule, five epochs of the demo data end near 95% (Documentation~/training.md).</summary>
        public const int DefaultEpochs = 5;

        public static Command Create()
        {
            var data = new Option<string>("--data") { Description = "dataset folder (a Sightline dataset or an ImageFolder tree)", Required = true };
            var seeds = new Option<int>("--seeds") { Description = "seeds (runs per side)", DefaultValueFactory = _ => 3 };
            var epochs = new Option<int>("--epochs") { Description = "epochs per run (after one epoch the top-1 is mostly noise; Documentation~/training.md)", DefaultValueFactory = _ => DefaultEpochs };
            var batch = new Option<int>("--batch") { Description = "batch size", DefaultValueFactory = _ => 32 };
            var lr = new Option<float>("--lr") { Description = "learning rate", DefaultValueFactory = _ => 0.01f };
            var spec = new Option<string>("--spec") { Description = "network preset (mini keeps it short)", DefaultValueFactory = _ => "mini" };
            var augment = new Option<string>("--augment") { Description = TrainingChoices.AugmentHelp, DefaultValueFactory = _ => "paper" };
            var schedule = new Option<string>("--schedule") { Description = "cosine (default: the rate ends near 0, so the last epoch's top-1 is stable) or plateau", DefaultValueFactory = _ => "cosine" };
            var warmup = new Option<int?>("--warmup") { Description = "cosine schedule: epochs of linear warm-up (default 1, 0 for a one-epoch run)" };
            var threads = new Option<int>("--threads") { Description = "CPU threads for each side", DefaultValueFactory = _ => 2 };
            var script = new Option<string?>("--reference") { Description = "path of Tests/Reference/parity_trainer.py (found automatically from the package root)" };
            var keep = new Option<string?>("--keep") { Description = "keep each seed's files (recipe, initial weights, step check, PyTorch's result) in DIR/seed-N" };
            var json = new Option<bool>("--json") { Description = "print the result as JSON" };
            var command = new Command("parity", "Train with Sightline and with PyTorch (same network, weights, split and recipe) and compare validation top-1; exit 1 when the means differ by more than 1 point, 4 when PyTorch is missing.")
            {
                data, seeds, epochs, batch, lr, spec, augment, schedule, warmup, threads, script, keep, json,
            };
            command.SetAction(parse =>
            {
                var request = new ParityRequest
                {
                    Data = parse.GetValue(data)!,
                    Seeds = parse.GetValue(seeds),
                    Epochs = parse.GetValue(epochs),
                    Batch = parse.GetValue(batch),
                    LearningRate = parse.GetValue(lr),
                    Spec = parse.GetValue(spec)!,
                    Augmentation = TrainingChoices.ParseAugmentation(parse.GetValue(augment)),
                    Threads = parse.GetValue(threads),
                    Script = parse.GetValue(script),
                    Keep = parse.GetValue(keep),
                    WarmupEpochs = parse.GetValue(warmup) ?? (parse.GetValue(epochs) > 1 ? 1 : 0),
                };
                var (kind, _) = TrainingChoices.ParseSchedule(parse.GetValue(schedule));
                if (kind == ScheduleKind.Steps) throw new UserInputException("--schedule: check parity compares plateau or cosine");
                request.Schedule = kind;
                if (!Directory.Exists(request.Data)) throw new UserInputException($"--data: folder '{Path.GetFullPath(request.Data)}' does not exist");
                if (request.Seeds < 1) throw new UserInputException($"--seeds must be at least 1 (got {request.Seeds})");
                if (request.Epochs < 1) throw new UserInputException($"--epochs must be at least 1 (got {request.Epochs})");
                if (request.WarmupEpochs < 0) throw new UserInputException($"--warmup must be 0 or more epochs (got {request.WarmupEpochs})");
                if (kind == ScheduleKind.Cosine && request.WarmupEpochs >= request.Epochs) throw new UserInputException($"--warmup ({request.WarmupEpochs} epochs) must be shorter than --epochs ({request.Epochs})");
                if (request.Threads < 1) throw new UserInputException($"--threads must be at least 1 (got {request.Threads})");
                return Run(request, parse.GetValue(json));
            });
            return command;
        }

        static int Run(ParityRequest request, bool asJson)
        {
            Action<string> log = line => Console.Error.WriteLine(line);
            string? path;
            try
            {
                path = PythonRunner.FindReferenceScript("parity_trainer.py", request.Script);
            }
            catch (FileNotFoundException)
            {
                path = null;
            }
            string? notRun = path == null ? "Tests/Reference/parity_trainer.py not found (run from the package root or pass --reference)" : PythonRunner.TorchMissingReason();
            if (notRun != null)
            {
                if (asJson) Console.WriteLine(JsonSerializer.Serialize(new { verdict = "not run", reason = notRun }));
                else Console.WriteLine("check parity: not run: " + notRun);
                return 4;
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var seeds = new List<ParitySeed>();
            for (int i = 0; i < request.Seeds; i++)
            {
                try
                {
                    seeds.Add(ParityRun.Run(request, (ulong)(i + 1), path!, log));
                }
                catch (ArgumentException e)
                {
                    throw new UserInputException("--data: " + e.Message);
                }
            }
            double ours = seeds.Average(s => s.Sightline), theirs = seeds.Average(s => s.PyTorch);
            double difference = 100 * (ours - theirs);
            bool stepsAgree = seeds.All(s => s.Step.Agrees);
            bool pass = Math.Abs(difference) <= MaxDifferencePoints && stepsAgree;
            var c = CultureInfo.InvariantCulture;
            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    data = Path.GetFullPath(request.Data),
                    spec = request.Spec,
                    epochs = request.Epochs,
                    batch = request.Batch,
                    learningRate = request.LearningRate,
                    augmentation = TrainingChoices.Name(request.Augmentation),
                    schedule = request.Schedule.ToString().ToLowerInvariant(),
                    warmupEpochs = request.Schedule == ScheduleKind.Cosine ? request.WarmupEpochs : 0,
                    split = "validation",
                    seeds = seeds.Select(s => new
                    {
                        seed = s.Seed,
                        sightlineTop1 = s.Sightline,
                        pytorchTop1 = s.PyTorch,
                        sightlineSeconds = s.SightlineSeconds,
                        pytorchSeconds = s.PyTorchSeconds,
                        sightlineHistory = s.SightlineHistory,
                        pytorchHistory = s.PyTorchHistory,
                        stepCheck = new
                        {
                            inputMaxAbs = s.Step.InputMaxAbs,
                            lightingMaxAbs = s.Step.LightingMaxAbs,
                            weightsMaxAbs = s.Step.WeightsMaxAbs,
                            updateMaxAbs = s.Step.UpdateMaxAbs,
                            agrees = s.Step.Agrees,
                        },
                    }).ToArray(),
                    sightlineSpreadPoints = 100 * (seeds.Max(s => s.Sightline) - seeds.Min(s => s.Sightline)),
                    pytorchSpreadPoints = 100 * (seeds.Max(s => s.PyTorch) - seeds.Min(s => s.PyTorch)),
                    sightlineMean = ours,
                    pytorchMean = theirs,
                    differencePoints = difference,
                    maxDifferencePoints = MaxDifferencePoints,
                    stepsAgree,
                    verdict = pass ? "pass" : "fail",
                    seconds = clock.Elapsed.TotalSeconds,
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                foreach (var s in seeds)
                {
                    Console.WriteLine(string.Format(c, "seed {0}: validation top-1 Sightline {1:0.0}%, PyTorch {2:0.0}% ({3:0} s, {4:0} s)", s.Seed, 100 * s.Sightline, 100 * s.PyTorch, s.SightlineSeconds, s.PyTorchSeconds));
                    Console.WriteLine(string.Format(c, "  two steps from the same weights and batches: input max |difference| {0:g3}, weights {1:g3} (largest change {2:g3}): {3}",
                        s.Step.InputMaxAbs, s.Step.WeightsMaxAbs, s.Step.UpdateMaxAbs, s.Step.Agrees ? "agree" : "DIFFER (the recipes are not the same; the accuracies are not comparable)"));
                }
                Console.WriteLine(string.Format(c, "mean validation top-1: Sightline {0:0.00}%, PyTorch {1:0.00}%, difference {2:+0.00;-0.00} points (limit {3:0.0}): {4}",
                    100 * ours, 100 * theirs, difference, MaxDifferencePoints, pass ? "PASS" : "FAIL"));
            }
            return pass ? 0 : 1;
        }
    }
}
