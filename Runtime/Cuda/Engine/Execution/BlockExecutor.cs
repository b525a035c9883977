using System;
using System.Collections.Generic;
using Sightline.Cuda.Blas;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Engine.Planning;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Cuda.Engine.Execution
{
    /// <summary>
    /// Queues the forward pass, the backward pass and the SGD update of <see cref="CudaEngine"/>, block by block and
    /// within a block share by share (one share per tower that computes it), on the towers' streams. Nothing here
    /// waits or copies to the host; the engine and the <see cref="GraphCache"/> decide when to run what.
    /// </summary>
    internal sealed class BlockExecutor
    {
        readonly NetworkSpec _spec;
        readonly EnginePlan _plan;
        readonly EngineDevices _devices;

        public BlockExecutor(NetworkSpec spec, EnginePlan plan, EngineDevices devices)
        {
            _spec = spec;
            _plan = plan;
            _devices = devices;
        }

        public ulong DropoutSeed { get; set; }
        /// <summary>Updates applied so far; the dropout masks' counter.</summary>
        public long Step { get; set; }
        /// <summary>When set, every stage is marked on tower A's stream.</summary>
        public LayerTimer? Timer { get; set; }
        /// <summary>The batch of the last pass queued (or loaded).</summary>
        public int Batch { get; set; }
        /// <summary>The last forward was a training one (Backward may follow).</summary>
        public bool TrainingForward { get; set; }
        /// <summary>The last pass was the bf16 inference (its logits live in its own buffer).</summary>
        public bool LogitsFromBf16 { get; set; }

        public ShareBuffers LastBlock => _devices.A.Shares[_plan.Blocks.Count - 1]!;

        /// <summary>Block <paramref name="block"/>'s shares, tower A's first.</summary>
        public List<ShareBuffers> SharesOf(int block)
        {
            var shares = new List<ShareBuffers>();
            foreach (var share in _plan.Blocks[block].Shares) shares.Add(_devices.Towers[share.Tower].Shares[block]!);
            return shares;
        }

        /// <summary>True when every convolution has chosen its algorithms for <paramref name="batch"/> (so a capture launches no search).</summary>
        public bool ConvolutionsPrepared(int batch)
        {
            foreach (var tower in _devices.Towers)
                foreach (var share in tower.Shares)
                    if (share?.Convolution != null && !share.Convolution.IsPrepared(batch)) return false;
            return true;
        }

        public void EnqueueForward(int batch, bool training, bool setStep = true)
        {
            Batch = batch;
            LogitsFromBf16 = false;
            // The dropout kernels read the step from the device; a graph being captured must not bake it in.
            if (setStep) _devices.SetSteps(Step);
            Timer?.Mark("start", _devices.A.Stream);
            for (int b = 0; b < _plan.Blocks.Count; b++)
            {
                if (_plan.Blocks[b].Input == BlockInput.AllTowers && _plan.TowerCount == 2) _devices.Exchange();
                foreach (var share in SharesOf(b)) ForwardShare(b, _devices.Towers[share.Share.Tower], batch, training);
            }
            TrainingForward = training;
        }

        void ForwardShare(int b, TowerState tower, int batch, bool training)
        {
            var buf = tower.Shares[b]!;
            var block = buf.Block;
            var share = buf.Share;
            var k = tower.Device.Kernels;
            var stream = tower.Stream;
            ulong x = GatherInput(b, tower, batch);
            ulong w = tower.Device.Parameters.ElementAddress(share.WeightOffset);
            ulong bias = tower.Device.Parameters.ElementAddress(share.BiasOffset);
            if (block.IsConvolution)
            {
                var conv = buf.Convolution!;
                if (!conv.IsPrepared(batch))
                {
                    ulong dx = b == 0 ? 0 : InputGradientOf(b, tower);
                    conv.Prepare(batch, x, w, buf.Z.Address, buf.GradientOfZ.Address, dx, tower.Workspace.Address, tower.WorkspaceBytes, needData: b > 0);
                }
                conv.Forward(batch, x, w, buf.Z.Address, tower.Workspace.Address, tower.WorkspaceBytes);
                Mark(tower, block.Name + " forward: convolution");
                int channels = share.OutChannels;
                int pixels = block.Pixels;
                if (buf.FusesLrnPooling)
                {
                    // Pooling reads the LRN output where it is computed: the pre-pool tensor is never written.
                    var lrn = block.Lrn!;
                    var pool = block.Pool!;
                    k.ReluLrnPoolForward(stream, buf.Z.Address, bias, buf.P!.Address, training ? buf.Argmax!.Address : 0UL, batch, channels, block.Layer.Output.Channels / lrn.Groups,
                        pool.Input.Height, pool.Input.Width, pool.Output.Height, pool.Output.Width, pool.Kernel, pool.Stride, lrn.LrnSize, lrn.LrnAlpha, lrn.LrnBeta, lrn.LrnK);
                    Mark(tower, block.Name + " forward: bias+relu+lrn+max-pool");
                    return;
                }
                DeviceBuffer<float> activation;
                if (block.Lrn != null)
                {
                    var lrn = block.Lrn;
                    int groupChannels = block.Layer.Output.Channels / lrn.Groups;
                    k.ReluLrnForward(stream, buf.Z.Address, bias, buf.A!.Address, batch, channels, groupChannels, pixels, lrn.LrnSize, lrn.LrnAlpha, lrn.LrnBeta, lrn.LrnK);
                    activation = buf.A;
                    Mark(tower, block.Name + " forward: bias+relu+lrn");
                }
                else
                {
                    k.BiasActivation(stream, buf.Z.Address, bias, batch, channels, pixels, block.Relu);
                    activation = buf.Z;
                    Mark(tower, block.Name + " forward: bias+relu");
                }
                if (block.Pool != null)
                {
                    var pool = block.Pool;
                    // Inference needs no argmax (only the backward pass reads it): one write pass less.
                    k.MaxPoolForward(stream, activation.Address, buf.P!.Address, training ? buf.Argmax!.Address : 0UL, batch * channels,
                        pool.Input.Height, pool.Input.Width, pool.Output.Height, pool.Output.Width, pool.Kernel, pool.Stride);
                    Mark(tower, block.Name + " forward: max-pool");
                }
            }
            else
            {
                int inputs = share.InChannels, outputs = share.OutChannels;
                // Row-major Z[batch, out] = X[batch, in] W[out, in]^T, i.e. column-major Z^T = W^T^T X^T: op(A) = W transposed.
                tower.Blas.Sgemm(BlasOperation.Transpose, BlasOperation.None, outputs, batch, inputs, 1f, w, inputs, x, inputs, 0f, buf.Z.Address, outputs);
                Mark(tower, block.Name + " forward: gemm");
                float drop = training && block.Dropout != null ? block.Dropout.DropProbability : 0f;
                ulong key = block.Dropout != null ? DropoutMask.Mix(DropoutSeed ^ ((ulong)(uint)block.Dropout.DropoutIndex << 56)) : 0UL;
                k.FcEpilogue(stream, buf.Z.Address, bias, batch, outputs, outputs, block.Relu, drop, key, tower.Device.StepCounter.Address, block.Layer.Output.Size, share.OutputOffset);
                Mark(tower, block.Name + " forward: bias+relu+dropout");
            }
        }

        /// <summary>What block b's share on this tower reads; for blocks reading all towers (split), concatenates first.</summary>
        ulong GatherInput(int b, TowerState tower, int batch)
        {
            var buf = tower.Shares[b]!;
            if (buf.Block.Input == BlockInput.Image) return tower.Device.Image.Address;
            if (buf.Concat == null) return tower.Shares[b - 1]!.Output.Address;
            long offset = 0;
            foreach (var source in SharesOf(b - 1))
            {
                tower.Device.Kernels.Copy2d(tower.Stream, buf.Concat.ElementAddress(offset), buf.InputSize, source.Output.Address, source.OutputSize, batch, source.OutputSize, accumulate: false);
                offset += source.OutputSize;
            }
            return buf.Concat.Address;
        }

        /// <summary>What block b's share read, without copying (the backward pass reuses the forward's input).</summary>
        ulong InputOf(int b, TowerState tower)
        {
            var buf = tower.Shares[b]!;
            if (buf.Block.Input == BlockInput.Image) return tower.Device.Image.Address;
            return buf.Concat != null ? buf.Concat.Address : tower.Shares[b - 1]!.Output.Address;
        }

        /// <summary>Where block b's share writes the gradient of its input.</summary>
        ulong InputGradientOf(int b, TowerState tower)
        {
            var buf = tower.Shares[b]!;
            return buf.GConcat != null ? buf.GConcat.Address : tower.Shares[b - 1]!.GOut.Address;
        }

        public void EnqueueBackward(int batch)
        {
            var a = _devices.A;
            var last = LastBlock;
            a.Device.Kernels.SoftmaxCrossEntropy(a.Stream, last.Z.Address, a.Labels!.Address, last.GOut.Address, a.Losses!.Address, batch, _spec.Classes);
            Timer?.Mark("loss", a.Stream);
            for (int b = _plan.Blocks.Count - 1; b >= 0; b--)
            {
                var shares = SharesOf(b);
                foreach (var share in shares) BackwardShare(b, _devices.Towers[share.Share.Tower], batch);
                if (b > 0 && shares[0].GConcat != null)
                {
                    // Each tower's previous output fed every share of this block: sum their input gradients' parts.
                    _devices.Exchange();
                    long offset = 0;
                    foreach (var previous in SharesOf(b - 1))
                    {
                        var tower = _devices.Towers[previous.Share.Tower];
                        bool first = true;
                        foreach (var consumer in shares)
                        {
                            tower.Device.Kernels.Copy2d(tower.Stream, previous.GOut.Address, previous.OutputSize, consumer.GConcat!.ElementAddress(offset), consumer.InputSize,
                                batch, previous.OutputSize, accumulate: !first);
                            first = false;
                        }
                        offset += previous.OutputSize;
                    }
                }
                if (b > 0 && shares[0].GConcat != null) Mark(a, _plan.Blocks[b].Name + " backward: gather input gradient");
            }
        }

        void BackwardShare(int b, TowerState tower, int batch)
        {
            var buf = tower.Shares[b]!;
            var block = buf.Block;
            var share = buf.Share;
            var k = tower.Device.Kernels;
            var stream = tower.Stream;
            var device = tower.Device;
            ulong w = device.Parameters.ElementAddress(share.WeightOffset);
            ulong bias = device.Parameters.ElementAddress(share.BiasOffset);
            ulong gw = device.Gradients.ElementAddress(share.WeightOffset);
            ulong gb = device.Gradients.ElementAddress(share.BiasOffset);
            ulong x = InputOf(b, tower);
            ulong dx = b == 0 ? 0 : InputGradientOf(b, tower);
            if (block.IsConvolution)
            {
                int channels = share.OutChannels;
                int pixels = block.Pixels;
                long total = (long)batch * channels * pixels;
                if (buf.FusesLrnPooling)
                {
                    var lrn = block.Lrn!;
                    var pool = block.Pool!;
                    k.PoolReluLrnBackward(stream, buf.Z.Address, bias, buf.GOut.Address, buf.Argmax!.Address, buf.GZ!.Address, batch, channels, block.Layer.Output.Channels / lrn.Groups,
                        pool.Input.Height, pool.Input.Width, pool.Output.Height, pool.Output.Width, pool.Kernel, pool.Stride, lrn.LrnSize, lrn.LrnAlpha, lrn.LrnBeta, lrn.LrnK);
                    Mark(tower, block.Name + " backward: max-pool+relu+lrn");
                }
                else if (block.Pool != null)
                {
                    var pool = block.Pool;
                    k.MaxPoolBackward(stream, buf.GOut.Address, buf.Argmax!.Address, buf.GradientBeforePool.Address, batch * channels,
                        pool.Input.Height, pool.Input.Width, pool.Output.Height, pool.Output.Width, pool.Kernel, pool.Stride);
                    Mark(tower, block.Name + " backward: max-pool");
                }
                if (buf.FusesLrnPooling)
                {
                    // Done above.
                }
                else if (block.Lrn != null)
                {
                    var lrn = block.Lrn;
                    var gradientOfA = block.Pool != null ? buf.GA! : buf.GOut;
                    k.ReluLrnBackward(stream, buf.Z.Address, bias, gradientOfA.Address, buf.GZ!.Address, batch, channels, block.Layer.Output.Channels / lrn.Groups,
                        pixels, lrn.LrnSize, lrn.LrnAlpha, lrn.LrnBeta, lrn.LrnK);
                }
                else if (block.Relu)
                {
                    // Pooling's backward already wrote GZ (then in place); otherwise from GOut into GZ.
                    ulong source = block.Pool != null ? buf.GZ!.Address : buf.GOut.Address;
                    k.ReluBackward(stream, buf.Z.Address, source, buf.GZ!.Address, 1f, total);
                }
                if (!buf.FusesLrnPooling) Mark(tower, block.Name + (block.Lrn != null ? " backward: relu+lrn" : " backward: relu"));
                ulong gz = buf.GradientOfZ.Address;
                k.BiasGradient(stream, gz, gb, tower.BiasPartial.Address, batch, channels, pixels);
                Mark(tower, block.Name + " backward: bias gradient");
                var conv = buf.Convolution!;
                // The timing marks go between the filter and the data gradient (only when a timer is attached).
                Action? afterFilter = Timer != null ? () => Mark(tower, block.Name + " backward: weight gradient") : null;
                conv.Backward(batch, x, w, gz, gw, dx, tower.Workspace.Address, tower.WorkspaceBytes, afterFilter);
                Mark(tower, block.Name + (b > 0 ? " backward: input gradient" : " backward: weight gradient"));
            }
            else
            {
                int inputs = share.InChannels, outputs = share.OutChannels;
                if (block.Relu)
                {
                    float scale = block.Dropout != null && block.Dropout.DropProbability > 0f ? 1f / (1f - block.Dropout.DropProbability) : 1f;
                    k.ReluBackward(stream, buf.Z.Address, buf.GOut.Address, buf.GZ!.Address, scale, (long)batch * outputs);
                }
                ulong dz = buf.GradientOfZ.Address;
                // dW[out, in] = dZ^T X: column-major dW^T (in x out) = X^T (in x batch) . dZ (batch x out).
                tower.Blas.Sgemm(BlasOperation.None, BlasOperation.Transpose, inputs, outputs, batch, 1f, x, inputs, dz, outputs, 0f, gw, inputs);
                k.BiasGradientRows(stream, dz, gb, batch, outputs, outputs);
                // dX[batch, in] = dZ W: column-major dX^T (in x batch) = W^T (in x out) . dZ^T (out x batch).
                if (b > 0) tower.Blas.Sgemm(BlasOperation.None, BlasOperation.None, inputs, batch, outputs, 1f, w, inputs, dz, outputs, 0f, dx, inputs);
                Mark(tower, block.Name + " backward: relu+gemms+bias gradient");
            }
        }

        public void EnqueueUpdate(in SgdSettings settings)
        {
            _devices.Exchange();
            foreach (var d in _devices.All)
            {
                var tower = _devices.TowerOn(d);
                d.Kernels.SgdUpdate(tower.Stream, d.Parameters.Address, d.Momentum.Address, d.Gradients.Address, 0, _spec.ParameterCount,
                    d.SegmentEnds.Address, d.SegmentFlags.Address, d.Segments.Count, settings.LearningRate, settings.Momentum, settings.WeightDecay);
            }
            _devices.Exchange();
            Timer?.Mark("sgd", _devices.A.Stream);
            Step++;
        }

        /// <summary>A timing mark on tower A's stream (the bench's per-stage table); nothing without a timer.</summary>
        void Mark(TowerState tower, string stage)
        {
            if (Timer != null && tower.Tower == 0) Timer.Mark(stage, tower.Stream);
        }
    }
}
