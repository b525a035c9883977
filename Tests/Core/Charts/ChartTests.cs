using System;
using System.Linq;
using NUnit.Framework;
using Sightline.Charts;

namespace Sightline.Tests.Core.Charts
{
    public class ChartTests
    {
        [Test]
        public void SnapshotKeepsSpikesWhenReducingACurve()
        {
            var series = new ChartSeries("loss");
            for (int i = 0; i < 10000; i++) series.Add(i, i == 4321 ? 50 : 1.0);
            var points = series.Snapshot(200);
            Assert.That(points.Length, Is.LessThanOrEqualTo(200));
            Assert.That(points.Max(p => p.Y), Is.EqualTo(50));
            Assert.That(points.Select(p => p.X), Is.Ordered);
            Assert.That(points.First().X, Is.EqualTo(0));
        }

        [Test]
        public void ShortCurvesAreReturnedWholeAndNonFiniteValuesAreSkipped()
        {
            var series = new ChartSeries("loss");
            series.Add(0, 2.3);
            series.Add(1, double.NaN);
            series.Add(2, double.PositiveInfinity);
            series.Add(3, 1.9);
            Assert.That(series.Snapshot(100).Select(p => p.Y), Is.EqualTo(new[] { 2.3, 1.9 }));
            Assert.That(series.Skipped, Is.EqualTo(2));
        }

        [Test]
        public void ScaleMapsDataIntoTheRectangleWithLargerValuesHigher()
        {
            var curve = new[] { new ChartPoint(0, 0), new ChartPoint(10, 2) };
            var scale = ChartScale.Fit(new[] { curve });
            Assert.That(scale.ToX(0, 100, 200), Is.EqualTo(100f));
            Assert.That(scale.ToX(10, 100, 200), Is.EqualTo(300f));
            Assert.That(scale.ToY(2, 50, 100), Is.EqualTo(50f), "the maximum is at the top");
            Assert.That(scale.ToY(0, 50, 100), Is.EqualTo(150f));
        }

        [Test]
        public void AFlatOrEmptyCurveStillGetsARange()
        {
            var flat = ChartScale.Fit(new[] { new[] { new ChartPoint(3, 5), new ChartPoint(3, 5) } });
            Assert.That(flat.YMax, Is.GreaterThan(flat.YMin));
            Assert.That(flat.XMax, Is.GreaterThan(flat.XMin));
            var empty = ChartScale.Fit(new ChartPoint[0][]);
            Assert.That(empty.YMax, Is.GreaterThan(empty.YMin));
            var fixedRange = ChartScale.Fit(new[] { new[] { new ChartPoint(0, 0.4) } }, 0, 1);
            Assert.That(new[] { fixedRange.YMin, fixedRange.YMax }, Is.EqualTo(new[] { 0.0, 1.0 }));
        }

        [TestCase(0, 1, 5, new[] { 0, 0.2, 0.4, 0.6, 0.8, 1.0 })]
        [TestCase(0, 7, 4, new[] { 0.0, 2, 4, 6 })]
        [TestCase(0.13, 0.61, 4, new[] { 0.2, 0.3, 0.4, 0.5, 0.6 })]
        public void TicksAreRoundNumbersInsideTheRange(double min, double max, int count, double[] expected)
        {
            Assert.That(ChartScale.Ticks(min, max, count), Is.EqualTo(expected).Within(1e-9));
        }

        [Test]
        public void ConfusionCellsAreSharesOfTheirRow()
        {
            // actual 0: 8 right, 2 as class 1; actual 1: 1 as class 0, 1 right; actual 2: no samples.
            var counts = new[] { 8, 2, 0, 1, 1, 0, 0, 0, 0 };
            var shares = ConfusionShading.RowShares(counts, 3);
            Assert.That(shares, Is.EqualTo(new[] { 0.8f, 0.2f, 0f, 0.5f, 0.5f, 0f, 0f, 0f, 0f }).Within(1e-6f));
            Assert.Throws<ArgumentException>(() => ConfusionShading.RowShares(counts, 2));
        }
    }
}
