using System;

namespace Sightline.Data
{
    /// <summary>
    /// A captured frame as raw pixels plus what is known about it. The writer takes ownership of <see cref="Pixels"/>
    /// when the frame is enqueued: do not change the array afterwards (hand over a copy if you reuse buffers).
    /// </summary>
    public sealed class RawFrame
    {
        public RawFrame(string label, int width, int height, RawPixelFormat format, byte[] pixels, bool bottomUp = false)
        {
            Label = label;
            Width = width;
            Height = height;
            Format = format;
            Pixels = pixels;
            BottomUp = bottomUp;
        }

        public string Label { get; set; }
        public int Width { get; }
        public int Height { get; }
        public RawPixelFormat Format { get; }
        /// <summary>Width x height x (3 or 4) bytes, rows packed without padding.</summary>
        public byte[] Pixels { get; }
        /// <summary>True when the first row in <see cref="Pixels"/> is the bottom of the image (Unity's texture readback and OpenGL).</summary>
        public bool BottomUp { get; }

        public DatasetSplit Split { get; set; } = DatasetSplit.Train;
        public string Source { get; set; } = "";
        public string Scene { get; set; } = "";
        public CameraPose? Pose { get; set; }
        /// <summary>Application time in seconds (game time).</summary>
        public double Time { get; set; }
        /// <summary>Wall-clock capture time; the writer uses the time of enqueueing when null.</summary>
        public DateTime? CapturedUtc { get; set; }
        /// <summary>File name without extension; the writer numbers frames (00000001, 00000002, ...) when null.</summary>
        public string? Id { get; set; }

        public int BytesPerPixel => Format == RawPixelFormat.Rgba8 ? 4 : 3;

        /// <summary>Checks sizes and the label now, on the caller's thread, so mistakes are not discovered on the writer thread.</summary>
        public void Validate()
        {
            DatasetLayout.ValidateLabel(Label);
            if (Width < 1 || Height < 1) throw new ArgumentException($"frame size {Width}x{Height} is empty");
            if (Width > 16384 || Height > 16384) throw new ArgumentException($"frame size {Width}x{Height} is over 16384 pixels a side");
            if (Pixels == null) throw new ArgumentNullException(nameof(Pixels));
            long needed = (long)Width * Height * BytesPerPixel;
            if (Pixels.Length < needed) throw new ArgumentException($"a {Width}x{Height} {Format} frame needs {needed} bytes, the buffer has {Pixels.Length}");
            if (!Enum.IsDefined(typeof(DatasetSplit), Split)) throw new ArgumentException($"unknown split {(int)Split}");
            if (Id != null)
            {
                if (Id.Length == 0 || Id.IndexOfAny(new[] { '/', '\\', ':', '*', '?', '"', '<', '>', '|' }) >= 0 || Id.StartsWith(".", StringComparison.Ordinal))
                    throw new ArgumentException($"frame id '{Id}' cannot be a file name");
            }
        }
    }
}
