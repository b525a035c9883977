using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Sightline.Cli.Training;
using Sightline.Training.Metrics;

namespace Sightline.Cli.Experiments
{
    /// <summary>What an experiment trains with; every variant and seed gets the same, apart from the variant's switch.</summary>
    public sealed class ExperimentRequest
    {
        public string Data { get; set; } = string.Empty;
        /// <summary>The experiment's run folder: one sub-folder per variant and seed, the table and the pictures.</summary>
        public string Out { get; set; } = string.Empty;
        public string? Spec { get; set; }
        public int Epochs { get; set; } = 10;
        public int Seeds { get; set; } = 1;
        public int Batch { get; set; } = 32;
        public float LearningRate { get; set; } = 0.01f;
        /// <summary>The training top-1 error that "steps to target" counts to (the paper's Figure 1 uses 25%).</summary>
        public double Target { get; set; } = 0.25;
        public string Engine { get; set; } = "cpu";
        public int Threads { get; set; }
    }

    /// <summary>One variant trained with one seed.</summary>
    public sealed class ExperimentRun
    {
        public ExperimentRun(string variant, ulong seed, IReadOnlyList<EpochMetrics> history, int stepsPerEpoch, double seconds)
        {
            Variant = variant;
            Seed = seed;
            History = history;
            StepsPerEpoch = stepsPerEpoch;
            Seconds = seconds;
        }

        public string Variant { get; }
        public ulong Seed { get; }
        public IReadOnlyList<EpochMetrics> History { get; }
        public int StepsPerEpoch { get; }
        public double Seconds { get; }
        public long TotalSteps => (long)History.Count * StepsPerEpoch;
        public double FinalTrainError => History.Count == 0 ? double.NaN : History[History.Count - 1].TrainTop1Error;
        public double FinalValidationError => History.Count == 0 ? double.NaN : History[History.Count - 1].ValidationTop1Error;

        /// <summary>Steps until the end of the first epoch whose training top-1 error is at or below <paramref name="target"/>; null when none is.</summary>
        public long? StepsTo(double target)
        {
            for (int i = 0; i < History.Count; i++)
                if (History[i].TrainTop1Error <= target) return (long)(i + 1) * StepsPerEpoch;
            return null;
        }
    }

    /// <summary>
    /// Trains every variant of an experiment once per seed through the one training path (TrainRunner, hence
    /// TrainingJob): seeds 1..K fix the initial weights, the data order, augmentation and dropout, so the variants of
    /// one seed differ only in their switch. Runs go one after another, never side by side, so their times compare.
    /// </summary>
    public static class ExperimentRunner
    {
        public static IReadOnlyList<ExperimentRun> Run(PaperExperiment experiment, ExperimentRequest request, TrainingReporter reporter, CancellationToken cancellation)
        {
            Validate(request);
            var runs = new List<ExperimentRun>();
            for (int s = 1; s <= request.Seeds; s++)
            {
                foreach (var variant in experiment.Variants)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var train = new TrainRequest
                    {
                        Data = request.Data,
                        Out = Path.Combine(request.Out, $"{variant.Name}-seed{s}"),
                        Spec = request.Spec,
                        Engine = request.Engine,
                        Threads = request.Threads,
                        Epochs = request.Epochs,
                        Batch = request.Batch,
                        LearningRate = request.LearningRate,
                        Seed = (ulong)s,
                        // A fixed budget: no early stop, a schedule that does not look at validation (the variants must train equally long).
                        Schedule = Sightline.Training.Schedules.ScheduleKind.Steps,
                        StepEpochs = new[] { Math.Max(1, request.Epochs * 3 / 4) },
                    };
                    variant.Apply(train);
                    reporter.Note($"{experiment.Name}: {variant.Name}, seed {s} of {request.Seeds}");
                    var outcome = TrainRunner.Run(train, reporter, cancellation);
                    int stepsPerEpoch = outcome.Result.EpochsCompleted == 0 ? 0 : (int)(outcome.Result.Step / outcome.Result.EpochsCompleted);
                    runs.Add(new ExperimentRun(variant.Name, (ulong)s, outcome.Result.History, stepsPerEpoch, outcome.Seconds));
                }
            }
            return runs;
        }

        static void Validate(ExperimentRequest r)
        {
            if (string.IsNullOrWhiteSpace(r.Data)) throw new UserInputException("--data: a dataset folder is required");
            if (!Directory.Exists(r.Data)) throw new UserInputException($"--data: folder '{Path.GetFullPath(r.Data)}' does not exist");
            if (string.IsNullOrWhiteSpace(r.Out)) throw new UserInputException("--out: a run folder is required");
            if (File.Exists(r.Out)) throw new UserInputException($"--out: '{Path.GetFullPath(r.Out)}' is a file; an experiment's run is a folder");
            if (Directory.Exists(r.Out) && Directory.EnumerateFileSystemEntries(r.Out).Any())
                throw new UserInputException($"--out: '{Path.GetFullPath(r.Out)}' is not empty; an experiment starts in a new folder");
            if (r.Seeds < 1 || r.Seeds > 20) throw new UserInputException($"--seeds must be 1 to 20 (got {r.Seeds})");
            if (r.Epochs < 1) throw new UserInputException($"--epochs must be at least 1 (got {r.Epochs})");
            if (!(r.Target > 0 && r.Target < 1)) throw new UserInputException($"--target must be a training error between 0 and 1, e.g. 0.25 (got {r.Target})");
        }
    }
}
