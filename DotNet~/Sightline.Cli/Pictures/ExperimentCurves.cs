using System.Linq;
using ScottPlot;
using Sightline.Cli.Experiments;

namespace Sightline.Cli.Pictures
{
    /// <summary>
    /// Training top-1 error against steps for every variant of an experiment on one plot, as the paper's Figure 1
    /// draws ReLU against tanh: each seed a thin line, the variants told apart by colour, the target as a dashed line.
    /// </summary>
    public static class ExperimentCurves
    {
        static readonly Color[] Colours = { Colors.Blue, Colors.OrangeRed };

        public static void Save(ExperimentSummary summary, string path)
        {
            var plot = new Plot();
            for (int v = 0; v < summary.Variants.Count; v++)
            {
                var variant = summary.Variants[v];
                bool first = true;
                foreach (var run in variant.Runs)
                {
                    var points = run.History.Where(m => !double.IsNaN(m.TrainTop1Error)).ToArray();
                    if (points.Length == 0) continue;
                    var line = plot.Add.Scatter(points.Select(m => (double)m.Epoch * run.StepsPerEpoch).ToArray(), points.Select(m => 100 * m.TrainTop1Error).ToArray());
                    line.Color = Colours[v % Colours.Length];
                    line.LineWidth = 2;
                    line.MarkerSize = 5;
                    if (first) line.LegendText = variant.Name;
                    first = false;
                }
            }
            var target = plot.Add.HorizontalLine(100 * summary.Target);
            target.LinePattern = LinePattern.Dashed;
            target.Color = Colors.Gray;
            target.LegendText = $"target {100 * summary.Target:0.#}%";
            plot.ShowLegend(Alignment.UpperRight);
            plot.Title($"{summary.Experiment.Name}: training error ({summary.Variants[0].Seeds} seed{(summary.Variants[0].Seeds == 1 ? "" : "s")} each)");
            plot.XLabel("steps");
            plot.YLabel("training top-1 error (%)");
            plot.Axes.SetLimitsY(0, 100);
            plot.SavePng(path, 720, 460);
        }
    }
}
