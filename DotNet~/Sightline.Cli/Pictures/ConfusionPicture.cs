using System.Globalization;
using ScottPlot;
using Sightline.Training.Evaluation;

namespace Sightline.Cli.Pictures
{
    /// <summary>The confusion matrix as a PNG: rows are true labels, columns predictions; colour is the row fraction, text the count.</summary>
    public static class ConfusionPicture
    {
        public static void Save(ConfusionMatrix matrix, string path)
        {
            int n = matrix.Classes;
            var plot = new Plot();
            var colours = new ScottPlot.Colormaps.Viridis();
            var positions = new double[n];
            var rows = new double[n];
            var names = new string[n];
            for (int i = 0; i < n; i++)
            {
                positions[i] = i;
                rows[i] = n - 1 - i;
                names[i] = matrix.Labels[i];
                int total = 0;
                for (int j = 0; j < n; j++) total += matrix[i, j];
                for (int j = 0; j < n; j++)
                {
                    double fraction = total == 0 ? 0 : (double)matrix[i, j] / total;
                    double y = n - 1 - i;
                    var cell = plot.Add.Rectangle(j - 0.5, j + 0.5, y - 0.5, y + 0.5);
                    cell.FillColor = colours.GetColor(fraction);
                    cell.LineWidth = 0;
                    if (n <= 30)
                    {
                        var text = plot.Add.Text(matrix[i, j].ToString(CultureInfo.InvariantCulture), j, y);
                        text.LabelFontColor = fraction > 0.6 ? Colors.Black : Colors.White;
                        text.LabelAlignment = Alignment.MiddleCenter;
                        text.LabelFontSize = n <= 10 ? 16 : 9;
                    }
                }
            }
            plot.Axes.Bottom.SetTicks(positions, names);
            plot.Axes.Left.SetTicks(rows, names);
            plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
            plot.Title($"Confusion ({matrix.Correct} of {matrix.Total} correct)");
            plot.XLabel("predicted");
            plot.YLabel("actual");
            int side = System.Math.Max(480, 60 + 40 * n);
            plot.SavePng(path, side + 80, side);
        }
    }
}
