using System;
using System.Buffers;
using Sightline.Data;
using Sightline.Engines;

namespace Sightline.Training.Sessions
{
    /// <summary>
    /// One batch: float crops (host augmentation) or stored frames with their augmentation (device), the frames in
    /// memory the engine lends (page-locked on the GPU engine: uploaded without another copy).
    /// </summary>
    sealed class BatchBuffer : IDisposable
    {
        readonly IMemoryOwner<byte>? _frames;

        public BatchBuffer(int batch, int pixels, int frameBytes, IFrameInputEngine? engine)
        {
            HasFrames = frameBytes > 0;
            Input = HasFrames ? Array.Empty<float>() : new float[batch * pixels];
            _frames = HasFrames ? engine!.RentFrameBuffer(batch * frameBytes) : null;
            Augment = HasFrames ? new AugmentParams[batch] : Array.Empty<AugmentParams>();
            Labels = new int[batch];
        }

        public bool HasFrames { get; }
        public float[] Input { get; }
        public Memory<byte> Frames => _frames?.Memory ?? Memory<byte>.Empty;
        public AugmentParams[] Augment { get; }
        public int[] Labels { get; }

        public void Dispose() => _frames?.Dispose();
    }
}
