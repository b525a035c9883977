using System;

namespace Sightline.Data
{
    /// <summary>
    /// One frame's entry in dataset.msgpack: where the image is (relative to the dataset root, '/'-separated,
    /// under frames/&lt;label&gt;/) and what is known about how it was captured.
    /// </summary>
    public sealed class FrameRecord
    {
        public FrameRecord(string id, string label, string path)
        {
            Id = id;
            Label = label;
            Path = path;
        }

        /// <summary>Unique within the dataset; the image's file name without extension.</summary>
        public string Id { get; set; }
        public string Label { get; set; }
        /// <summary>Relative to the dataset root, '/'-separated, e.g. "frames/car/00000012.png".</summary>
        public string Path { get; set; }
        public DatasetSplit Split { get; set; }
        /// <summary>What produced the frame: "unity", "demo", "import", "recovered"...</summary>
        public string Source { get; set; } = "";
        /// <summary>Scene or level name, if any.</summary>
        public string Scene { get; set; } = "";
        public CameraPose? Pose { get; set; }
        /// <summary>Application time in seconds when captured (game time), 0 when unknown.</summary>
        public double Time { get; set; }
        /// <summary>Wall-clock capture time (UTC ticks), 0 when unknown.</summary>
        public long CapturedUtcTicks { get; set; }
        public int Width { get; set; }
        public int Height { get; set; }

        public DateTime CapturedUtc => new DateTime(CapturedUtcTicks, DateTimeKind.Utc);

        public FrameRecord Clone() => (FrameRecord)MemberwiseClone();
    }
}
