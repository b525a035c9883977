using System;
using System.Collections.Generic;
using Sightline.Cuda.Blas;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Engine.Bf16;
using Sightline.Cuda.Engine.Input;
using Sightline.Cuda.Engine.Kernels;
using Sightline.Cuda.Engine.Layers;
using Sightline.Cuda.Engine.Planning;
using Sightline.Cuda.Nvrtc;
using Sightline.Data;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Cuda.Engine
{
    /// <summary>
    /// AlexNet on NVIDIA GPUs: cuDNN convolutions (grouped), cuBLAS fully connected layers, and Sightline's own fused
    /// kernels for bias+ReLU+LRN, max-pooling, bias+ReLU+dropout, the loss and the SGD update over one flat buffer.
    /// Every buffer is allocated for <see cref="MaxBatch"/> at construction.
    ///
    /// Placement.OneDevice runs the grouped form; Placement.TwoDevices runs tower A and B as separate halves, each on
    /// its own stream (and device), exchanging activations only at conv3, fc6, fc7 and fc8 (PAPER.md). TwoDevices(0, 0)
    /// runs that split path on one GPU. All placements compute the same numbers up to float rounding.
    /// </summary>
    public sealed class CudaEngine : IFrameInputEngine
    {
        readonly EnginePlan _plan;
        readonly CudaEngineOptions _options;
        readonly List<DeviceState> _devices = new List<DeviceState>();
        readonly TowerState[] _towers;
        readonly int _imageSize;
        readonly Dictionary<int, CudaGraphExec> _inferenceGraphs = new Dictionary<int, CudaGraphExec>();
        readonly Dictionary<int, CudaGraphExec> _bf16Graphs = new Dictionary<int, CudaGraphExec>();
        Bf16Inference? _bf16;          // CudaEngineOptions.Bf16Inference
        bool _logitsFromBf16;          // the last pass was the bf16 inference (its logits live in its own buffer)
        CudaGraphExec? _trainingGraph;
        int _trainingGraphBatch;
        SgdSettings _trainingGraphSettings;
        string? _graphFailure;
        int _batch;
        bool _trainingForward;
        bool _disposed;
        GpuAugmenter[]? _augmenters; // per device, after SetFrameInput
        readonly List<PinnedFrameMemory> _frameMemory = new List<PinnedFrameMemory>();

        public CudaEngine(NetworkSpec spec, CudaEngineOptions? options = null)
        {
            Spec = spec ?? throw new ArgumentNullException(nameof(spec));
            _options = options ?? new CudaEngineOptions();
            MaxBatch = _options.MaxBatch;
            Placement = _options.Placement;
            DropoutSeed = _options.DropoutSeed;
            _plan = EnginePlan.Build(spec, Placement.IsSplit);
            _imageSize = spec.InputShape.Size;
            var towerDevice = _plan.TowerCount == 2 ? new[] { Placement.DeviceA, Placement.DeviceB } : new[] { Placement.DeviceA };
            _towers = new TowerState[_plan.TowerCount];
            long freeAtStart = -1;
            try
            {
                var compiler = NvrtcCompiler.Default();
                foreach (int ordinal in towerDevice)
                {
                    if (_devices.Exists(d => d.Ordinal == ordinal)) continue;
                    var context = CudaContext.Primary(ordinal);
                    if (_devices.Count == 0) freeAtStart = context.MemoryInfo().Free;
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
                    var segments = ParameterSegments.For(_plan, towerDevice, ordinal);
                    _devices.Add(new DeviceState(ordinal, context, kernels, segments, spec.ParameterCount, (long)MaxBatch * _imageSize));
                }
                if (_devices.Count == 2)
                {
                    _devices[0].Context.EnablePeerAccess(_devices[1].Context);
                    _devices[1].Context.EnablePeerAccess(_devices[0].Context);
                }
                long biasScratch = 0;
                foreach (var block in _plan.Blocks)
                    foreach (var slice in block.Towers)
                        biasScratch = Math.Max(biasScratch, (long)MaxBatch * slice.OutChannels);
                for (int t = 0; t < _towers.Length; t++)
                    _towers[t] = new TowerState(t, DeviceOf(towerDevice[t]), _plan.Blocks.Count, _options.WorkspaceBytes, biasScratch, MaxBatch, _options.MathMode);
                foreach (var block in _plan.Blocks)
                    foreach (var slice in block.Towers)
                    {
                        var tower = _towers[slice.Tower];
                        bool concat = block.Input == BlockInput.AllTowers && _plan.TowerCount == 2;
                        var buffers = new BlockBuffers(block, slice, tower.Device.Context, MaxBatch, concat, _options.FuseLrnPooling);
                        tower.Blocks[block.Index] = buffers;
                        if (block.IsConvolution)
                        {
                            var layer = block.Layer;
                            buffers.Convolution = new ConvolutionOp(tower.DnnApi, tower.Dnn, tower.Device.Context, tower.Device.Kernels, tower.Stream, MaxBatch,
                                layer.Name + (_plan.TowerCount == 2 ? (slice.Tower == 0 ? " (tower A)" : " (tower B)") : ""),
                                slice.InChannels, layer.Input.Height, layer.Input.Width, slice.OutChannels, layer.Kernel, layer.Stride, layer.Pad,
                                slice.Groups, _options.MathMode, _options.Algorithms, _options.ConvolutionLayout);
                        }
                    }
                if (_options.Bf16Inference) _bf16 = new Bf16Inference(_plan, _towers[0], MaxBatch);
            }
            catch (CudaOutOfMemoryException e) when (freeAtStart >= 0)
            {
                Dispose();
                // Say what the whole engine needs and which batch would fit, not just the one allocation that failed.
                var estimate = CudaMemoryEstimate.For(spec, _options);
                throw new CudaBatchTooLargeException(e, $"device {Placement.DeviceA}", MaxBatch, estimate.FixedBytes, estimate.PerImageBytes,
                    freeAtStart, estimate.SuggestBatch(freeAtStart));
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public string Name => "cuda";
        public NetworkSpec Spec { get; }
        public int MaxBatch { get; }
        public bool CanTrain => true;
        public Placement Placement { get; }
        public CudaMathMode MathMode => _options.MathMode;
        /// <summary>Which convolution algorithms the timed search may choose (the options').</summary>
        public ConvolutionAlgorithms Algorithms => _options.Algorithms;
        public ulong DropoutSeed { get; set; }
        public long Step { get; set; }

        /// <summary>When set, the engine marks every stage of forward, backward and update on tower A's stream.</summary>
        public LayerTimer? Timer { get; set; }

        /// <summary>Tower A's device context (for timers and events that go with this engine).</summary>
        public CudaContext Context => _towers[0].Device.Context;

        /// <summary>"GPU 0 NVIDIA H100 80GB HBM3 (sm_90)" per device in use.</summary>
        public IEnumerable<string> Devices()
        {
            foreach (var d in _devices) yield return $"GPU {d.Ordinal} {d.Context.Device.Name} (sm_{d.Context.Device.ComputeCapability})";
        }

        /// <summary>The convolution algorithms chosen so far, per layer share and batch size.</summary>
        public IEnumerable<string> ConvolutionChoices()
        {
            foreach (var tower in _towers)
                foreach (var block in tower.Blocks)
                    if (block?.Convolution != null)
                        foreach (var choice in block.Convolution.Choices())
                            yield return block.Convolution.Name + ": " + choice;
            if (_bf16 != null)
                foreach (var choice in _bf16.Choices()) yield return choice;
        }

        DeviceState DeviceOf(int ordinal) => _devices.Find(d => d.Ordinal == ordinal) ?? throw new InvalidOperationException($"device {ordinal} has no state");

        // ---------------------------------------------------------------- IEngine

        public void SetParameters(ReadOnlySpan<float> parameters)
        {
            CheckFlat(parameters.Length, nameof(parameters));
            _bf16?.MarkStale();
            Synchronize();
            foreach (var d in _devices)
                foreach (var (begin, end) in d.Segments.OwnedRanges())
                    d.Parameters.CopyFrom(parameters.Slice((int)begin, (int)(end - begin)), begin);
            SynchronizeContexts();
        }

        public void GetParameters(Span<float> parameters)
        {
            CheckFlat(parameters.Length, nameof(parameters));
            Synchronize();
            foreach (var d in _devices)
                foreach (var (begin, end) in d.Segments.OwnedRanges())
                    d.Parameters.CopyTo(parameters.Slice((int)begin, (int)(end - begin)), begin);
        }

        public void GetGradients(Span<float> gradients)
        {
            CheckFlat(gradients.Length, nameof(gradients));
            Synchronize();
            foreach (var d in _devices)
                foreach (var (begin, end) in d.Segments.OwnedRanges())
                    d.Gradients.CopyTo(gradients.Slice((int)begin, (int)(end - begin)), begin);
        }

        public void GetMomentum(Span<float> momentum)
        {
            CheckFlat(momentum.Length, nameof(momentum));
            Synchronize();
            foreach (var d in _devices)
                foreach (var (begin, end) in d.Segments.OwnedRanges())
                    d.Momentum.CopyTo(momentum.Slice((int)begin, (int)(end - begin)), begin);
        }

        public void SetMomentum(ReadOnlySpan<float> momentum)
        {
            CheckFlat(momentum.Length, nameof(momentum));
            Synchronize();
            foreach (var d in _devices)
                foreach (var (begin, end) in d.Segments.OwnedRanges())
                    d.Momentum.CopyFrom(momentum.Slice((int)begin, (int)(end - begin)), begin);
            SynchronizeContexts();
        }

        public void Forward(ReadOnlySpan<float> input, int batch, Span<float> logits, bool training)
        {
            CheckBatch(batch);
            long need = (long)batch * _imageSize;
            if (input.Length < need) throw new ArgumentException($"input holds {input.Length} floats; a batch of {batch} images of {Spec.InputShape} needs {need}", nameof(input));
            if (logits.Length < (long)batch * Spec.Classes) throw new ArgumentException($"logits hold {logits.Length} floats; {batch} x {Spec.Classes} classes needs {(long)batch * Spec.Classes}", nameof(logits));
            Synchronize();
            foreach (var d in _devices) d.Image.CopyFrom(input.Slice(0, (int)need));
            SynchronizeContexts();
            if (training) EnqueueForward(batch, training: true);
            else RunInference(batch);
            _towers[0].Stream.Synchronize();
            LogitsBuffer.CopyTo(logits.Slice(0, batch * Spec.Classes));
        }

        public float Backward(ReadOnlySpan<int> labels)
        {
            if (!_trainingForward) throw new InvalidOperationException("Backward needs a training Forward (training: true) before it");
            if (labels.Length < _batch) throw new ArgumentException($"labels hold {labels.Length} values; the last Forward had a batch of {_batch}", nameof(labels));
            for (int i = 0; i < _batch; i++)
                if ((uint)labels[i] >= (uint)Spec.Classes)
                    throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"label {i} is {labels[i]}; the network has classes 0..{Spec.Classes - 1}");
            Synchronize();
            _towers[0].Labels!.CopyFrom(labels.Slice(0, _batch));
            SynchronizeContexts();
            EnqueueBackward(_batch);
            return ReadLoss(_batch);
        }

        public void Update(in SgdSettings settings)
        {
            EnqueueUpdate(settings);
            _bf16?.MarkStale();
        }

        // ---------------------------------------------------------------- device-resident use (benchmarks, GPU-side data)

        /// <summary>Uploads a batch and its labels to the device; <see cref="TrainStep"/> and <see cref="Infer"/> then use it.</summary>
        public void LoadBatch(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, int batch)
        {
            CheckBatch(batch);
            long need = (long)batch * _imageSize;
            if (input.Length < need) throw new ArgumentException($"input holds {input.Length} floats; {batch} images need {need}", nameof(input));
            if (labels.Length < batch) throw new ArgumentException($"labels hold {labels.Length} values; {batch} needed", nameof(labels));
            Synchronize();
            foreach (var d in _devices) d.Image.CopyFrom(input.Slice(0, (int)need));
            _towers[0].Labels!.CopyFrom(labels.Slice(0, batch));
            SynchronizeContexts();
            _batch = batch;
        }

        /// <summary>
        /// Prepares GPU-side input (<see cref="LoadFrames"/>): stored frames are <paramref name="storedSize"/> square
        /// RGB bytes, <paramref name="meanCrop"/> is [3, I, I] (<see cref="AugmentApply.MeanCrop"/>) and
        /// <paramref name="inputScale"/> multiplies mean-subtracted pixels as on the CPU (1: none).
        /// </summary>
        public void SetFrameInput(int storedSize, ReadOnlySpan<float> meanCrop, float inputScale = 1f)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(CudaEngine));
            var shape = Spec.InputShape;
            if (shape.Channels != 3 || shape.Height != shape.Width)
                throw new InvalidOperationException($"GPU-side frame input needs a square RGB input; the {Spec.Preset} spec's input is {shape}");
            DisposeAugmenters();
            var compiler = NvrtcCompiler.Default();
            var made = new List<GpuAugmenter>();
            try
            {
                foreach (var d in _devices) made.Add(new GpuAugmenter(d.Context, compiler, storedSize, shape.Height, MaxBatch, meanCrop, inputScale));
            }
            catch
            {
                foreach (var a in made) a.Dispose();
                throw;
            }
            _augmenters = made.ToArray();
        }

        /// <summary>
        /// Uploads stored uint8 frames [batch, S, S, 3] with their augmentation and labels; the GPU crops, flips, adds
        /// the lighting offsets and subtracts the mean (bit-equal to <see cref="AugmentApply.Apply"/>). Then
        /// <see cref="TrainStep"/> and <see cref="Infer"/> use the batch, as after <see cref="LoadBatch"/>.
        /// </summary>
        public void LoadFrames(ReadOnlySpan<byte> frames, ReadOnlySpan<AugmentParams> augment, ReadOnlySpan<int> labels, int batch)
        {
            CheckBatch(batch);
            if (_augmenters == null) throw new InvalidOperationException("LoadFrames needs SetFrameInput (stored frame size and mean crop) first");
            if (labels.Length < batch) throw new ArgumentException($"labels hold {labels.Length} values; {batch} needed", nameof(labels));
            Synchronize();
            EnqueueAugment(frames, augment, batch);
            _towers[0].Labels!.CopyFrom(labels.Slice(0, batch));
            // Context-wide: the towers' streams must not read the input before the augmenters' kernels wrote it.
            SynchronizeContexts();
            _batch = batch;
        }

        /// <summary>
        /// <see cref="IFrameInputEngine.ForwardFrames"/>: the augment kernel writes the input from the frames, then a
        /// forward pass as <see cref="Forward"/> (a training one is followed by <see cref="Backward"/>).
        /// </summary>
        public void ForwardFrames(ReadOnlySpan<byte> frames, ReadOnlySpan<AugmentParams> augment, int batch, Span<float> logits, bool training)
        {
            CheckBatch(batch);
            if (_augmenters == null) throw new InvalidOperationException("ForwardFrames needs SetFrameInput (stored frame size and mean crop) first");
            if (logits.Length < (long)batch * Spec.Classes) throw new ArgumentException($"logits hold {logits.Length} floats; {batch} x {Spec.Classes} classes needs {(long)batch * Spec.Classes}", nameof(logits));
            Synchronize();
            EnqueueAugment(frames, augment, batch);
            // Context-wide: the towers' streams must not read the input before the augmenters' kernels wrote it.
            SynchronizeContexts();
            if (training) EnqueueForward(batch, training: true);
            else RunInference(batch);
            _towers[0].Stream.Synchronize();
            LogitsBuffer.CopyTo(logits.Slice(0, batch * Spec.Classes));
        }

        /// <summary>
        /// <see cref="IFrameInputEngine.TrainFrames"/>: LoadFrames, then the training step (replayed as one captured graph
        /// when graphs are usable), then the logits and the mean loss.
        /// </summary>
        public float TrainFrames(ReadOnlySpan<byte> frames, ReadOnlySpan<AugmentParams> augment, ReadOnlySpan<int> labels, int batch, in SgdSettings settings, Span<float> logits)
        {
            if (logits.Length < (long)batch * Spec.Classes) throw new ArgumentException($"logits hold {logits.Length} floats; {batch} x {Spec.Classes} classes needs {(long)batch * Spec.Classes}", nameof(logits));
            for (int i = 0; i < Math.Min(batch, labels.Length); i++)
                if ((uint)labels[i] >= (uint)Spec.Classes)
                    throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"label {i} is {labels[i]}; the network has classes 0..{Spec.Classes - 1}");
            LoadFrames(frames, augment, labels, batch);
            RunTrainingStep(batch, settings);
            float loss = ReadLoss(batch);
            LastBlock.Z.CopyTo(logits.Slice(0, batch * Spec.Classes));
            return loss;
        }

        /// <summary><see cref="IFrameInputEngine.RentFrameBuffer"/>: page-locked memory the augmenters upload from directly.</summary>
        public System.Buffers.IMemoryOwner<byte> RentFrameBuffer(int bytes)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(CudaEngine));
            if (bytes < 1) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "a frame buffer needs at least one byte");
            var memory = new PinnedFrameMemory(new PinnedBuffer<byte>(_devices[0].Context, bytes), released => { lock (_frameMemory) _frameMemory.Remove(released); });
            lock (_frameMemory) _frameMemory.Add(memory);
            return memory;
        }

        // Frames in memory from RentFrameBuffer go up without a staging copy; others through the augmenter's slots.
        void EnqueueAugment(ReadOnlySpan<byte> frames, ReadOnlySpan<AugmentParams> augment, int batch)
        {
            PinnedFrameMemory? pinned = null;
            long offset = 0;
            lock (_frameMemory)
                foreach (var m in _frameMemory)
                    if (m.Holds(frames, out offset))
                    {
                        pinned = m;
                        break;
                    }
            long bytes = (long)batch * _augmenters![0].FrameBytes;
            if (pinned != null && frames.Length < bytes)
                throw new ArgumentException($"frames hold {frames.Length} bytes; {batch} frames of {_augmenters[0].StoredSize}x{_augmenters[0].StoredSize}x3 need {bytes}", nameof(frames));
            for (int i = 0; i < _devices.Count; i++)
            {
                if (pinned != null) _augmenters[i].EnqueuePinned(pinned.Buffer, offset, augment, batch, _devices[i].Image.Address);
                else _augmenters[i].Enqueue(frames, augment, batch, _devices[i].Image.Address);
            }
        }

        void DisposeAugmenters()
        {
            if (_augmenters == null) return;
            foreach (var a in _augmenters) a.Dispose();
            _augmenters = null;
        }

        /// <summary>
        /// Queues forward, backward and update on the loaded batch without waiting (no host copies);
        /// <see cref="Synchronize"/> waits, <see cref="ReadLoss"/> reads the last step's mean loss.
        /// </summary>
        public void TrainStep(in SgdSettings settings)
        {
            CheckBatch(_batch);
            RunTrainingStep(_batch, settings);
        }

        /// <summary>Queues an inference forward pass on the loaded batch without waiting.</summary>
        public void Infer()
        {
            CheckBatch(_batch);
            RunInference(_batch);
        }

        /// <summary>Waits for every tower's queued work.</summary>
        public void Synchronize()
        {
            foreach (var tower in _towers) tower?.Stream.Synchronize();
        }

        /// <summary>Mean loss of the last backward over <paramref name="batch"/> images (waits for it).</summary>
        public float ReadLoss(int batch)
        {
            Synchronize();
            var losses = new float[batch];
            _towers[0].Losses!.CopyTo(losses);
            double sum = 0;
            foreach (var l in losses) sum += l;
            return (float)(sum / batch);
        }

        /// <summary>The logits of the last forward pass [batch, classes].</summary>
        public float[] ReadLogits()
        {
            Synchronize();
            var logits = new float[_batch * Spec.Classes];
            LogitsBuffer.CopyTo(logits);
            return logits;
        }

        /// <summary>Names of the fused blocks in order (conv1 .. fc8), for <see cref="ReadBlock"/>.</summary>
        public IReadOnlyList<string> BlockNames()
        {
            var names = new List<string>();
            foreach (var b in _plan.Blocks) names.Add(b.Name);
            return names;
        }

        /// <summary>
        /// A block's output (after ReLU/LRN/pool or dropout; logits for the last) or its gradient, for the last
        /// batch, as [batch, channels, ...] with both towers' channels in order: what the per-layer checks compare.
        /// </summary>
        public float[] ReadBlock(string name, bool gradient)
        {
            Synchronize();
            int index = -1;
            for (int i = 0; i < _plan.Blocks.Count; i++)
                if (_plan.Blocks[i].Name == name) index = i;
            if (index < 0) throw new ArgumentException($"no block named '{name}'; blocks are {string.Join(", ", BlockNames())}", nameof(name));
            var shares = SharesOf(index);
            long perImage = 0;
            foreach (var s in shares) perImage += s.OutputSize;
            var result = new float[_batch * perImage];
            long offset = 0;
            foreach (var s in shares)
            {
                var part = new float[_batch * s.OutputSize];
                (gradient ? s.GOut : s.Output).CopyTo(part);
                for (int n = 0; n < _batch; n++)
                    Array.Copy(part, n * s.OutputSize, result, n * perImage + offset, s.OutputSize);
                offset += s.OutputSize;
            }
            return result;
        }

        /// <summary>
        /// The max-pool choices of a pooling block for the last training batch (row-major index of the winning element
        /// inside each window, as the forward recorded it), laid out like <see cref="ReadBlock"/>; null for a block
        /// without pooling. The per-block check routes its reference gradient through these: on near-ties a
        /// reference computed from its own (rounding-different) activations may pick another element, which moves a
        /// whole gradient value and says nothing about the kernels.
        /// </summary>
        public byte[]? ReadPoolChoices(string name)
        {
            Synchronize();
            int index = -1;
            for (int i = 0; i < _plan.Blocks.Count; i++)
                if (_plan.Blocks[i].Name == name) index = i;
            if (index < 0) throw new ArgumentException($"no block named '{name}'; blocks are {string.Join(", ", BlockNames())}", nameof(name));
            var shares = SharesOf(index);
            long perImage = 0;
            foreach (var s in shares)
            {
                if (s.Argmax == null) return null;
                perImage += s.OutputSize;
            }
            var result = new byte[_batch * perImage];
            long offset = 0;
            foreach (var s in shares)
            {
                var part = new byte[_batch * s.OutputSize];
                s.Argmax!.CopyTo(part);
                for (int n = 0; n < _batch; n++)
                    Array.Copy(part, n * s.OutputSize, result, n * perImage + offset, s.OutputSize);
                offset += s.OutputSize;
            }
            return result;
        }

        // ---------------------------------------------------------------- the step

        BlockBuffers LastBlock => _towers[0].Blocks[_plan.Blocks.Count - 1]!;

        List<BlockBuffers> SharesOf(int block)
        {
            var shares = new List<BlockBuffers>();
            foreach (var slice in _plan.Blocks[block].Towers) shares.Add(_towers[slice.Tower].Blocks[block]!);
            return shares;
        }

        void EnqueueForward(int batch, bool training, bool setStep = true)
        {
            CheckBatch(batch);
            _batch = batch;
            _logitsFromBf16 = false;
            // The dropout kernels read the step from the device; a graph being captured must not bake it in.
            if (setStep) SetDeviceSteps();
            Timer?.Mark("start", _towers[0].Stream);
            for (int b = 0; b < _plan.Blocks.Count; b++)
            {
                if (_plan.Blocks[b].Input == BlockInput.AllTowers && _plan.TowerCount == 2) Exchange();
                foreach (var share in SharesOf(b)) ForwardShare(b, _towers[share.Slice.Tower], batch, training);
            }
            _trainingForward = training;
        }

        void ForwardShare(int b, TowerState tower, int batch, bool training)
        {
            var buf = tower.Blocks[b]!;
            var block = buf.Block;
            var slice = buf.Slice;
            var k = tower.Device.Kernels;
            var stream = tower.Stream;
            ulong x = GatherInput(b, tower, batch);
            ulong w = tower.Device.Parameters.ElementAddress(slice.WeightOffset);
            ulong bias = tower.Device.Parameters.ElementAddress(slice.BiasOffset);
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
                int channels = slice.OutChannels;
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
                int inputs = slice.InChannels, outputs = slice.OutChannels;
                // Row-major Z[batch, out] = X[batch, in] W[out, in]^T, i.e. column-major Z^T = W^T^T X^T: op(A) = W transposed.
                tower.Blas.Sgemm(BlasOperation.Transpose, BlasOperation.None, outputs, batch, inputs, 1f, w, inputs, x, inputs, 0f, buf.Z.Address, outputs);
                Mark(tower, block.Name + " forward: gemm");
                float drop = training && block.Dropout != null ? block.Dropout.DropProbability : 0f;
                ulong key = block.Dropout != null ? DropoutMask.Mix(DropoutSeed ^ ((ulong)(uint)block.Dropout.DropoutIndex << 56)) : 0UL;
                k.FcEpilogue(stream, buf.Z.Address, bias, batch, outputs, outputs, block.Relu, drop, key, tower.Device.StepCounter.Address, block.Layer.Output.Size, slice.OutputOffset);
                Mark(tower, block.Name + " forward: bias+relu+dropout");
            }
        }

        /// <summary>What block b's share on this tower reads; for blocks reading all towers (split), concatenates first.</summary>
        ulong GatherInput(int b, TowerState tower, int batch)
        {
            var buf = tower.Blocks[b]!;
            if (buf.Block.Input == BlockInput.Image) return tower.Device.Image.Address;
            if (buf.Concat == null) return tower.Blocks[b - 1]!.Output.Address;
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
            var buf = tower.Blocks[b]!;
            if (buf.Block.Input == BlockInput.Image) return tower.Device.Image.Address;
            return buf.Concat != null ? buf.Concat.Address : tower.Blocks[b - 1]!.Output.Address;
        }

        /// <summary>Where block b's share writes the gradient of its input.</summary>
        ulong InputGradientOf(int b, TowerState tower)
        {
            var buf = tower.Blocks[b]!;
            return buf.GConcat != null ? buf.GConcat.Address : tower.Blocks[b - 1]!.GOut.Address;
        }

        void EnqueueBackward(int batch)
        {
            var a = _towers[0];
            var last = LastBlock;
            a.Device.Kernels.SoftmaxCrossEntropy(a.Stream, last.Z.Address, a.Labels!.Address, last.GOut.Address, a.Losses!.Address, batch, Spec.Classes);
            Timer?.Mark("loss", a.Stream);
            for (int b = _plan.Blocks.Count - 1; b >= 0; b--)
            {
                var shares = SharesOf(b);
                foreach (var share in shares) BackwardShare(b, _towers[share.Slice.Tower], batch);
                if (b > 0 && shares[0].GConcat != null)
                {
                    // Each tower's previous output fed every share of this block: sum their input gradients' parts.
                    Exchange();
                    long offset = 0;
                    foreach (var previous in SharesOf(b - 1))
                    {
                        var tower = _towers[previous.Slice.Tower];
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
            var buf = tower.Blocks[b]!;
            var block = buf.Block;
            var slice = buf.Slice;
            var k = tower.Device.Kernels;
            var stream = tower.Stream;
            var device = tower.Device;
            ulong w = device.Parameters.ElementAddress(slice.WeightOffset);
            ulong bias = device.Parameters.ElementAddress(slice.BiasOffset);
            ulong gw = device.Gradients.ElementAddress(slice.WeightOffset);
            ulong gb = device.Gradients.ElementAddress(slice.BiasOffset);
            ulong x = InputOf(b, tower);
            ulong dx = b == 0 ? 0 : InputGradientOf(b, tower);
            if (block.IsConvolution)
            {
                int channels = slice.OutChannels;
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
                int inputs = slice.InChannels, outputs = slice.OutChannels;
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

        void EnqueueUpdate(in SgdSettings settings)
        {
            Exchange();
            foreach (var d in _devices)
            {
                var tower = Array.Find(_towers, t => t.Device == d)!;
                d.Kernels.SgdUpdate(tower.Stream, d.Parameters.Address, d.Momentum.Address, d.Gradients.Address, 0, Spec.ParameterCount,
                    d.SegmentEnds.Address, d.SegmentFlags.Address, d.Segments.Count, settings.LearningRate, settings.Momentum, settings.WeightDecay);
            }
            Exchange();
            Timer?.Mark("sgd", _towers[0].Stream);
            Step++;
        }

        static bool Same(in SgdSettings a, in SgdSettings b) =>
            a.LearningRate.Equals(b.LearningRate) && a.Momentum.Equals(b.Momentum) && a.WeightDecay.Equals(b.WeightDecay);

        /// <summary>A timing mark on tower A's stream (the bench's per-stage table); nothing without a timer.</summary>
        void Mark(TowerState tower, string stage)
        {
            if (Timer != null && tower.Tower == 0) Timer.Mark(stage, tower.Stream);
        }

        void SetDeviceSteps()
        {
            foreach (var d in _devices) d.SetStep(Step, Array.Find(_towers, t => t.Device == d)!.Stream);
        }

        // ---------------------------------------------------------------- CUDA graphs

        bool GraphsUsable => _options.CaptureGraphs && _towers.Length == 1 && Timer == null && _graphFailure == null;

        /// <summary>"on", "off (option)", "off (split towers)", or why capturing failed.</summary>
        public string GraphStatus =>
            _graphFailure != null ? "off: capture failed: " + _graphFailure
            : !_options.CaptureGraphs ? "off (CaptureGraphs option)"
            : _towers.Length != 1 ? "off (split towers run on two streams)"
            : "on";

        bool Prepared(int batch)
        {
            foreach (var tower in _towers)
                foreach (var block in tower.Blocks)
                    if (block?.Convolution != null && !block.Convolution.IsPrepared(batch)) return false;
            return true;
        }

        /// <summary>Records what <paramref name="enqueue"/> queues on tower A's stream into an executable graph; null when capture fails.</summary>
        CudaGraphExec? Capture(Action enqueue)
        {
            var stream = _towers[0].Stream;
            long step = Step;
            bool training = _trainingForward;
            try
            {
                stream.BeginCapture(CaptureMode.ThreadLocal);
                try
                {
                    enqueue();
                }
                catch
                {
                    try
                    {
                        stream.EndCapture().Dispose();
                    }
                    catch (CudaException)
                    {
                        // The capture was already invalid; ending it is all that is needed.
                    }
                    throw;
                }
                using var graph = stream.EndCapture();
                return graph.Instantiate();
            }
            catch (CudaException e)
            {
                _graphFailure = e.Message;
                return null;
            }
            finally
            {
                Step = step;
                _trainingForward = training;
            }
        }

        /// <summary>Where the logits of the last pass are: the bf16 pass's own buffer, or the last block's output.</summary>
        DeviceBuffer<float> LogitsBuffer => _logitsFromBf16 ? _bf16!.Logits : LastBlock.Z;

        /// <summary>Inference on the loaded batch: the captured graph when possible, else ordinary launches.</summary>
        void RunInference(int batch)
        {
            if (_bf16 != null)
            {
                RunBf16Inference(batch);
                return;
            }
            if (GraphsUsable && Prepared(batch))
            {
                if (!_inferenceGraphs.TryGetValue(batch, out var exec))
                {
                    exec = Capture(() => EnqueueForward(batch, training: false, setStep: false));
                    if (exec != null) _inferenceGraphs[batch] = exec;
                }
                if (exec != null)
                {
                    exec.Launch(_towers[0].Stream);
                    _batch = batch;
                    _trainingForward = false;
                    return;
                }
            }
            EnqueueForward(batch, training: false);
        }

        /// <summary>The bf16 inference pass (CudaEngineOptions.Bf16Inference): weights remade when stale, then a graph once prepared.</summary>
        void RunBf16Inference(int batch)
        {
            var bf16 = _bf16!;
            bf16.RefreshWeightsIfStale();
            ulong image = _towers[0].Device.Image.Address;
            CudaGraphExec? exec = null;
            if (GraphsUsable && bf16.IsPrepared(batch) && !_bf16Graphs.TryGetValue(batch, out exec))
            {
                exec = Capture(() => bf16.Enqueue(batch, image));
                if (exec != null) _bf16Graphs[batch] = exec;
            }
            if (exec != null) exec.Launch(_towers[0].Stream);
            else
            {
                var timer = Timer;
                var stream = _towers[0].Stream;
                bf16.Enqueue(batch, image, timer != null ? name => timer.Mark(name, stream) : (Action<string>?)null);
            }
            _batch = batch;
            _trainingForward = false;
            _logitsFromBf16 = true;
        }

        void RunTrainingStep(int batch, in SgdSettings settings)
        {
            _bf16?.MarkStale();
            _logitsFromBf16 = false;
            if (GraphsUsable && Prepared(batch))
            {
                if (_trainingGraph == null || _trainingGraphBatch != batch || !Same(_trainingGraphSettings, settings))
                {
                    _trainingGraph?.Dispose();
                    var s = settings;
                    _trainingGraph = Capture(() =>
                    {
                        EnqueueForward(batch, training: true, setStep: false);
                        EnqueueBackward(batch);
                        EnqueueUpdate(s);
                    });
                    _trainingGraphBatch = batch;
                    _trainingGraphSettings = settings;
                }
                if (_trainingGraph != null)
                {
                    SetDeviceSteps();
                    _trainingGraph.Launch(_towers[0].Stream);
                    _batch = batch;
                    _trainingForward = true;
                    Step++;
                    return;
                }
            }
            EnqueueForward(batch, training: true);
            EnqueueBackward(batch);
            EnqueueUpdate(settings);
        }

        /// <summary>Every tower waits for the work queued so far on every other tower (the crossings).</summary>
        void Exchange()
        {
            if (_towers.Length < 2) return;
            foreach (var t in _towers) t.Ready.Record(t.Stream);
            foreach (var t in _towers)
                foreach (var u in _towers)
                    if (t != u) t.Stream.Wait(u.Ready);
        }

        // Synchronous host copies run on the legacy stream, which non-blocking streams ignore: wait for them here.
        void SynchronizeContexts()
        {
            foreach (var d in _devices) d.Context.Synchronize();
        }

        void CheckBatch(int batch)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(CudaEngine));
            if (batch < 1 || batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch must be between 1 and the engine's MaxBatch {MaxBatch}");
        }

        void CheckFlat(int length, string name)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(CudaEngine));
            if (length != Spec.ParameterCount) throw new ArgumentException($"{name} holds {length} floats; the {Spec.Preset} spec has {Spec.ParameterCount} parameters", name);
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                foreach (var t in _towers) t?.Stream.Synchronize();
            }
            catch (CudaException)
            {
                // A failed device still gets its resources released below.
            }
            DisposeAugmenters();
            PinnedFrameMemory[] frameMemory;
            lock (_frameMemory) frameMemory = _frameMemory.ToArray();
            foreach (var m in frameMemory) ((IDisposable)m).Dispose();
            foreach (var g in _inferenceGraphs.Values) g.Dispose();
            _inferenceGraphs.Clear();
            foreach (var g in _bf16Graphs.Values) g.Dispose();
            _bf16Graphs.Clear();
            _bf16?.Dispose();
            _bf16 = null;
            _trainingGraph?.Dispose();
            _trainingGraph = null;
            foreach (var t in _towers) t?.Dispose();
            foreach (var d in _devices)
            {
                d.Dispose();
                d.Context.Dispose();
            }
            _devices.Clear();
        }
    }
}
