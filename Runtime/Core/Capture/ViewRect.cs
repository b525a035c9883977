using System;

namespace Sightline.Capture
{
    /// <summary>
    /// An axis-aligned rectangle in viewport coordinates: (0, 0) bottom-left and (1, 1) top-right of the camera's
    /// view, as Unity's Camera.WorldToViewportPoint gives them. Parts outside the view are allowed and clipped away.
    /// </summary>
    public readonly struct ViewRect
    {
        public ViewRect(float xMin, float yMin, float xMax, float yMax)
        {
            XMin = Math.Min(xMin, xMax);
            YMin = Math.Min(yMin, yMax);
            XMax = Math.Max(xMin, xMax);
            YMax = Math.Max(yMin, yMax);
        }

        public float XMin { get; }
        public float YMin { get; }
        public float XMax { get; }
        public float YMax { get; }

        /// <summary>The smallest rectangle holding every point (x[i], y[i]); points behind the camera are the caller's to drop.</summary>
        public static ViewRect Enclosing(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        {
            if (x.Length == 0 || x.Length != y.Length) throw new ArgumentException("need the same positive number of x and y coordinates");
            float x0 = x[0], x1 = x[0], y0 = y[0], y1 = y[0];
            for (int i = 1; i < x.Length; i++)
            {
                x0 = Math.Min(x0, x[i]); x1 = Math.Max(x1, x[i]);
                y0 = Math.Min(y0, y[i]); y1 = Math.Max(y1, y[i]);
            }
            return new ViewRect(x0, y0, x1, y1);
        }

        /// <summary>This rectangle clipped to the view [0, 1] x [0, 1] (empty when it lies outside).</summary>
        public ViewRect ClippedToView() => new ViewRect(Clamp01(XMin), Clamp01(YMin), Clamp01(XMax), Clamp01(YMax));

        public float Area => (XMax - XMin) * (YMax - YMin);
        public bool IsEmpty => !(XMax > XMin && YMax > YMin);

        static float Clamp01(float v) => v < 0f ? 0f : v > 1f ? 1f : v;

        public override string ToString() => $"[{XMin:0.###}, {YMin:0.###}]-[{XMax:0.###}, {YMax:0.###}]";
    }
}
