using System;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Kernels;
using Sightline.Cuda.Nvrtc;
using Sightline.Data;

namespace Sightline.Cuda.Engine.Input
{
    /// <summary>
    /// GPU-side input for one device: uint8 frames [N, S, S, 3] and their <see cref="AugmentParams"/> go through two
    /// pinned staging slots (the host fills one while the other's upload may still run) and one kernel
    /// (Native~/kernels/augment.cu) writes the float input [N, 3, I, I]: crop, flip, PCA lighting, minus the mean crop,
    /// times the input scale; bit-equal to <see cref="AugmentApply.Apply"/> followed by the CPU's scale.
    /// </summary>
    public sealed class GpuAugmenter : IDisposable
    {
        const int Threads = 256;

        readonly CudaContext _context;
        readonly CudaModule _module;
        readonly CudaKernel _kernel;
        readonly CudaStream _stream;
        readonly DeviceBuffer<float> _meanCrop;
        readonly Slot[] _slots;
        readonly int _maxBlocks;
        int _next;
        bool _disposed;

        // One staging slot: pinned host memory, its device copy, and an event that says when the GPU is done with both.
        sealed class Slot : IDisposable
        {
            public Slot(CudaContext context, long frameBytes, int maxBatch)
            {
                HostFrames = new PinnedBuffer<byte>(context, frameBytes);
                HostParams = new PinnedBuffer<AugmentParams>(context, maxBatch);
                Frames = new DeviceBuffer<byte>(context, frameBytes);
                Params = new DeviceBuffer<AugmentParams>(context, maxBatch);
                Done = new CudaEvent(context, timing: false);
            }

            public PinnedBuffer<byte> HostFrames { get; }
            public PinnedBuffer<AugmentParams> HostParams { get; }
            public DeviceBuffer<byte> Frames { get; }
            public DeviceBuffer<AugmentParams> Params { get; }
            public CudaEvent Done { get; }
            public bool Used { get; set; }

            public void Dispose()
            {
                Done.Dispose();
                Params.Dispose();
                Frames.Dispose();
                HostParams.Dispose();
                HostFrames.Dispose();
            }
        }

        /// <param name="meanCrop">[3, I, I] centre crop of the mean image (<see cref="AugmentApply.MeanCrop"/>).</param>
        /// <param name="inputScale">Multiplies mean-subtracted pixels, as InputNormalization.Scale (uniform); 1: none.</param>
        public GpuAugmenter(CudaContext context, NvrtcCompiler compiler, int storedSize, int inputSize, int maxBatch, ReadOnlySpan<float> meanCrop, float inputScale = 1f)
        {
            if (inputSize < 1 || storedSize < inputSize) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, $"the input size must be 1..{storedSize} (the stored frame size)");
            if (maxBatch < 1) throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, "the largest batch must be at least 1");
            if (meanCrop.Length != 3 * inputSize * inputSize) throw new ArgumentException($"mean crop has {meanCrop.Length} values; [3, {inputSize}, {inputSize}] has {3 * inputSize * inputSize}", nameof(meanCrop));
            _context = context;
            StoredSize = storedSize;
            InputSize = inputSize;
            MaxBatch = maxBatch;
            InputScale = inputScale;
            var compiled = compiler.Compile(KernelSources.Augment, "augment.cu", compiler.TargetFor(context.Device.ComputeCapability));
            _module = new CudaModule(context, compiled.Image, "augment.cu (" + compiled.Target + ")");
            _kernel = _module.Kernel("augment_frames");
            _stream = new CudaStream(context);
            _meanCrop = new DeviceBuffer<float>(context, meanCrop.Length);
            _meanCrop.CopyFrom(meanCrop);
            long frameBytes = (long)maxBatch * storedSize * storedSize * 3;
            _slots = new[] { new Slot(context, frameBytes, maxBatch), new Slot(context, frameBytes, maxBatch) };
            _maxBlocks = Math.Max(1, context.Device.MultiprocessorCount) * 32;
        }

        public int StoredSize { get; }
        public int InputSize { get; }
        public int MaxBatch { get; }
        public float InputScale { get; }
        /// <summary>Bytes of one stored frame: S x S x 3.</summary>
        public int FrameBytes => StoredSize * StoredSize * 3;
        /// <summary>Floats of one network input: 3 x I x I.</summary>
        public int InputLength => 3 * InputSize * InputSize;

        /// <summary>
        /// Queues the upload of <paramref name="batch"/> frames and the kernel writing [batch, 3, I, I] floats at
        /// <paramref name="destination"/> (a device address in this augmenter's context). Returns once the frames are
        /// in pinned memory; the returned event completes when the input is written (make consumers wait on it).
        /// </summary>
        public CudaEvent Enqueue(ReadOnlySpan<byte> frames, ReadOnlySpan<AugmentParams> augment, int batch, ulong destination) =>
            Enqueue(frames, null, 0, augment, batch, destination);

        /// <summary>
        /// As <see cref="Enqueue(ReadOnlySpan{byte}, ReadOnlySpan{AugmentParams}, int, ulong)"/> for frames that already
        /// lie in page-locked memory (from <paramref name="offset"/> bytes on): uploaded from there without a staging
        /// copy, so the frames must stay unchanged until the returned event completes.
        /// </summary>
        public CudaEvent EnqueuePinned(PinnedBuffer<byte> frames, long offset, ReadOnlySpan<AugmentParams> augment, int batch, ulong destination)
        {
            if (frames == null) throw new ArgumentNullException(nameof(frames));
            long bytes = (long)Math.Max(0, batch) * FrameBytes;
            if (offset < 0 || offset + bytes > frames.Length) throw new ArgumentException($"frames [{offset}, {offset + bytes}) are outside the pinned buffer of {frames.Length} bytes", nameof(frames));
            return Enqueue(ReadOnlySpan<byte>.Empty, frames, offset, augment, batch, destination);
        }

        CudaEvent Enqueue(ReadOnlySpan<byte> frames, PinnedBuffer<byte>? pinned, long pinnedOffset, ReadOnlySpan<AugmentParams> augment, int batch, ulong destination)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(GpuAugmenter));
            if (batch < 1 || batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"must be 1..{MaxBatch} (the augmenter's largest batch)");
            long bytes = (long)batch * FrameBytes;
            if (pinned == null && frames.Length < bytes) throw new ArgumentException($"frames hold {frames.Length} bytes; {batch} frames of {StoredSize}x{StoredSize}x3 need {bytes}", nameof(frames));
            if (augment.Length < batch) throw new ArgumentException($"augmentation holds {augment.Length} entries; {batch} needed", nameof(augment));
            int limit = StoredSize - InputSize;
            for (int i = 0; i < batch; i++)
            {
                var p = augment[i];
                // The kernel reads outside the frame for a bad crop: refuse it here, as AugmentApply does.
                if (p.CropX < 0 || p.CropY < 0 || p.CropX > limit || p.CropY > limit)
                    throw new ArgumentOutOfRangeException(nameof(augment), p.ToString(), $"image {i}: crop offsets must be within 0..{limit}");
            }
            var slot = _slots[_next];
            _next = 1 - _next;
            // The slot's previous upload and kernel must be finished before its pinned memory is overwritten.
            if (slot.Used) slot.Done.Synchronize();
            augment.Slice(0, batch).CopyTo(slot.HostParams.AsSpan(0, batch));
            if (pinned != null)
                slot.Frames.CopyFromAsync(pinned, _stream, bytes, pinnedOffset);
            else
            {
                frames.Slice(0, (int)bytes).CopyTo(slot.HostFrames.AsSpan(0, (int)bytes));
                slot.Frames.CopyFromAsync(slot.HostFrames, _stream, bytes);
            }
            slot.Params.CopyFromAsync(slot.HostParams, _stream, batch);
            long total = (long)batch * InputLength;
            var args = new KernelArgs();
            args.Add(slot.Frames.Address); args.Add(slot.Params.Address); args.Add(_meanCrop.Address); args.Add(destination);
            args.Add(batch); args.Add(StoredSize); args.Add(InputSize); args.Add(InputScale);
            _kernel.Launch(_stream, new Dim3((uint)Math.Min(Dim3.BlocksFor(total, Threads), (uint)_maxBlocks)), Threads, args);
            slot.Done.Record(_stream);
            slot.Used = true;
            return slot.Done;
        }

        /// <summary>Waits for every queued upload and kernel.</summary>
        public void Synchronize() => _stream.Synchronize();

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                _stream.Synchronize();
            }
            catch (CudaException)
            {
                // A failed device still gets its resources released below.
            }
            foreach (var s in _slots) s.Dispose();
            _meanCrop.Dispose();
            _stream.Dispose();
            _module.Dispose();
        }
    }
}
