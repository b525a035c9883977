using System;
using Sightline.Data;

namespace Sightline.Training.Batches
{
    /// <summary>
    /// A batch source that can also hand out training batches as stored frames with their augmentation, for engines
    /// that augment on the device (<see cref="Sightline.Engines.IFrameInputEngine"/>). The augmentation drawn for a
    /// (samples, seed, choice) is the one <see cref="IBatchSource.FillTraining"/> applies, so both paths train alike.
    /// </summary>
    public interface IFrameBatchSource : IBatchSource
    {
        /// <summary>Side of the stored square frames.</summary>
        int StoredSize { get; }

        /// <summary>Stored frames [n, S, S, 3] of the given training samples, their augmentation and labels.</summary>
        void FillTrainingFrames(ReadOnlySpan<int> samples, ulong augmentationSeed, AugmentationChoice augmentation, Span<byte> frames, Span<AugmentParams> augment, Span<int> labels);
    }
}
