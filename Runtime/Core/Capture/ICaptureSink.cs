namespace Sightline.Capture
{
    /// <summary>
    /// Where captured frames end up (a dataset folder through the dataset writer; a list in tests). Called from the
    /// capture writer's one worker thread, one frame at a time; it may block (file I/O) and may throw.
    /// </summary>
    public interface ICaptureSink
    {
        /// <summary>Stores one frame and returns where (a path, or any description for reports).</summary>
        string Write(CapturedFrame frame);
    }
}
