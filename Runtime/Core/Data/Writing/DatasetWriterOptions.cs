namespace Sightline.Data
{
    public sealed class DatasetWriterOptions
    {
        /// <summary>Frames waiting for the disk; beyond this <see cref="DatasetWriter.Enqueue"/> drops the frame and returns false rather than grow memory without bound.</summary>
        public int MaxPendingFrames { get; set; } = 256;
        /// <summary>The writer thread rewrites the manifest once per this many frames at most (and whenever its queue runs empty).</summary>
        public int FramesPerManifestWrite { get; set; } = 64;
    }
}
