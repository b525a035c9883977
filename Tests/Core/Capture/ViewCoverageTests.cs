using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using Sightline.Capture;

namespace Sightline.Tests.Core.Capture
{
    public class ViewCoverageTests
    {
        static KeyValuePair<string, ViewRect> Obj(string label, float x0, float y0, float x1, float y1) =>
            new KeyValuePair<string, ViewRect>(label, new ViewRect(x0, y0, x1, y1));

        [Test]
        public void BoundsAreClippedToTheView()
        {
            var coverage = ViewCoverage.FromBounds(new[] { Obj("car", -1f, -1f, 0.5f, 0.5f), Obj("tree", 2f, 2f, 3f, 3f) });
            Assert.That(coverage.Count, Is.EqualTo(1), "an object wholly outside the view covers nothing");
            Assert.That(coverage[0].Label, Is.EqualTo("car"));
            Assert.That(coverage[0].Fraction, Is.EqualTo(0.25).Within(1e-6));
        }

        [Test]
        public void OverlappingObjectsWithOneLabelAreNotCountedTwice()
        {
            // Two 0.5 x 0.5 squares overlapping in a 0.25 x 0.5 strip: 0.25 + 0.25 - 0.125.
            var coverage = ViewCoverage.FromBounds(new[] { Obj("car", 0f, 0f, 0.5f, 0.5f), Obj("car", 0.25f, 0f, 0.75f, 0.5f) });
            Assert.That(coverage.Single().Fraction, Is.EqualTo(0.375).Within(1e-6));
        }

        [Test]
        public void UnionAreaOfManyRectanglesMatchesAGridCount()
        {
            var rects = new List<ViewRect>
            {
                new ViewRect(0.1f, 0.1f, 0.4f, 0.6f),
                new ViewRect(0.3f, 0.2f, 0.8f, 0.3f),
                new ViewRect(0.35f, 0.5f, 0.45f, 0.9f),
                new ViewRect(0.7f, 0.0f, 0.9f, 0.25f),
            };
            // Count cells of a 1000 x 1000 grid whose centre is in some rectangle.
            int n = 1000, inside = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    float x = (i + 0.5f) / n, y = (j + 0.5f) / n;
                    if (rects.Any(r => x >= r.XMin && x < r.XMax && y >= r.YMin && y < r.YMax)) inside++;
                }
            Assert.That(ViewCoverage.UnionArea(rects), Is.EqualTo(inside / (double)(n * n)).Within(2e-3));
        }

        [Test]
        public void MaskCoverageCountsPixelsPerLabel()
        {
            // 4x2 mask: 3 pixels car (0), 1 tree (1), 4 unlabelled (-1 or out of range).
            var mask = new[] { 0, 0, -1, 1, 0, 7, -1, -1 };
            var coverage = ViewCoverage.FromMask(mask, new[] { "car", "tree", "house" });
            Assert.That(coverage.Select(c => c.Label), Is.EqualTo(new[] { "car", "tree" }));
            Assert.That(coverage[0].Fraction, Is.EqualTo(3 / 8.0));
            Assert.That(coverage[1].Fraction, Is.EqualTo(1 / 8.0));
        }

        [Test]
        public void EnclosingRectangleHoldsEveryPoint()
        {
            var rect = ViewRect.Enclosing(new[] { 0.2f, 0.9f, 0.5f }, new[] { 0.7f, 0.1f, 0.4f });
            Assert.That(rect.XMin, Is.EqualTo(0.2f));
            Assert.That(rect.XMax, Is.EqualTo(0.9f));
            Assert.That(rect.YMin, Is.EqualTo(0.1f));
            Assert.That(rect.YMax, Is.EqualTo(0.7f));
        }
    }
}
