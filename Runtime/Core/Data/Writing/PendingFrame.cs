using System;
using Sightline.Capture;
using Sightline.Imaging;

namespace Sightline.Data
{
    /// <summary>A frame accepted by <see cref="DatasetWriter"/> and not yet on disk: checked, with its details copied.</summary>
    readonly struct PendingFrame
    {
        // PNG and the writer's buffers are sized from these; larger frames are almost certainly a wrong size.
        const int MaxSide = 16384;

        PendingFrame(Frame image, string label, CaptureDetails details, DateTime capturedUtc)
        {
            Image = image;
            Label = label;
            Details = details;
            CapturedUtc = capturedUtc;
        }

        public Frame Image { get; }
        public string Label { get; }
        public CaptureDetails Details { get; }
        /// <summary>The details' time, or the time the writer accepted the frame.</summary>
        public DateTime CapturedUtc { get; }

        /// <summary>Checks the frame, label and details now, on the caller's thread, so mistakes are not discovered on the writer thread.</summary>
        public static PendingFrame Check(Frame image, string label, CaptureDetails? details)
        {
            if (image == null) throw new ArgumentNullException(nameof(image));
            DatasetLayout.ValidateLabel(label);
            if (image.Width > MaxSide || image.Height > MaxSide) throw new ArgumentException($"frame size {image.Width}x{image.Height} is over {MaxSide} pixels a side");
            var copy = details?.Clone() ?? new CaptureDetails();
            copy.Validate();
            return new PendingFrame(image, label, copy, copy.CapturedUtc ?? DateTime.UtcNow);
        }
    }
}
