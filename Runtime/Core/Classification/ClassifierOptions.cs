namespace Sightline.Classification
{
    /// <summary>How an <see cref="ImageClassifier"/> schedules requests.</summary>
    public sealed class ClassifierOptions
    {
        /// <summary>
        /// False (default): every request is classified; requests that arrive while a batch runs are gathered into the
        /// next batch (up to the engine's MaxBatch). True: cameras; a newer request supersedes every older one still
        /// waiting, which then fails with <see cref="FrameSupersededException"/>.
        /// </summary>
        public bool LatestFrameWins { get; set; }

        /// <summary>
        /// True (default): frames of any size are scaled and centre-cropped to the network's input. False: frames must
        /// already be the input size (they are only normalised) and other sizes are refused.
        /// </summary>
        public bool ResizeFrames { get; set; } = true;

        /// <summary>Classes in each result (top-k) when a request does not say.</summary>
        public int DefaultTop { get; set; } = 5;
    }
}
