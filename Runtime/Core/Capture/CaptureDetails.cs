using System;
using Sightline.Data;

namespace Sightline.Capture
{
    /// <summary>
    /// What is known about a frame besides its pixels and label; <see cref="DatasetWriter"/> copies it into the
    /// dataset manifest (<see cref="FrameRecord"/>).
    /// </summary>
    public sealed class CaptureDetails
    {
        /// <summary>Scene (level) name.</summary>
        public string Scene { get; set; } = "";
        /// <summary>Game time in seconds.</summary>
        public double Time { get; set; }
        public CameraPose? Pose { get; set; }
        public DatasetSplit Split { get; set; } = DatasetSplit.Train;
        /// <summary>What produced the frame: "unity" for the capture component, "demo", "import"... Empty when unknown.</summary>
        public string Source { get; set; } = "";
        /// <summary>Wall-clock capture time; the writer uses the time of enqueueing when null.</summary>
        public DateTime? CapturedUtc { get; set; }
        /// <summary>File name without extension; the writer numbers frames (00000001, 00000002, ...) when null.</summary>
        public string? Id { get; set; }

        /// <summary>A copy, so a caller may reuse its details object while the writer still holds a queued frame.</summary>
        public CaptureDetails Clone() => (CaptureDetails)MemberwiseClone();

        /// <summary>Checks the split and id now, on the caller's thread, so mistakes are not discovered on the writer thread.</summary>
        public void Validate()
        {
            if (!Enum.IsDefined(typeof(DatasetSplit), Split)) throw new ArgumentException($"unknown split {(int)Split}");
            if (Id != null && (Id.Length == 0 || Id.IndexOfAny(new[] { '/', '\\', ':', '*', '?', '"', '<', '>', '|' }) >= 0 || Id.StartsWith(".", StringComparison.Ordinal)))
                throw new ArgumentException($"frame id '{Id}' cannot be a file name");
        }
    }
}
