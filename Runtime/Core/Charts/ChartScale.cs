using System;
using System.Collections.Generic;

namespace Sightline.Charts
{
    /// <summary>
    /// Maps data to a plot rectangle (GUI coordinates: y grows downwards) and picks round tick values. The range
    /// covers every point of every curve; a flat curve gets a small range around its value so it is still drawn.
    /// </summary>
    public sealed class ChartScale
    {
        ChartScale(double xMin, double xMax, double yMin, double yMax)
        {
            XMin = xMin;
            XMax = xMax;
            YMin = yMin;
            YMax = yMax;
        }

        public double XMin { get; }
        public double XMax { get; }
        public double YMin { get; }
        public double YMax { get; }

        public static ChartScale Fit(IEnumerable<IReadOnlyList<ChartPoint>> curves, double? yMin = null, double? yMax = null)
        {
            double x0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y0 = double.PositiveInfinity, y1 = double.NegativeInfinity;
            foreach (var curve in curves)
                foreach (var p in curve)
                {
                    x0 = Math.Min(x0, p.X); x1 = Math.Max(x1, p.X);
                    y0 = Math.Min(y0, p.Y); y1 = Math.Max(y1, p.Y);
                }
            if (double.IsInfinity(x0)) { x0 = 0; x1 = 1; y0 = 0; y1 = 1; }
            if (yMin.HasValue) y0 = yMin.Value;
            if (yMax.HasValue) y1 = yMax.Value;
            if (x1 <= x0) x1 = x0 + 1;
            if (y1 <= y0)
            {
                double pad = Math.Abs(y0) > 0 ? Math.Abs(y0) * 0.1 : 1;
                y0 -= pad;
                y1 += pad;
            }
            return new ChartScale(x0, x1, y0, y1);
        }

        /// <summary>GUI x of data x in a plot spanning [left, left + width].</summary>
        public float ToX(double x, float left, float width) => (float)(left + (x - XMin) / (XMax - XMin) * width);

        /// <summary>GUI y of data y in a plot spanning [top, top + height]; larger values are higher up.</summary>
        public float ToY(double y, float top, float height) => (float)(top + (1 - (y - YMin) / (YMax - YMin)) * height);

        /// <summary>Round values (1, 2 or 5 times a power of ten apart) inside [min, max], about <paramref name="count"/> of them.</summary>
        public static double[] Ticks(double min, double max, int count)
        {
            if (!(max > min) || count < 1) return new[] { min };
            double raw = (max - min) / count;
            double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            double step = magnitude * (raw / magnitude < 1.5 ? 1 : raw / magnitude < 3.5 ? 2 : raw / magnitude < 7.5 ? 5 : 10);
            var ticks = new List<double>();
            for (double v = Math.Ceiling(min / step) * step; v <= max + step * 1e-9; v += step)
                ticks.Add(Math.Abs(v) < step * 1e-9 ? 0 : Math.Round(v / step) * step);
            return ticks.ToArray();
        }
    }
}
