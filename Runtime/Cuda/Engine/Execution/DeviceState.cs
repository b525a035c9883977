using System;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Engine.Kernels;
using Sightline.Cuda.Engine.Planning;

namespace Sightline.Cuda.Engine.Execution
{
    /// <summary>
    /// What one GPU holds for the engine: its context, compiled kernels, the input batch, and full-size flat
    /// parameter, gradient and momentum buffers (NetworkSpec layout) of which it owns the ranges of its towers.
    /// </summary>
    internal sealed class DeviceState : IDisposable
    {
        readonly OwnedResources _owned = new OwnedResources();

        public DeviceState(int ordinal, CudaContext context, EngineKernels kernels, ParameterSegments segments, long parameterCount, long imageElements)
        {
            Ordinal = ordinal;
            Context = context;
            Kernels = kernels;
            Segments = segments;
            Parameters = _owned.Add(new DeviceBuffer<float>(context, parameterCount));
            Gradients = _owned.Add(new DeviceBuffer<float>(context, parameterCount));
            Momentum = _owned.Add(new DeviceBuffer<float>(context, parameterCount));
            Gradients.Clear();
            Momentum.Clear();
            Parameters.Clear();
            SegmentEnds = _owned.Add(new DeviceBuffer<long>(context, segments.Count));
            SegmentEnds.CopyFrom(segments.Ends);
            SegmentFlags = _owned.Add(new DeviceBuffer<byte>(context, segments.Count));
            SegmentFlags.CopyFrom(segments.Flags);
            Image = _owned.Add(new DeviceBuffer<float>(context, imageElements));
            StepCounter = _owned.Add(new DeviceBuffer<long>(context, 1));
            StepCounter.Clear();
        }

        public int Ordinal { get; }
        public CudaContext Context { get; }
        public EngineKernels Kernels { get; }
        public ParameterSegments Segments { get; }
        public DeviceBuffer<float> Parameters { get; }
        public DeviceBuffer<float> Gradients { get; }
        public DeviceBuffer<float> Momentum { get; }
        public DeviceBuffer<long> SegmentEnds { get; }
        public DeviceBuffer<byte> SegmentFlags { get; }
        /// <summary>The input batch [maxBatch, 3, H, W] that conv1 of every tower on this device reads.</summary>
        public DeviceBuffer<float> Image { get; }
        /// <summary>The training step the dropout kernels read (device memory, so captured graphs see the current one).</summary>
        public DeviceBuffer<long> StepCounter { get; }

        /// <summary>Queues writing <paramref name="step"/> into <see cref="StepCounter"/> on <paramref name="stream"/>.</summary>
        public unsafe void SetStep(long step, CudaStream stream)
        {
            var api = Context.Api;
            Context.MakeCurrent();
            ulong low = StepCounter.Address;
            api.Check(api.cuMemsetD32Async(low, (uint)(ulong)step, 1, stream.Handle), "cuMemsetD32Async (step counter)");
            api.Check(api.cuMemsetD32Async(low + 4, (uint)((ulong)step >> 32), 1, stream.Handle), "cuMemsetD32Async (step counter)");
        }

        public void Dispose()
        {
            _owned.Dispose();
            Kernels.Dispose();
        }
    }
}
