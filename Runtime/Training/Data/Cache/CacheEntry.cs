namespace Sightline.Data
{
    /// <summary>One decoded frame in a <see cref="FrameCache"/>.</summary>
    public readonly struct CacheEntry
    {
        public CacheEntry(string relativePath, int labelIndex, DatasetSplit split, int slot)
        {
            RelativePath = relativePath;
            LabelIndex = labelIndex;
            Split = split;
            Slot = slot;
        }

        public string RelativePath { get; }
        public int LabelIndex { get; }
        public DatasetSplit Split { get; }
        /// <summary>Position of the frame's bytes in the cache file (frames that failed to decode leave their slot unused).</summary>
        public int Slot { get; }
    }
}
