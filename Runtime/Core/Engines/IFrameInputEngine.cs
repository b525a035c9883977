using System;
using System.Buffers;
using Sightline.Data;

namespace Sightline.Engines
{
    /// <summary>
    /// An engine that crops, flips, lights and normalises stored frames itself (the CUDA engine's augment kernel), so a
    /// training loop hands it uint8 frames and 24-byte <see cref="AugmentParams"/> instead of float crops: a third of
    /// the bytes to move and no per-pixel work on the CPU. The result is the same as <see cref="IEngine.Forward"/> of the
    /// crops <see cref="AugmentApply.Apply"/> makes, times the input scale (bit for bit on the CUDA engine).
    /// </summary>
    public interface IFrameInputEngine : IEngine
    {
        /// <summary>
        /// Prepares frame input: frames are <paramref name="storedSize"/>-square RGB bytes, <paramref name="meanCrop"/>
        /// is [3, I, I] (<see cref="AugmentApply.MeanCrop"/>) and <paramref name="inputScale"/> multiplies the
        /// mean-subtracted pixels (1: none).
        /// </summary>
        void SetFrameInput(int storedSize, ReadOnlySpan<float> meanCrop, float inputScale);

        /// <summary>
        /// Host memory of <paramref name="bytes"/> for frames that <see cref="ForwardFrames"/> and <see cref="TrainFrames"/>
        /// read without copying them first (page-locked on the CUDA engine, so the upload starts at once). Fill it from
        /// any thread, but not while a call that reads it is running; dispose it when done (the engine's Dispose frees
        /// what is left).
        /// </summary>
        IMemoryOwner<byte> RentFrameBuffer(int bytes);

        /// <summary>
        /// Forward pass of <paramref name="batch"/> frames [batch, S, S, 3] with one augmentation each; logits
        /// [batch, classes]. A training forward is followed by <see cref="IEngine.Backward"/> as usual.
        /// </summary>
        void ForwardFrames(ReadOnlySpan<byte> frames, ReadOnlySpan<AugmentParams> augment, int batch, Span<float> logits, bool training);

        /// <summary>
        /// One whole training step from frames: forward, backward with <paramref name="labels"/> and the SGD update,
        /// as ForwardFrames + <see cref="IEngine.Backward"/> + <see cref="IEngine.Update"/> (the CUDA engine replays it
        /// as one captured graph). Fills the logits of the forward pass and returns the mean loss; a non-finite loss
        /// has already been applied to the weights, so the caller stops and keeps its last good checkpoint.
        /// </summary>
        float TrainFrames(ReadOnlySpan<byte> frames, ReadOnlySpan<AugmentParams> augment, ReadOnlySpan<int> labels, int batch, in SgdSettings settings, Span<float> logits);
    }
}
