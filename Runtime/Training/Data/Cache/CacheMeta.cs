using System.Collections.Generic;

namespace Sightline.Data
{
    /// <summary>Everything in a cache file besides the frame bytes: what it was built from, the index, and the training statistics.</summary>
    public sealed class CacheMeta
    {
        public string Fingerprint { get; set; } = "";
        public int StoredSize { get; set; }
        public List<string> Labels { get; } = new List<string>();
        public List<CacheEntry> Entries { get; } = new List<CacheEntry>();
        public List<DatasetProblem> Skipped { get; } = new List<DatasetProblem>();
        /// <summary>Per-pixel mean over the training frames, S x S x 3 (HWC, RGB), in 0..255 units.</summary>
        public float[] Mean { get; set; } = new float[0];
        public double[] Covariance { get; set; } = new double[9];
        public int StatsFrames { get; set; }
    }
}
