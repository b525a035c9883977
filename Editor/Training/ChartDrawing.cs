using System.Collections.Generic;
using System.Linq;
using Sightline.Charts;
using UnityEditor;
using UnityEngine;

namespace Sightline.Editor.Training
{
    /// <summary>Draws live curves and a confusion matrix with Unity's immediate-mode GUI (no textures, no packages).</summary>
    public static class ChartDrawing
    {
        static readonly Color Background = new Color(0.16f, 0.16f, 0.16f);
        static readonly Color Grid = new Color(1f, 1f, 1f, 0.08f);

        /// <summary>Curves in a plot of the given height filling the window's width; <paramref name="yMin"/>/<paramref name="yMax"/> fix the range.</summary>
        public static void Curves(string title, IReadOnlyList<(ChartSeries series, Color color)> curves, float height, double? yMin = null, double? yMax = null)
        {
            GUILayout.Label(title, EditorStyles.boldLabel);
            Rect area = GUILayoutUtility.GetRect(200f, 4000f, height, height);
            EditorGUI.DrawRect(area, Background);
            int maxPoints = Mathf.Max(2, (int)area.width);
            var snapshots = curves.Select(c => (points: c.series.Snapshot(maxPoints), c.color, c.series.Name)).ToList();
            var scale = ChartScale.Fit(snapshots.Select(s => (IReadOnlyList<ChartPoint>)s.points), yMin, yMax);
            const float left = 44f, pad = 6f;
            float plotLeft = area.x + left, plotWidth = area.width - left - pad, plotTop = area.y + pad, plotHeight = area.height - 2 * pad;

            foreach (var tick in ChartScale.Ticks(scale.YMin, scale.YMax, 4))
            {
                float y = scale.ToY(tick, plotTop, plotHeight);
                EditorGUI.DrawRect(new Rect(plotLeft, y, plotWidth, 1f), Grid);
                GUI.Label(new Rect(area.x + 2f, y - 8f, left - 4f, 16f), tick.ToString("0.###"), EditorStyles.miniLabel);
            }
            float legendX = plotLeft + 4f;
            foreach (var (points, color, name) in snapshots)
            {
                if (points.Length >= 2)
                {
                    var line = new Vector3[points.Length];
                    for (int i = 0; i < points.Length; i++)
                        line[i] = new Vector3(scale.ToX(points[i].X, plotLeft, plotWidth), scale.ToY(points[i].Y, plotTop, plotHeight), 0f);
                    Handles.color = color;
                    Handles.DrawAAPolyLine(2f, line);
                }
                EditorGUI.DrawRect(new Rect(legendX, area.y + pad + 4f, 10f, 3f), color);
                GUI.Label(new Rect(legendX + 14f, area.y + pad - 4f, 140f, 16f), name, EditorStyles.miniLabel);
                legendX += 150f;
            }
            Handles.color = Color.white;
        }

        /// <summary>The confusion matrix as a grid: rows actual classes, columns predictions, shaded by share of the row.</summary>
        public static void Confusion(IReadOnlyList<string> labels, IReadOnlyList<int> counts, float maxSize)
        {
            int n = labels.Count;
            if (n == 0) return;
            var shares = ConfusionShading.RowShares(counts, n);
            const float labelWidth = 90f;
            float cell = Mathf.Max(6, (int)((maxSize - labelWidth) / n));
            Rect area = GUILayoutUtility.GetRect(labelWidth + cell * n, labelWidth + cell * n, cell * n + 4f, cell * n + 4f);
            bool showCounts = cell >= 28f;
            for (int a = 0; a < n; a++)
            {
                GUI.Label(new Rect(area.x, area.y + a * cell, labelWidth - 4f, cell), labels[a], EditorStyles.miniLabel);
                for (int p = 0; p < n; p++)
                {
                    float share = shares[a * n + p];
                    // Correct predictions shade green, mistakes red: the diagonal should be the only bright line.
                    var tint = a == p ? new Color(0.2f, 0.8f, 0.3f) : new Color(0.9f, 0.25f, 0.2f);
                    var rect = new Rect(area.x + labelWidth + p * cell, area.y + a * cell, cell - 1f, cell - 1f);
                    EditorGUI.DrawRect(rect, Color.Lerp(Background, tint, share));
                    if (showCounts) GUI.Label(rect, counts[a * n + p].ToString(), EditorStyles.miniLabel);
                }
            }
        }
    }
}
