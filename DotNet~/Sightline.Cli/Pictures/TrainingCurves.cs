using System.Collections.Generic;
using System.Linq;
using ScottPlot;
using Sightline.Training.Metrics;

namespace Sightline.Cli.Pictures
{
    /// <summary>Loss and accuracy per epoch, train and validation, as two PNG charts.</summary>
    public static class TrainingCurves
    {
        public static void SaveLoss(IReadOnlyList<EpochMetrics> history, string path)
        {
            var plot = new Plot();
            Series(plot, history, m => m.TrainLoss, "train");
            Series(plot, history, m => m.ValidationLoss, "validation");
            plot.ShowLegend(Alignment.UpperRight);
            plot.Title("Loss");
            plot.XLabel("epoch");
            plot.YLabel("cross-entropy");
            plot.SavePng(path, 640, 420);
        }

        public static void SaveAccuracy(IReadOnlyList<EpochMetrics> history, string path)
        {
            var plot = new Plot();
            Series(plot, history, m => 100 * (1 - m.TrainTop1Error), "train top-1");
            Series(plot, history, m => 100 * (1 - m.ValidationTop1Error), "validation top-1");
            if (history.Any(m => m.ValidationTop5Error > 0))
                Series(plot, history, m => 100 * (1 - m.ValidationTop5Error), "validation top-5");
            plot.ShowLegend(Alignment.LowerRight);
            plot.Title("Accuracy");
            plot.XLabel("epoch");
            plot.YLabel("%");
            plot.Axes.SetLimitsY(0, 100);
            plot.SavePng(path, 640, 420);
        }

        static void Series(Plot plot, IReadOnlyList<EpochMetrics> history, System.Func<EpochMetrics, double> value, string name)
        {
            var points = history.Where(m => !double.IsNaN(value(m))).ToArray();
            if (points.Length == 0) return;
            var scatter = plot.Add.Scatter(points.Select(m => (double)m.Epoch).ToArray(), points.Select(value).ToArray());
            scatter.LegendText = name;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 6;
        }
    }
}
