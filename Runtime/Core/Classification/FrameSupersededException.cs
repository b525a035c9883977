using System;

namespace Sightline.Classification
{
    /// <summary>
    /// The request was dropped unclassified because a newer frame arrived first (latest-frame-wins mode). It is an
    /// <see cref="OperationCanceledException"/>, so code that handles cancellation handles this too.
    /// </summary>
    public sealed class FrameSupersededException : OperationCanceledException
    {
        public FrameSupersededException() : base("the frame was superseded by a newer frame before it was classified (latest-frame-wins mode)") { }
    }
}
