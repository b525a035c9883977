using System;
using Sightline.Cpu;
using System.Collections.Generic;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Engine.Kernels;
using Sightline.Cuda.Engine.Layers;
using Sightline.Cuda.Engine.Planning;
using Sightline.Cuda.Nvrtc;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Cuda.Engine.Execution
{
    /// <summary>
    /// Device setup for <see cref="CudaEngine"/>: a context and compiled kernels per GPU in use (peer access between
    /// two), a <see cref="TowerState"/> per tower with the buffers and convolutions of its block shares, and the ways
    /// the host and the towers meet: flat-buffer copies over each device's owned parameter ranges, input uploads,
    /// synchronisation and the crossings between towers.
    /// </summary>
    internal sealed class EngineDevices : IDisposable
    {
        readonly List<DeviceState> _devices = new List<DeviceState>();

        public EngineDevices(int towerCount)
        {
            Towers = new TowerState[towerCount];
        }

        /// <summary>Tower A first; an entry is null only while <see cref="Open"/> has not finished.</summary>
        public TowerState[] Towers { get; }
        public IReadOnlyList<DeviceState> All => _devices;
        public TowerState A => Towers[0];
        /// <summary>Free memory of the first device before anything was allocated (-1 before it was asked).</summary>
        public long FreeAtStart { get; private set; } = -1;

        /// <summary>
        /// Creates the contexts, kernels, towers and block-share buffers. On failure the caller disposes this
        /// (whatever was created so far is released).
        /// </summary>
        public void Open(NetworkSpec spec, EnginePlan plan, Placement placement, CudaEngineOptions options, int maxBatch)
        {
            var towerDevice = plan.TowerCount == 2 ? new[] { placement.DeviceA, placement.DeviceB } : new[] { placement.DeviceA };
            var compiler = NvrtcCompiler.Default();
            foreach (int ordinal in towerDevice)
            {
                if (_devices.Exists(d => d.Ordinal == ordinal)) continue;
                var context = CudaContext.Primary(ordinal);
                if (_devices.Count == 0) FreeAtStart = context.MemoryInfo().Free;
                EngineKernels kernels;
                try
                {
                    kernels = new EngineKernels(context, compiler, EngineKernelSources.Get);
                }
                catch
                {
                    context.Dispose();
                    throw;
                }
                var segments = ParameterSegments.For(plan, towerDevice, ordinal);
                _devices.Add(new DeviceState(ordinal, context, kernels, segments, spec.ParameterCount, (long)maxBatch * spec.InputShape.Size));
            }
            if (_devices.Count == 2)
            {
                _devices[0].Context.EnablePeerAccess(_devices[1].Context);
                _devices[1].Context.EnablePeerAccess(_devices[0].Context);
            }
            long biasScratch = 0;
            foreach (var block in plan.Blocks)
                foreach (var share in block.Shares)
                    biasScratch = Math.Max(biasScratch, (long)maxBatch * share.OutChannels);
            for (int t = 0; t < Towers.Length; t++)
                Towers[t] = new TowerState(t, DeviceOf(towerDevice[t]), plan.Blocks.Count, options.WorkspaceBytes, biasScratch, maxBatch, options.MathMode);
            foreach (var block in plan.Blocks)
                foreach (var share in block.Shares)
                {
                    var tower = Towers[share.Tower];
                    bool concat = block.Input == BlockInput.AllTowers && plan.TowerCount == 2;
                    var buffers = new ShareBuffers(block, share, tower.Device.Context, maxBatch, concat, options.FuseLrnPooling);
                    tower.Shares[block.Index] = buffers;
                    if (block.IsConvolution)
                    {
                        var layer = block.Layer;
                        buffers.Convolution = new ConvolutionOp(tower.DnnApi, tower.Dnn, tower.Device.Context, tower.Device.Kernels, tower.Stream, maxBatch,
                            layer.Name + (plan.TowerCount == 2 ? (share.Tower == 0 ? " (tower A)" : " (tower B)") : ""),
                            new ConvolutionGeometry(share.InChannels, layer.Input.Height, layer.Input.Width, share.OutChannels, layer.Kernel, layer.Stride, layer.Pad, share.Groups),
                            options.MathMode, options.Algorithms, options.ConvolutionLayout);
                    }
                }
        }

        DeviceState DeviceOf(int ordinal) => _devices.Find(d => d.Ordinal == ordinal) ?? throw new InvalidOperationException($"device {ordinal} has no state");

        /// <summary>The tower whose stream works for <paramref name="device"/> (the first on it).</summary>
        public TowerState TowerOn(DeviceState device) => Array.Find(Towers, t => t.Device == device)!;

        /// <summary>"GPU 0 NVIDIA H100 80GB HBM3 (sm_90)" per device in use.</summary>
        public IEnumerable<string> Describe()
        {
            foreach (var d in _devices) yield return $"GPU {d.Ordinal} {d.Context.Device.Name} (sm_{d.Context.Device.ComputeCapability})";
        }

        /// <summary>
        /// Copies a host flat buffer (NetworkSpec layout) into the same buffer of every device, each only over the
        /// ranges it owns, then waits for the copies.
        /// </summary>
        public void Upload(Func<DeviceState, DeviceBuffer<float>> buffer, ReadOnlySpan<float> host)
        {
            Synchronize();
            foreach (var d in _devices)
                foreach (var (begin, end) in d.Segments.OwnedRanges())
                    buffer(d).CopyFrom(host.Slice((int)begin, (int)(end - begin)), begin);
            SynchronizeContexts();
        }

        /// <summary>Copies a flat device buffer to the host, each device's owned ranges from that device.</summary>
        public void Download(Func<DeviceState, DeviceBuffer<float>> buffer, Span<float> host)
        {
            Synchronize();
            foreach (var d in _devices)
                foreach (var (begin, end) in d.Segments.OwnedRanges())
                    buffer(d).CopyTo(host.Slice((int)begin, (int)(end - begin)), begin);
        }

        /// <summary>Copies an input batch to every device's image buffer (without waiting: see <see cref="SynchronizeContexts"/>).</summary>
        public void UploadImages(ReadOnlySpan<float> input)
        {
            foreach (var d in _devices) d.Image.CopyFrom(input);
        }

        /// <summary>Waits for every tower's queued work.</summary>
        public void Synchronize()
        {
            foreach (var tower in Towers) tower?.Stream.Synchronize();
        }

        // Synchronous host copies run on the legacy stream, which non-blocking streams ignore: wait for them here.
        public void SynchronizeContexts()
        {
            foreach (var d in _devices) d.Context.Synchronize();
        }

        /// <summary>Every tower waits for the work queued so far on every other tower (the crossings).</summary>
        public void Exchange()
        {
            if (Towers.Length < 2) return;
            foreach (var t in Towers) t.Ready.Record(t.Stream);
            foreach (var t in Towers)
                foreach (var u in Towers)
                    if (t != u) t.Stream.Wait(u.Ready);
        }

        /// <summary>Queues writing the step counter the dropout kernels read on every device.</summary>
        public void SetSteps(long step)
        {
            foreach (var d in _devices) d.SetStep(step, TowerOn(d).Stream);
        }

        public void Dispose()
        {
            foreach (var t in Towers) t?.Dispose();
            foreach (var d in _devices)
            {
                d.Dispose();
                d.Context.Dispose();
            }
            _devices.Clear();
        }
    }
}
