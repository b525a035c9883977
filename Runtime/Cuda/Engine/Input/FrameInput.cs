using System;
using System.Buffers;
using System.Collections.Generic;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Engine.Execution;
using Sightline.Cuda.Nvrtc;
using Sightline.Data;

namespace Sightline.Cuda.Engine.Input
{
    /// <summary>
    /// GPU-side frame input of <see cref="CudaEngine"/> (IFrameInputEngine): an augmenter per device that turns stored
    /// uint8 frames and their augmentation into every device's input batch, and the page-locked frame buffers the
    /// engine lends so frames go up without a staging copy.
    /// </summary>
    internal sealed class FrameInput : IDisposable
    {
        readonly EngineDevices _devices;
        readonly List<PinnedFrameMemory> _memory = new List<PinnedFrameMemory>();
        GpuAugmenter[]? _augmenters; // per device, after Set

        public FrameInput(EngineDevices devices)
        {
            _devices = devices;
        }

        public bool IsSet => _augmenters != null;

        /// <summary>Replaces the augmenters: frames of <paramref name="storedSize"/> square into <paramref name="inputSize"/> square inputs.</summary>
        public void Set(int storedSize, int inputSize, int maxBatch, ReadOnlySpan<float> meanCrop, float inputScale)
        {
            DisposeAugmenters();
            var compiler = NvrtcCompiler.Default();
            var made = new List<GpuAugmenter>();
            try
            {
                foreach (var d in _devices.All) made.Add(new GpuAugmenter(d.Context, compiler, storedSize, inputSize, maxBatch, meanCrop, inputScale));
            }
            catch
            {
                foreach (var a in made) a.Dispose();
                throw;
            }
            _augmenters = made.ToArray();
        }

        /// <summary>Page-locked memory on the first device's context, forgotten again when its owner disposes it.</summary>
        public IMemoryOwner<byte> Rent(int bytes)
        {
            var memory = new PinnedFrameMemory(new PinnedBuffer<byte>(_devices.All[0].Context, bytes), released => { lock (_memory) _memory.Remove(released); });
            lock (_memory) _memory.Add(memory);
            return memory;
        }

        // Frames in memory from Rent go up without a staging copy; others through the augmenter's slots.
        public void Enqueue(ReadOnlySpan<byte> frames, ReadOnlySpan<AugmentParams> augment, int batch)
        {
            PinnedFrameMemory? pinned = null;
            long offset = 0;
            lock (_memory)
                foreach (var m in _memory)
                    if (m.Holds(frames, out offset))
                    {
                        pinned = m;
                        break;
                    }
            long bytes = (long)batch * _augmenters![0].FrameBytes;
            if (pinned != null && frames.Length < bytes)
                throw new ArgumentException($"frames hold {frames.Length} bytes; {batch} frames of {_augmenters[0].StoredSize}x{_augmenters[0].StoredSize}x3 need {bytes}", nameof(frames));
            var devices = _devices.All;
            for (int i = 0; i < devices.Count; i++)
            {
                if (pinned != null) _augmenters[i].EnqueuePinned(pinned.Buffer, offset, augment, batch, devices[i].Image.Address);
                else _augmenters[i].Enqueue(frames, augment, batch, devices[i].Image.Address);
            }
        }

        void DisposeAugmenters()
        {
            if (_augmenters == null) return;
            foreach (var a in _augmenters) a.Dispose();
            _augmenters = null;
        }

        public void Dispose()
        {
            DisposeAugmenters();
            PinnedFrameMemory[] memory;
            lock (_memory) memory = _memory.ToArray();
            foreach (var m in memory) ((IDisposable)m).Dispose();
        }
    }
}
