using System.Collections.Generic;

namespace Sightline.Data
{
    /// <summary>The content of dataset.msgpack: format version, labels and one record per frame.</summary>
    public sealed class DatasetManifest
    {
        /// <summary>Written into every manifest; a reader refuses versions newer than it knows.</summary>
        public const int CurrentVersion = 1;
        /// <summary>First element of the top-level array, so that an unrelated msgpack file is recognised as such.</summary>
        public const string Magic = "sightline-dataset";

        public int Version { get; set; } = CurrentVersion;
        /// <summary>Every label ever used, including ones whose frames were all removed.</summary>
        public List<string> Labels { get; } = new List<string>();
        public List<FrameRecord> Frames { get; } = new List<FrameRecord>();
    }
}
