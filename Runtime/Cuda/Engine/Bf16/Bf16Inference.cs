using System;
using System.Collections.Generic;
using Sightline.Cpu;
using Sightline.Cuda.Blas;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Engine.Execution;
using Sightline.Cuda.Engine.Planning;

namespace Sightline.Cuda.Engine.Bf16
{
    /// <summary>
    /// The inference pass in bf16 (CudaEngineOptions.Bf16Inference) for one device: activations bf16 NHWC from the
    /// input to the last pooling, bf16 hidden activations in the fully connected layers, fp32 logits; convolutions
    /// and GEMMs accumulate in fp32 on tensor cores. Kernels: Native~/kernels/bf16_inference.cu.
    ///
    /// Weights are bf16 copies of the engine's fp32 parameters (convolution filters KRSC; the first fully connected
    /// layer's rows permuted from CHW to the HWC order of its NHWC input), remade before the next pass whenever the
    /// fp32 parameters changed (<see cref="MarkStale"/>). Biases are read from the fp32 parameters.
    ///   input [n, H, W, 3] bf16 -> per convolution block: conv [n, oh, ow, C] -> (LRN +) pool or bias + ReLU
    ///   -> fully connected: [n, units] bf16 ... -> logits [n, classes] fp32
    /// </summary>
    internal sealed class Bf16Inference : IDisposable
    {
        readonly EnginePlan _plan;
        readonly TowerState _tower;
        readonly OwnedResources _owned = new OwnedResources();
        readonly Stage[] _stages;
        readonly DeviceBuffer<ushort> _weights;
        readonly DeviceBuffer<ushort> _input;
        bool _stale = true;

        sealed class Stage
        {
            public Stage(BlockPlan block, BlockShare share)
            {
                Block = block;
                Share = share;
            }

            public BlockPlan Block { get; }
            public BlockShare Share { get; }
            public Bf16Convolution? Convolution { get; set; }
            /// <summary>Convolution or fully connected output, bf16 (the last block writes the fp32 logits instead).</summary>
            public DeviceBuffer<ushort>? Z { get; set; }
            /// <summary>Pooled output, bf16 NHWC.</summary>
            public DeviceBuffer<ushort>? P { get; set; }
            public ulong Output => (P ?? Z)!.Address;
        }

        public Bf16Inference(EnginePlan plan, TowerState tower, int maxBatch)
        {
            if (plan.TowerCount != 1) throw new ArgumentException("bf16 inference runs the grouped one-device form (Placement.OneDevice)");
            _plan = plan;
            _tower = tower;
            MaxBatch = maxBatch;
            var context = tower.Device.Context;
            var spec = plan.Spec;
            try
            {
                _weights = _owned.Add(new DeviceBuffer<ushort>(context, spec.ParameterCount));
                _input = _owned.Add(new DeviceBuffer<ushort>(context, (long)maxBatch * spec.InputShape.Size));
                _stages = new Stage[plan.Blocks.Count];
                for (int b = 0; b < plan.Blocks.Count; b++)
                {
                    var block = plan.Blocks[b];
                    var share = block.Shares[0];
                    var stage = new Stage(block, share);
                    bool last = b == plan.Blocks.Count - 1;
                    if (block.IsConvolution)
                    {
                        if (block.Lrn != null && block.Pool == null) throw new NotSupportedException($"{block.Name}: bf16 inference fuses LRN with the pooling after it; this spec has LRN without pooling");
                        if (!block.Relu) throw new NotSupportedException($"{block.Name}: bf16 inference expects ReLU after every convolution");
                        var layer = block.Layer;
                        stage.Convolution = new Bf16Convolution(tower.DnnApi, tower.Dnn, layer.Name + " (bf16)",
                            new ConvolutionGeometry(share.InChannels, layer.Input.Height, layer.Input.Width, share.OutChannels, layer.Kernel, layer.Stride, layer.Pad, share.Groups));
                        stage.Z = _owned.Add(new DeviceBuffer<ushort>(context, (long)maxBatch * block.PrePoolSize(share)));
                        if (block.Pool != null) stage.P = _owned.Add(new DeviceBuffer<ushort>(context, (long)maxBatch * block.OutputSize(share)));
                    }
                    else if (!last)
                        stage.Z = _owned.Add(new DeviceBuffer<ushort>(context, (long)maxBatch * share.OutChannels));
                    _stages[b] = stage;
                }
                Logits = _owned.Add(new DeviceBuffer<float>(context, (long)maxBatch * spec.Classes));
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public int MaxBatch { get; }
        /// <summary>[batch, classes] fp32 logits of the last pass.</summary>
        public DeviceBuffer<float> Logits { get; }

        /// <summary>The fp32 parameters changed: remake the bf16 weights before the next pass.</summary>
        public void MarkStale() => _stale = true;

        public bool IsPrepared(int batch)
        {
            foreach (var s in _stages)
                if (s.Convolution != null && !s.Convolution.IsPrepared(batch)) return false;
            return true;
        }

        public IEnumerable<string> Choices()
        {
            foreach (var s in _stages)
                if (s.Convolution != null)
                    foreach (var c in s.Convolution.Choices()) yield return s.Convolution.Name + ": " + c;
        }

        /// <summary>Queues the bf16 weights' refresh when the fp32 parameters changed (never inside a graph: the flag is host state).</summary>
        public void RefreshWeightsIfStale()
        {
            if (!_stale) return;
            var k = _tower.Device.Kernels;
            var stream = _tower.Stream;
            ulong source = _tower.Device.Parameters.Address, target = _weights.Address;
            BlockPlan? previous = null;
            foreach (var s in _stages)
            {
                var block = s.Block;
                var share = s.Share;
                ulong from = source + 4UL * (ulong)share.WeightOffset, to = target + 2UL * (ulong)share.WeightOffset;
                if (block.IsConvolution)
                    k.Bf16FromF32Transposed(stream, from, to, share.OutChannels, share.InChannels / share.Groups, block.Layer.Kernel * block.Layer.Kernel);
                else if (previous != null && previous.IsConvolution)
                {
                    // Rows [C, H, W] (the CHW order of the fp32 network) -> [H, W, C], the order NHWC activations flatten in.
                    var shape = previous.Pool != null ? previous.Pool.Output : previous.Layer.Output;
                    k.Bf16FromF32Transposed(stream, from, to, share.OutChannels, shape.Channels, shape.Height * shape.Width);
                }
                else k.Bf16FromF32(stream, from, to, share.WeightCount);
                previous = block;
            }
            _stale = false;
        }

        /// <summary>
        /// Queues the pass on the tower's stream for the float NCHW images at <paramref name="image"/>. Prepares (times
        /// the convolution algorithms) on first use of a batch size, so capture a graph only once <see cref="IsPrepared"/>.
        /// </summary>
        /// <param name="mark">Called between stages with the stage's name (a LayerTimer's mark), or null.</param>
        public void Enqueue(int batch, ulong image, Action<string>? mark = null)
        {
            if (batch < 1 || batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"must be 1..{MaxBatch}");
            var k = _tower.Device.Kernels;
            var stream = _tower.Stream;
            var spec = _plan.Spec;
            var shape = spec.InputShape;
            ulong workspace = _tower.Workspace.Address;
            long workspaceBytes = _tower.WorkspaceBytes;
            ulong parameters = _tower.Device.Parameters.Address;
            mark?.Invoke("start");
            k.Bf16FromF32Transposed(stream, image, _input.Address, batch, shape.Channels, shape.Height * shape.Width);
            mark?.Invoke("bf16: input to NHWC");
            ulong x = _input.Address;
            for (int b = 0; b < _stages.Length; b++)
            {
                var s = _stages[b];
                var block = s.Block;
                var share = s.Share;
                ulong w = _weights.Address + 2UL * (ulong)share.WeightOffset;
                ulong bias = parameters + 4UL * (ulong)share.BiasOffset;
                if (block.IsConvolution)
                {
                    var conv = s.Convolution!;
                    var z = s.Z!;
                    if (!conv.IsPrepared(batch)) conv.Prepare(batch, x, w, z.Address, workspace, workspaceBytes);
                    conv.Forward(batch, x, w, z.Address, workspace, workspaceBytes);
                    mark?.Invoke(block.Name + " bf16: convolution");
                    var o = block.Layer.Output;
                    if (block.Lrn != null)
                    {
                        var lrn = block.Lrn;
                        var pool = block.Pool!;
                        k.Bf16LrnPool(stream, z.Address, bias, s.P!.Address, batch, share.OutChannels, block.Layer.Output.Channels / lrn.Groups,
                            o.Height, o.Width, pool.Output.Height, pool.Output.Width, pool.Kernel, pool.Stride, lrn.LrnSize, lrn.LrnAlpha, lrn.LrnBeta, lrn.LrnK);
                    }
                    else if (block.Pool != null)
                    {
                        var pool = block.Pool;
                        k.Bf16ReluPool(stream, z.Address, bias, s.P!.Address, batch, share.OutChannels, o.Height, o.Width, pool.Output.Height, pool.Output.Width, pool.Kernel, pool.Stride);
                    }
                    else k.Bf16BiasActivation(stream, z.Address, bias, batch, block.Pixels * share.OutChannels, share.OutChannels, relu: true);
                    mark?.Invoke(block.Name + (block.Lrn != null ? " bf16: bias+relu+lrn+max-pool" : block.Pool != null ? " bf16: bias+relu+max-pool" : " bf16: bias+relu"));
                }
                else
                {
                    int inputs = share.InChannels, outputs = share.OutChannels;
                    bool last = b == _stages.Length - 1;
                    // Row-major Z[batch, out] = X[batch, in] W[out, in]^T, as the fp32 path's Sgemm (column-major Z^T = W^T^T X^T).
                    ulong z = last ? Logits.Address : s.Z!.Address;
                    _tower.Blas.GemmEx(BlasOperation.Transpose, BlasOperation.None, outputs, batch, inputs, 1f, w, CudaDataType.BFloat16, inputs,
                        x, CudaDataType.BFloat16, inputs, 0f, z, last ? CudaDataType.Float32 : CudaDataType.BFloat16, outputs, BlasComputeType.Float32);
                    if (last) k.BiasActivation(stream, z, bias, batch, outputs, 1, block.Relu);
                    else k.Bf16BiasActivation(stream, z, bias, batch, outputs, outputs, block.Relu);
                    mark?.Invoke(block.Name + " bf16: gemm+bias" + (block.Relu ? "+relu" : ""));
                }
                x = s.Z == null ? 0UL : s.Output;
            }
        }

        public void Dispose()
        {
            if (_stages != null)
                foreach (var s in _stages) s?.Convolution?.Dispose();
            _owned.Dispose();
        }
    }
}
