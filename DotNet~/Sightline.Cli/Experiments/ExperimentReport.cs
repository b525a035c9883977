using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Sightline.Cli.Pictures;

namespace Sightline.Cli.Experiments
{
    /// <summary>An experiment's table, verdict and picture: report.md, summary.json and curves.png in its run folder.</summary>
    public static class ExperimentReport
    {
        static readonly CultureInfo C = CultureInfo.InvariantCulture;

        /// <summary>Writes the three files; returns their paths.</summary>
        public static string[] Write(ExperimentSummary summary)
        {
            Directory.CreateDirectory(summary.Request.Out);
            string report = Path.Combine(summary.Request.Out, "report.md");
            string json = Path.Combine(summary.Request.Out, "summary.json");
            string curves = Path.Combine(summary.Request.Out, "curves.png");
            File.WriteAllText(report, Markdown(summary));
            File.WriteAllText(json, Json(summary));
            ExperimentCurves.Save(summary, curves);
            return new[] { report, json, curves };
        }

        /// <summary>The keys issue 22 lists, nothing else: experiment, variants (name, seeds, stepsToTarget, finalTrainError, finalValidationError, seconds), target, paperSign, beyondSeedSpread.</summary>
        public static string Json(ExperimentSummary s) => JsonSerializer.Serialize(new
        {
            experiment = s.Experiment.Name,
            variants = s.Variants.Select(v => new
            {
                name = v.Name,
                seeds = v.Seeds,
                // Mean over seeds; null when a seed never reached the target (the table gives the lower bound).
                stepsToTarget = v.Reached == v.Seeds ? v.StepsToTarget.Mean : (double?)null,
                finalTrainError = Finite(v.FinalTrainError.Mean),
                finalValidationError = Finite(v.FinalValidationError.Mean),
                seconds = v.Seconds.Mean,
            }).ToArray(),
            target = s.Target,
            paperSign = s.PaperSign,
            beyondSeedSpread = s.BeyondSeedSpread,
        }, new JsonSerializerOptions { WriteIndented = true });

        static double? Finite(double v) => double.IsNaN(v) || double.IsInfinity(v) ? (double?)null : v;

        public static string Table(ExperimentSummary s)
        {
            var b = new StringBuilder();
            b.AppendLine($"| variant | seeds | steps to {Pct(s.Target)} training error | final training error | final validation error | time per run |");
            b.AppendLine("|---|---|---|---|---|---|");
            foreach (var v in s.Variants)
            {
                string steps = v.Reached == v.Seeds ? MeanSd(v.StepsToTarget, "0") :
                    v.Reached == 0 ? string.Format(C, "not reached (> {0:0})", v.Runs.Max(r => r.TotalSteps)) :
                    string.Format(C, "{0} of {1} seeds reached; >= {2}", v.Reached, v.Seeds, MeanSd(v.StepsToTarget, "0"));
                b.AppendLine(string.Format(C, "| {0} | {1} | {2} | {3} | {4} | {5:0} s |", v.Name, v.Seeds, steps,
                    MeanSdPct(v.FinalTrainError), MeanSdPct(v.FinalValidationError), v.Seconds.Mean));
            }
            return b.ToString();
        }

        public static string Verdict(ExperimentSummary s)
        {
            string measure = s.Experiment.Measure == ExperimentMeasure.StepsToTarget ? $"steps to {Pct(s.Target)} training error" : "final validation top-1 error";
            string unit(double x) => s.Experiment.Measure == ExperimentMeasure.StepsToTarget ? x.ToString("0", C) + " steps" : (100 * x).ToString("0.0", C) + " points";
            var paper = s.Variants[0];
            var other = s.Variants[1];
            string sign = s.PaperSign
                ? $"the paper's sign: {paper.Name} is better than {other.Name} by {unit(s.Effect)} in {measure}"
                : $"not the paper's sign: {paper.Name} is not better than {other.Name} in {measure} (difference {unit(s.Effect)})";
            string spread = s.BeyondSeedSpread == null
                ? "one seed: no seed spread to compare with (use --seeds 3 or more)"
                : s.BeyondSeedSpread.Value ? $"larger than the seed spread ({unit(s.SeedSpread)}, the two standard deviations added)"
                : $"within the seed spread ({unit(s.SeedSpread)}, the two standard deviations added): not distinguishable from chance at this budget";
            return $"Measured: {sign}; {spread}.";
        }

        static string Markdown(ExperimentSummary s)
        {
            var r = s.Request;
            var b = new StringBuilder();
            b.AppendLine($"# Experiment {s.Experiment.Name}");
            b.AppendLine();
            b.AppendLine($"The paper: \"{s.Experiment.Claim}\" ({s.Experiment.Source})");
            b.AppendLine();
            b.AppendLine(string.Format(C, "Data {0}; spec {1}; {2} epochs, batch {3}, learning rate {4:g3} (divided by 10 after epoch {5}), engine {6}; seeds 1..{7}, the same for every variant (initial weights, data order, augmentation, dropout).",
                r.Data, r.Spec ?? "mini", r.Epochs, r.Batch, r.LearningRate, Math.Max(1, r.Epochs * 3 / 4), r.Engine, r.Seeds));
            b.AppendLine();
            b.Append(Table(s));
            b.AppendLine();
            b.AppendLine(Verdict(s));
            b.AppendLine();
            b.AppendLine("Training error is each epoch's running top-1 error on the augmented training batches (with dropout); steps to the target count to the end of the first epoch at or below it. Validation error is the last epoch's, centre crop. Mean ± sample standard deviation over seeds.");
            b.AppendLine();
            b.AppendLine("![training error curves](curves.png)");
            return b.ToString();
        }

        static string Pct(double x) => (100 * x).ToString("0.#", C) + "%";
        static string MeanSd(SeedStatistic s, string format) => s.Count < 2 ? s.Mean.ToString(format, C) : s.Mean.ToString(format, C) + " ± " + s.Spread.ToString(format, C);
        static string MeanSdPct(SeedStatistic s) => double.IsNaN(s.Mean) ? "n/a" :
            s.Count < 2 ? (100 * s.Mean).ToString("0.0", C) + "%" : (100 * s.Mean).ToString("0.0", C) + "% ± " + (100 * s.Spread).ToString("0.0", C);
    }
}
