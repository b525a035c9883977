using System;
using Sightline.Data;

namespace Sightline.Capture
{
    /// <summary>What a capture component knows about a view besides its pixels; copied into the dataset manifest.</summary>
    public sealed class CaptureDetails
    {
        /// <summary>Scene (level) name.</summary>
        public string Scene { get; set; } = "";
        /// <summary>Game time in seconds.</summary>
        public double Time { get; set; }
        public CameraPose? Pose { get; set; }
        public DatasetSplit Split { get; set; } = DatasetSplit.Train;
        /// <summary>What produced the frame ("unity" for the capture component).</summary>
        public string Source { get; set; } = "unity";
        public DateTime? CapturedUtc { get; set; }

        /// <summary>Copies these details onto a frame for the dataset writer.</summary>
        public RawFrame ApplyTo(RawFrame frame)
        {
            if (frame == null) throw new ArgumentNullException(nameof(frame));
            frame.Scene = Scene;
            frame.Time = Time;
            frame.Pose = Pose;
            frame.Split = Split;
            frame.Source = Source;
            frame.CapturedUtc = CapturedUtc;
            return frame;
        }
    }
}
