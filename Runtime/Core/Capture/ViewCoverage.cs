using System;
using System.Collections.Generic;
using System.Linq;

namespace Sightline.Capture
{
    /// <summary>
    /// Per-label coverage of a view, measured two ways: from the screen-space bounds of labelled objects (cheap,
    /// no extra rendering, ignores occlusion) or from a label mask, one label id per pixel (exact, occlusion included).
    /// </summary>
    public static class ViewCoverage
    {
        /// <summary>
        /// Coverage per label from object bounds: each label's rectangles are clipped to the view and united, so two
        /// overlapping objects with the same label are not counted twice. Labels are returned in ordinal order.
        /// </summary>
        public static IReadOnlyList<LabelCoverage> FromBounds(IEnumerable<KeyValuePair<string, ViewRect>> objects)
        {
            if (objects == null) throw new ArgumentNullException(nameof(objects));
            var byLabel = new SortedDictionary<string, List<ViewRect>>(StringComparer.Ordinal);
            foreach (var pair in objects)
            {
                if (string.IsNullOrEmpty(pair.Key)) continue;
                var clipped = pair.Value.ClippedToView();
                if (clipped.IsEmpty) continue;
                if (!byLabel.TryGetValue(pair.Key, out var list)) byLabel.Add(pair.Key, list = new List<ViewRect>());
                list.Add(clipped);
            }
            return byLabel.Select(p => new LabelCoverage(p.Key, UnionArea(p.Value))).ToArray();
        }

        /// <summary>
        /// Coverage per label from a mask of label indices (one per pixel; negative or out of range = unlabelled).
        /// Labels that cover no pixel are left out.
        /// </summary>
        public static IReadOnlyList<LabelCoverage> FromMask(ReadOnlySpan<int> mask, IReadOnlyList<string> labels)
        {
            if (labels == null) throw new ArgumentNullException(nameof(labels));
            if (mask.Length == 0) return Array.Empty<LabelCoverage>();
            var counts = new long[labels.Count];
            foreach (int id in mask)
                if ((uint)id < (uint)counts.Length) counts[id]++;
            var result = new List<LabelCoverage>();
            for (int i = 0; i < counts.Length; i++)
                if (counts[i] > 0) result.Add(new LabelCoverage(labels[i], (double)counts[i] / mask.Length));
            return result;
        }

        /// <summary>Exact area of a union of rectangles (coordinate compression; labels have few objects in view).</summary>
        public static double UnionArea(IReadOnlyList<ViewRect> rects)
        {
            if (rects.Count == 0) return 0;
            if (rects.Count == 1) return rects[0].IsEmpty ? 0 : rects[0].Area;
            var xs = rects.SelectMany(r => new[] { r.XMin, r.XMax }).Distinct().OrderBy(v => v).ToArray();
            double area = 0;
            var spans = new List<(float y0, float y1)>();
            for (int i = 0; i + 1 < xs.Length; i++)
            {
                float xMid = (xs[i] + xs[i + 1]) * 0.5f;
                spans.Clear();
                foreach (var r in rects)
                    if (!r.IsEmpty && r.XMin <= xMid && xMid < r.XMax) spans.Add((r.YMin, r.YMax));
                if (spans.Count == 0) continue;
                spans.Sort((a, b) => a.y0.CompareTo(b.y0));
                double covered = 0;
                float start = spans[0].y0, end = spans[0].y1;
                foreach (var (y0, y1) in spans)
                {
                    if (y0 > end)
                    {
                        covered += end - start;
                        start = y0;
                        end = y1;
                    }
                    else if (y1 > end) end = y1;
                }
                covered += end - start;
                area += covered * (xs[i + 1] - xs[i]);
            }
            return area;
        }
    }
}
