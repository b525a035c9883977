using System;

namespace Sightline.Capture
{
    /// <summary>
    /// One labelled camera view on its way to a dataset: RGB8 pixels (top row first, sRGB) and what is known about
    /// where it came from. Built on the main thread from a readback, written on the capture writer's thread.
    /// </summary>
    public sealed class CapturedFrame
    {
        public CapturedFrame(byte[] rgb, int width, int height, string label)
        {
            if (rgb == null) throw new ArgumentNullException(nameof(rgb));
            if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"frame size must be positive (got {width}x{height})");
            if (rgb.Length != (long)width * height * 3) throw new ArgumentException($"a {width}x{height} frame needs {(long)width * height * 3} RGB bytes, got {rgb.Length}", nameof(rgb));
            if (string.IsNullOrWhiteSpace(label)) throw new ArgumentException("a captured frame needs a label", nameof(label));
            Rgb = rgb;
            Width = width;
            Height = height;
            Label = label;
        }

        public byte[] Rgb { get; }
        public int Width { get; }
        public int Height { get; }
        public string Label { get; }
        /// <summary>Scene (level) name.</summary>
        public string Scene { get; set; } = "";
        /// <summary>Game time in seconds when captured.</summary>
        public double Time { get; set; }
        /// <summary>Wall-clock capture time, UTC ticks.</summary>
        public long CapturedUtcTicks { get; set; } = DateTime.UtcNow.Ticks;
        /// <summary>Camera position (x, y, z), rotation quaternion (x, y, z, w) and vertical field of view, when known.</summary>
        public float[]? Pose { get; set; }
        /// <summary>Why the frame got its label (the view rule's reason, or "hotkey").</summary>
        public string LabelReason { get; set; } = "";

        public override string ToString() => $"{Width}x{Height} '{Label}' at {Time:0.00}s";
    }
}
