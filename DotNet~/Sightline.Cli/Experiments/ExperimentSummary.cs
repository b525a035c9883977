using System;
using System.Collections.Generic;
using System.Linq;

namespace Sightline.Cli.Experiments
{
    /// <summary>Mean and sample standard deviation of one number over seeds.</summary>
    public readonly struct SeedStatistic
    {
        public SeedStatistic(IReadOnlyList<double> values)
        {
            Count = values.Count;
            Mean = values.Count == 0 ? double.NaN : values.Average();
            Spread = values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - values.Average()) * (v - values.Average())) / (values.Count - 1));
        }

        public int Count { get; }
        public double Mean { get; }
        /// <summary>Sample standard deviation over seeds (0 with one seed).</summary>
        public double Spread { get; }
    }

    /// <summary>One variant over all seeds.</summary>
    public sealed class VariantSummary
    {
        public VariantSummary(string name, IReadOnlyList<ExperimentRun> runs, double target)
        {
            Name = name;
            Runs = runs;
            Seeds = runs.Count;
            Reached = runs.Count(r => r.StepsTo(target).HasValue);
            // A run that never reached the target counts as one epoch past its budget: a lower bound, so an effect in
            // the paper's direction is never overstated by it.
            StepsToTarget = new SeedStatistic(runs.Select(r => (double)(r.StepsTo(target) ?? r.TotalSteps + r.StepsPerEpoch)).ToList());
            FinalTrainError = new SeedStatistic(runs.Select(r => r.FinalTrainError).ToList());
            FinalValidationError = new SeedStatistic(runs.Select(r => r.FinalValidationError).ToList());
            Seconds = new SeedStatistic(runs.Select(r => r.Seconds).ToList());
        }

        public string Name { get; }
        public IReadOnlyList<ExperimentRun> Runs { get; }
        public int Seeds { get; }
        /// <summary>How many seeds reached the target training error within the budget.</summary>
        public int Reached { get; }
        public SeedStatistic StepsToTarget { get; }
        public SeedStatistic FinalTrainError { get; }
        public SeedStatistic FinalValidationError { get; }
        public SeedStatistic Seconds { get; }

        public SeedStatistic Measure(ExperimentMeasure measure) => measure == ExperimentMeasure.StepsToTarget ? StepsToTarget : FinalValidationError;
    }

    /// <summary>
    /// An experiment's outcome: per-variant statistics, the effect (alternative minus paper's variant in the
    /// experiment's measure, lower being better for both measures, so a positive effect has the paper's sign) and
    /// whether it exceeds the seed spread (the two variants' standard deviations added).
    /// </summary>
    public sealed class ExperimentSummary
    {
        public ExperimentSummary(PaperExperiment experiment, IReadOnlyList<ExperimentRun> runs, double target, ExperimentRequest request)
        {
            Experiment = experiment;
            Target = target;
            Request = request;
            Variants = experiment.Variants.Select(v => new VariantSummary(v.Name, runs.Where(r => r.Variant == v.Name).ToList(), target)).ToList();
            var paper = Variants[0].Measure(experiment.Measure);
            var other = Variants[1].Measure(experiment.Measure);
            Effect = other.Mean - paper.Mean;
            SeedSpread = paper.Spread + other.Spread;
        }

        public PaperExperiment Experiment { get; }
        public ExperimentRequest Request { get; }
        public double Target { get; }
        public IReadOnlyList<VariantSummary> Variants { get; }
        /// <summary>The alternative's mean minus the paper variant's mean, in the experiment's measure.</summary>
        public double Effect { get; }
        public double SeedSpread { get; }
        /// <summary>True when the paper's variant did better, as the paper says.</summary>
        public bool PaperSign => Effect > 0;
        /// <summary>Null with one seed (no spread to compare with).</summary>
        public bool? BeyondSeedSpread => Variants.Min(v => v.Seeds) < 2 ? (bool?)null : Math.Abs(Effect) > SeedSpread;
    }
}
