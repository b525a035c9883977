using System;

namespace Sightline.Data
{
    /// <summary>One image of an opened dataset: where it is, its label and split, and the file's size and time (which the cache fingerprints).</summary>
    public sealed class DatasetFrame
    {
        public DatasetFrame(string path, string relativePath, string label, int labelIndex, DatasetSplit split, long length, DateTime lastWriteUtc, FrameRecord? record)
        {
            Path = path;
            RelativePath = relativePath;
            Label = label;
            LabelIndex = labelIndex;
            Split = split;
            Length = length;
            LastWriteUtc = lastWriteUtc;
            Record = record;
        }

        /// <summary>Absolute path of the image file.</summary>
        public string Path { get; }
        /// <summary>Relative to the dataset root, '/'-separated.</summary>
        public string RelativePath { get; }
        public string Label { get; }
        public int LabelIndex { get; }
        public DatasetSplit Split { get; }
        public long Length { get; }
        public DateTime LastWriteUtc { get; }
        /// <summary>The manifest entry (capture metadata), or null for ImageFolder images and frames missing from the manifest.</summary>
        public FrameRecord? Record { get; }

        public override string ToString() => $"{RelativePath} ({Label}, {Split})";
    }
}
