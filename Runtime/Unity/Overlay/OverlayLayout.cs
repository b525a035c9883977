#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using Sightline.Classification;

namespace Sightline.Unity.Overlay
{
    /// <summary>One row of the overlay: a label, its probability as text, and the bar's share of the row (0 to 1).</summary>
    public readonly struct OverlayLine
    {
        public OverlayLine(string text, float bar)
        {
            Text = text;
            Bar = bar;
        }

        public string Text { get; }
        public float Bar { get; }
    }

    /// <summary>
    /// Where the overlay's panel goes and what it says, in screen pixels (GUI coordinates: origin at the upper left),
    /// without Unity types so it is the same in the Editor, players and tests.
    /// </summary>
    public static class OverlayLayout
    {
        /// <summary>The panel's upper-left corner for a panel of the given size in a corner of the screen, kept on screen.</summary>
        public static (float x, float y) Panel(OverlayAnchor anchor, float screenWidth, float screenHeight, float width, float height, float margin)
        {
            bool right = anchor == OverlayAnchor.UpperRight || anchor == OverlayAnchor.LowerRight;
            bool lower = anchor == OverlayAnchor.LowerLeft || anchor == OverlayAnchor.LowerRight;
            float x = right ? screenWidth - margin - width : margin;
            float y = lower ? screenHeight - margin - height : margin;
            // A panel wider or taller than the screen starts at its edge rather than off it.
            return (Math.Max(0f, x), Math.Max(0f, y));
        }

        /// <summary>The <paramref name="top"/> most probable labels of <paramref name="result"/>, one line each (none before the first result).</summary>
        public static List<OverlayLine> Lines(ClassificationResult? result, int top)
        {
            var lines = new List<OverlayLine>();
            if (result == null) return lines;
            int n = Math.Min(Math.Max(0, top), result.Top.Count);
            for (int i = 0; i < n; i++)
            {
                var score = result.Top[i];
                float p = float.IsNaN(score.Probability) ? 0f : Math.Max(0f, Math.Min(1f, score.Probability));
                lines.Add(new OverlayLine(score.Label + "  " + (100 * p).ToString("0.0", CultureInfo.InvariantCulture) + "%", p));
            }
            return lines;
        }
    }
}
