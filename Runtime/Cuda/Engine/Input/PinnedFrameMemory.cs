using System;
using System.Buffers;
using Sightline.Cuda.Driver;

namespace Sightline.Cuda.Engine.Input
{
    /// <summary>
    /// Frame memory handed out by <see cref="CudaEngine.RentFrameBuffer"/>: page-locked host memory the caller fills
    /// (from any thread) and the engine uploads from directly, without copying it into its own staging buffer first.
    /// Disposing frees it; so does disposing the engine.
    /// </summary>
    internal sealed unsafe class PinnedFrameMemory : MemoryManager<byte>
    {
        readonly Action<PinnedFrameMemory> _released;
        PinnedBuffer<byte>? _buffer;

        public PinnedFrameMemory(PinnedBuffer<byte> buffer, Action<PinnedFrameMemory> released)
        {
            if (buffer.Length > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(buffer), buffer.Length, "frame memory above 2 GiB does not fit one span");
            _buffer = buffer;
            _released = released;
        }

        public PinnedBuffer<byte> Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PinnedFrameMemory));

        /// <summary>Whether <paramref name="frames"/> lies inside this memory; its offset in bytes when it does.</summary>
        public bool Holds(ReadOnlySpan<byte> frames, out long offset)
        {
            offset = 0;
            if (_buffer == null || frames.IsEmpty) return false;
            fixed (byte* p = frames)
            {
                byte* start = _buffer.Pointer;
                if (p < start || p + frames.Length > start + _buffer.Length) return false;
                offset = p - start;
                return true;
            }
        }

        public override Span<byte> GetSpan() => Buffer.AsSpan();

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            if (elementIndex < 0 || elementIndex > Buffer.Length) throw new ArgumentOutOfRangeException(nameof(elementIndex));
            // Page-locked memory never moves: the handle needs no GC pin.
            return new MemoryHandle(Buffer.Pointer + elementIndex);
        }

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
            var buffer = _buffer;
            if (buffer == null) return;
            _buffer = null;
            buffer.Dispose();
            _released(this);
        }
    }
}
