using System;
using System.Collections.Generic;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Engine.Bf16;
using Sightline.Cuda.Engine.Input;
using Sightline.Cuda.Engine.Execution;
using Sightline.Cuda.Engine.Planning;
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
    /// its own stream (and device), exchanging activations only at conv3, fc6, fc7 and fc8 (Documentation~/network.md). TwoDevices(0, 0)
    /// runs that split path on one GPU. All placements compute the same numbers up to float rounding.
    ///
    /// This class checks arguments and moves data between the host and the devices; the work is in its parts:
    /// <see cref="EngineDevices"/> (device setup, towers, copies), <see cref="BlockExecutor"/> (forward, backward,
    /// update, block by block and share by share), <see cref="GraphCache"/> (captured CUDA graphs),
    /// <see cref="FrameInput"/> (GPU-side augmentation) and <see cref="Bf16Inference"/> (the bf16 path).
    /// </summary>
    public sealed class CudaEngine : IFrameInputEngine
    {
        readonly EnginePlan _plan;
        readonly CudaEngineOptions _options;
        readonly EngineDevices _devices;
        readonly BlockExecutor _executor;
        readonly GraphCache _graphs;
        readonly FrameInput _frames;
        readonly int _imageSize;
        Bf16Inference? _bf16;          // CudaEngineOptions.Bf16Inference
        bool _disposed;

        public CudaEngine(NetworkSpec spec, CudaEngineOptions? options = null)
        {
            Spec = spec ?? throw new ArgumentNullException(nameof(spec));
            _options = options ?? new CudaEngineOptions();
            MaxBatch = _options.MaxBatch;
            Placement = _options.Placement;
            _plan = EnginePlan.Build(spec, Placement.IsSplit);
            _imageSize = spec.InputShape.Size;
            _devices = new EngineDevices(_plan.TowerCount);
            _executor = new BlockExecutor(spec, _plan, _devices) { DropoutSeed = _options.DropoutSeed };
            _graphs = new GraphCache(_options.CaptureGraphs, _devices, _executor);
            _frames = new FrameInput(_devices);
            try
            {
                _devices.Open(spec, _plan, Placement, _options, MaxBatch);
                if (_options.Bf16Inference) _bf16 = new Bf16Inference(_plan, _devices.A, MaxBatch);
            }
            catch (CudaOutOfMemoryException e) when (_devices.FreeAtStart >= 0)
            {
                long freeAtStart = _devices.FreeAtStart;
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
        public ulong DropoutSeed
        {
            get => _executor.DropoutSeed;
            set => _executor.DropoutSeed = value;
        }
        public long Step
        {
            get => _executor.Step;
            set => _executor.Step = value;
        }

        /// <summary>When set, the engine marks every stage of forward, backward and update on tower A's stream.</summary>
        public LayerTimer? Timer
        {
            get => _executor.Timer;
            set => _executor.Timer = value;
        }

        /// <summary>Tower A's device context (for timers and events that go with this engine).</summary>
        public CudaContext Context => _devices.A.Device.Context;

        /// <summary>"GPU 0 NVIDIA H100 80GB HBM3 (sm_90)" per device in use.</summary>
        public IEnumerable<string> Devices() => _devices.Describe();

        /// <summary>The convolution algorithms chosen so far, per block share and batch size.</summary>
        public IEnumerable<string> ConvolutionChoices()
        {
            foreach (var tower in _devices.Towers)
                foreach (var share in tower.Shares)
                    if (share?.Convolution != null)
                        foreach (var choice in share.Convolution.Choices())
                            yield return share.Convolution.Name + ": " + choice;
            if (_bf16 != null)
                foreach (var choice in _bf16.Choices()) yield return choice;
        }

        /// <summary>"on", "off (option)", "off (split towers)", or why capturing failed.</summary>
        public string GraphStatus => _graphs.Status;

        // ---------------------------------------------------------------- IEngine

        public void SetParameters(ReadOnlySpan<float> parameters)
        {
            CheckFlat(parameters.Length, nameof(parameters));
            _bf16?.MarkStale();
            _devices.Upload(d => d.Parameters, parameters);
        }

        public void GetParameters(Span<float> parameters) => Download(d => d.Parameters, parameters, nameof(parameters));

        public void GetGradients(Span<float> gradients) => Download(d => d.Gradients, gradients, nameof(gradients));

        public void GetMomentum(Span<float> momentum) => Download(d => d.Momentum, momentum, nameof(momentum));

        public void SetMomentum(ReadOnlySpan<float> momentum)
        {
            CheckFlat(momentum.Length, nameof(momentum));
            _devices.Upload(d => d.Momentum, momentum);
        }

        // One checked copy for every flat (parameter-sized) buffer the engine hands out.
        void Download(Func<DeviceState, DeviceBuffer<float>> buffer, Span<float> host, string name)
        {
            CheckFlat(host.Length, name);
            _devices.Download(buffer, host);
        }

        public void Forward(ReadOnlySpan<float> input, int batch, Span<float> logits, bool training)
        {
            CheckBatch(batch);
            long need = (long)batch * _imageSize;
            if (input.Length < need) throw new ArgumentException($"input holds {input.Length} floats; a batch of {batch} images of {Spec.InputShape} needs {need}", nameof(input));
            CheckLogits(logits, batch);
            _devices.Synchronize();
            _devices.UploadImages(input.Slice(0, (int)need));
            _devices.SynchronizeContexts();
            RunForward(batch, training, logits);
        }

        public float Backward(ReadOnlySpan<int> labels)
        {
            if (!_executor.TrainingForward) throw new InvalidOperationException("Backward needs a training Forward (training: true) before it");
            int batch = _executor.Batch;
            if (labels.Length < batch) throw new ArgumentException($"labels hold {labels.Length} values; the last Forward had a batch of {batch}", nameof(labels));
            CheckLabels(labels, batch);
            _devices.Synchronize();
            _devices.A.Labels!.CopyFrom(labels.Slice(0, batch));
            _devices.SynchronizeContexts();
            _executor.EnqueueBackward(batch);
            return ReadLoss(batch);
        }

        public void Update(in SgdSettings settings)
        {
            _executor.EnqueueUpdate(settings);
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
            _devices.Synchronize();
            _devices.UploadImages(input.Slice(0, (int)need));
            _devices.A.Labels!.CopyFrom(labels.Slice(0, batch));
            _devices.SynchronizeContexts();
            _executor.Batch = batch;
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
            _frames.Set(storedSize, shape.Height, MaxBatch, meanCrop, inputScale);
        }

        /// <summary>
        /// Uploads stored uint8 frames [batch, S, S, 3] with their augmentation and labels; the GPU crops, flips, adds
        /// the lighting offsets and subtracts the mean (bit-equal to <see cref="AugmentApply.Apply"/>). Then
        /// <see cref="TrainStep"/> and <see cref="Infer"/> use the batch, as after <see cref="LoadBatch"/>.
        /// </summary>
        public void LoadFrames(ReadOnlySpan<byte> frames, ReadOnlySpan<AugmentParams> augment, ReadOnlySpan<int> labels, int batch)
        {
            CheckBatch(batch);
            if (!_frames.IsSet) throw new InvalidOperationException("LoadFrames needs SetFrameInput (stored frame size and mean crop) first");
            if (labels.Length < batch) throw new ArgumentException($"labels hold {labels.Length} values; {batch} needed", nameof(labels));
            _devices.Synchronize();
            _frames.Enqueue(frames, augment, batch);
            _devices.A.Labels!.CopyFrom(labels.Slice(0, batch));
            // Context-wide: the towers' streams must not read the input before the augmenters' kernels wrote it.
            _devices.SynchronizeContexts();
            _executor.Batch = batch;
        }

        /// <summary>
        /// <see cref="IFrameInputEngine.ForwardFrames"/>: the augment kernel writes the input from the frames, then a
        /// forward pass as <see cref="Forward"/> (a training one is followed by <see cref="Backward"/>).
        /// </summary>
        public void ForwardFrames(ReadOnlySpan<byte> frames, ReadOnlySpan<AugmentParams> augment, int batch, Span<float> logits, bool training)
        {
            CheckBatch(batch);
            if (!_frames.IsSet) throw new InvalidOperationException("ForwardFrames needs SetFrameInput (stored frame size and mean crop) first");
            CheckLogits(logits, batch);
            _devices.Synchronize();
            _frames.Enqueue(frames, augment, batch);
            // Context-wide: the towers' streams must not read the input before the augmenters' kernels wrote it.
            _devices.SynchronizeContexts();
            RunForward(batch, training, logits);
        }

        /// <summary>
        /// <see cref="IFrameInputEngine.TrainFrames"/>: LoadFrames, then the training step (replayed as one captured graph
        /// when graphs are usable), then the logits and the mean loss.
        /// </summary>
        public float TrainFrames(ReadOnlySpan<byte> frames, ReadOnlySpan<AugmentParams> augment, ReadOnlySpan<int> labels, int batch, in SgdSettings settings, Span<float> logits)
        {
            CheckLogits(logits, batch);
            CheckLabels(labels, Math.Min(batch, labels.Length));
            LoadFrames(frames, augment, labels, batch);
            RunTrainingStep(batch, settings);
            float loss = ReadLoss(batch);
            _executor.LastBlock.Z.CopyTo(logits.Slice(0, batch * Spec.Classes));
            return loss;
        }

        /// <summary><see cref="IFrameInputEngine.RentFrameBuffer"/>: page-locked memory the augmenters upload from directly.</summary>
        public System.Buffers.IMemoryOwner<byte> RentFrameBuffer(int bytes)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(CudaEngine));
            if (bytes < 1) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "a frame buffer needs at least one byte");
            return _frames.Rent(bytes);
        }

        /// <summary>
        /// Queues forward, backward and update on the loaded batch without waiting (no host copies);
        /// <see cref="Synchronize"/> waits, <see cref="ReadLoss"/> reads the last step's mean loss.
        /// </summary>
        public void TrainStep(in SgdSettings settings)
        {
            CheckBatch(_executor.Batch);
            RunTrainingStep(_executor.Batch, settings);
        }

        /// <summary>Queues an inference forward pass on the loaded batch without waiting.</summary>
        public void Infer()
        {
            CheckBatch(_executor.Batch);
            RunInference(_executor.Batch);
        }

        /// <summary>Waits for every tower's queued work.</summary>
        public void Synchronize() => _devices.Synchronize();

        /// <summary>Mean loss of the last backward over <paramref name="batch"/> images (waits for it).</summary>
        public float ReadLoss(int batch)
        {
            _devices.Synchronize();
            var losses = new float[batch];
            _devices.A.Losses!.CopyTo(losses);
            double sum = 0;
            foreach (var l in losses) sum += l;
            return (float)(sum / batch);
        }

        /// <summary>The logits of the last forward pass [batch, classes].</summary>
        public float[] ReadLogits()
        {
            _devices.Synchronize();
            var logits = new float[_executor.Batch * Spec.Classes];
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
        public float[] ReadBlock(string name, bool gradient) =>
            ReadShares<float>(name, share => gradient ? share.GOut : share.Output)!;

        /// <summary>
        /// The max-pool choices of a pooling block for the last training batch (row-major index of the winning element
        /// inside each window, as the forward recorded it), laid out like <see cref="ReadBlock"/>; null for a block
        /// without pooling. The per-block check routes its reference gradient through these: on near-ties a
        /// reference computed from its own (rounding-different) activations may pick another element, which moves a
        /// whole gradient value and says nothing about the kernels.
        /// </summary>
        public byte[]? ReadPoolChoices(string name) => ReadShares<byte>(name, share => share.Argmax);

        /// <summary>One buffer of every share of a block, interleaved per image as the whole layer's [batch, ...]; null when a share lacks it.</summary>
        T[]? ReadShares<T>(string name, Func<ShareBuffers, DeviceBuffer<T>?> buffer) where T : unmanaged
        {
            _devices.Synchronize();
            int index = -1;
            for (int i = 0; i < _plan.Blocks.Count; i++)
                if (_plan.Blocks[i].Name == name) index = i;
            if (index < 0) throw new ArgumentException($"no block named '{name}'; blocks are {string.Join(", ", BlockNames())}", nameof(name));
            var shares = _executor.SharesOf(index);
            int batch = _executor.Batch;
            long perImage = 0;
            foreach (var s in shares)
            {
                if (buffer(s) == null) return null;
                perImage += s.OutputSize;
            }
            var result = new T[batch * perImage];
            long offset = 0;
            foreach (var s in shares)
            {
                var part = new T[batch * s.OutputSize];
                buffer(s)!.CopyTo(part);
                for (int n = 0; n < batch; n++)
                    Array.Copy(part, n * s.OutputSize, result, n * perImage + offset, s.OutputSize);
                offset += s.OutputSize;
            }
            return result;
        }

        // ---------------------------------------------------------------- running a pass

        /// <summary>Where the logits of the last pass are: the bf16 pass's own buffer, or the last block's output.</summary>
        DeviceBuffer<float> LogitsBuffer => _executor.LogitsFromBf16 ? _bf16!.Logits : _executor.LastBlock.Z;

        /// <summary>A forward pass on the uploaded input, then its logits to the host.</summary>
        void RunForward(int batch, bool training, Span<float> logits)
        {
            if (training) _executor.EnqueueForward(batch, training: true);
            else RunInference(batch);
            _devices.A.Stream.Synchronize();
            LogitsBuffer.CopyTo(logits.Slice(0, batch * Spec.Classes));
        }

        void RunInference(int batch)
        {
            if (_bf16 != null) _graphs.RunBf16Inference(_bf16, batch);
            else _graphs.RunInference(batch);
        }

        void RunTrainingStep(int batch, in SgdSettings settings)
        {
            _bf16?.MarkStale();
            _graphs.RunTrainingStep(batch, settings);
        }

        void CheckBatch(int batch)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(CudaEngine));
            if (batch < 1 || batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch must be between 1 and the engine's MaxBatch {MaxBatch}");
        }

        void CheckLogits(Span<float> logits, int batch)
        {
            if (logits.Length < (long)batch * Spec.Classes) throw new ArgumentException($"logits hold {logits.Length} floats; {batch} x {Spec.Classes} classes needs {(long)batch * Spec.Classes}", nameof(logits));
        }

        void CheckLabels(ReadOnlySpan<int> labels, int count)
        {
            for (int i = 0; i < count; i++)
                if ((uint)labels[i] >= (uint)Spec.Classes)
                    throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"label {i} is {labels[i]}; the network has classes 0..{Spec.Classes - 1}");
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
                _devices.Synchronize();
            }
            catch (CudaException)
            {
                // A failed device still gets its resources released below.
            }
            _frames.Dispose();
            _graphs.Dispose();
            _bf16?.Dispose();
            _bf16 = null;
            _devices.Dispose();
        }
    }
}
