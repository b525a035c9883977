using System;
using System.Diagnostics;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Cpu
{
    /// <summary>
    /// The reference engine: AlexNet exactly as Documentation~/network.md specifies it, on the CPU, with the two towers as grouped
    /// layers (conv2/4/5 with 2 groups, LRN per tower's channel half). Multi-threaded and vectorised; the result of a
    /// step depends only on the inputs, the parameters and (seed, step), never on the thread count or timing.
    ///
    /// Buffers, all allocated here (a step allocates nothing): parameters, gradients and momentum (flat, the spec's
    /// layout); the input copy; one activation buffer per layer [maxBatch, layer output] except ReLU, which runs in
    /// place on its input's buffer; two ping-pong buffers for activation gradients.
    /// </summary>
    public sealed unsafe class CpuEngine : IEngine, ILayerScaledUpdate
    {
        readonly CpuContext _context;
        readonly NativeBuffer _parameters;
        readonly NativeBuffer _gradients;
        readonly NativeBuffer _momentum;
        readonly NativeBuffer _input;
        readonly NativeBuffer[] _activations; // per layer; ReLU layers share their input's buffer
        readonly NativeBuffer _gradientA;
        readonly NativeBuffer _gradientB;
        readonly PackedLayerWeights _packedWeights; // stale after every change of _parameters
        readonly LayerSpec[] _layers;
        readonly long[] _forwardTicks;
        readonly long[] _backwardTicks;
        readonly bool _profile;
        long _updateTicks;
        int _batch;
        bool _trainingForward;
        bool _disposed;

        public CpuEngine(NetworkSpec spec, int maxBatch, CpuEngineOptions? options = null)
        {
            Spec = spec ?? throw new ArgumentNullException(nameof(spec));
            if (maxBatch < 1 || maxBatch > 65536) throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, "CPU engine batch size must be 1 to 65536");
            options ??= new CpuEngineOptions();
            // A forced instruction set that cannot be honoured would silently measure another kernel.
            if (Gemm.IsaProblem != null) throw new InvalidOperationException(Gemm.IsaProblem);
            MaxBatch = maxBatch;
            _layers = new LayerSpec[spec.Layers.Count];
            for (int i = 0; i < _layers.Length; i++) _layers[i] = spec.Layers[i];
            _profile = options.Profile;
            _forwardTicks = new long[_layers.Length];
            _backwardTicks = new long[_layers.Length];

            _context = new CpuContext(options.ThreadCount) { Profile = options.Profile };
            _parameters = new NativeBuffer(spec.ParameterCount);
            _gradients = new NativeBuffer(spec.ParameterCount);
            _momentum = new NativeBuffer(spec.ParameterCount);
            _input = new NativeBuffer((long)maxBatch * spec.InputShape.Size);

            _activations = new NativeBuffer[_layers.Length];
            long largest = spec.InputShape.Size;
            for (int i = 0; i < _layers.Length; i++)
            {
                var layer = _layers[i];
                largest = Math.Max(largest, layer.Output.Size);
                if ((layer.Kind == LayerKind.Relu || layer.Kind == LayerKind.Tanh) && i > 0) _activations[i] = _activations[i - 1];
                else _activations[i] = new NativeBuffer((long)maxBatch * layer.Output.Size);
                if (layer.Kind == LayerKind.Convolution) Convolution.Reserve(_context, ConvolutionGeometry.FromLayer(layer));
                if (layer.Kind == LayerKind.LocalResponseNorm) LocalResponseNorm.Reserve(_context, LrnGeometry.FromLayer(layer));
                if (layer.Kind == LayerKind.FullyConnected) FullyConnected.Reserve(_context, layer.Input.Size, layer.Output.Size, maxBatch);
            }
            _gradientA = new NativeBuffer(maxBatch * largest);
            _gradientB = new NativeBuffer(maxBatch * largest);

            _packedWeights = new PackedLayerWeights(_layers);
            ParameterInitializer.Initialize(spec, options.InitSeed, _parameters.Span);
        }

        public string Name => "cpu";
        public NetworkSpec Spec { get; }
        public int MaxBatch { get; }
        public bool CanTrain => true;
        public int ThreadCount => _context.ThreadCount;
        public ulong DropoutSeed { get; set; }
        public long Step { get; set; }

        /// <summary>Batch of the last Forward (0 before the first).</summary>
        public int LastBatch => _batch;

        /// <summary>
        /// Output of layer <paramref name="layerName"/> in the last Forward: [LastBatch, layer.Output] in NCHW.
        /// A ReLU's output replaces its input's (they share a buffer), so the layer before a ReLU reads as the ReLU's output.
        /// </summary>
        public ReadOnlySpan<float> GetActivation(string layerName)
        {
            ThrowIfDisposed();
            for (int i = 0; i < _layers.Length; i++)
                if (_layers[i].Name == layerName)
                    return _activations[i].Slice(0, _batch * _layers[i].Output.Size);
            throw new ArgumentException($"no layer named '{layerName}' in the {Spec.Preset} spec", nameof(layerName));
        }

        /// <summary>
        /// Seconds spent in each layer's forward and backward pass since the engine was made or <see cref="ResetLayerTimes"/>
        /// (only with <see cref="CpuEngineOptions.Profile"/>; zeros otherwise). Index = position in <see cref="NetworkSpec.Layers"/>.
        /// </summary>
        public void GetLayerTimes(Span<double> forwardSeconds, Span<double> backwardSeconds)
        {
            if (forwardSeconds.Length < _layers.Length || backwardSeconds.Length < _layers.Length)
                throw new ArgumentException($"layer time spans need {_layers.Length} entries (one per layer of the {Spec.Preset} spec)");
            for (int i = 0; i < _layers.Length; i++)
            {
                forwardSeconds[i] = _forwardTicks[i] / (double)Stopwatch.Frequency;
                backwardSeconds[i] = _backwardTicks[i] / (double)Stopwatch.Frequency;
            }
        }

        /// <summary>
        /// With <see cref="CpuEngineOptions.Profile"/>: worker seconds the convolutions spent unfolding images (im2col and
        /// its fold back), summed over workers, and seconds in <see cref="Update"/>, since the last <see cref="ResetLayerTimes"/>.
        /// </summary>
        public double UnfoldSeconds => _context.UnfoldSeconds;

        /// <inheritdoc cref="UnfoldSeconds"/>
        public double UpdateSeconds => _updateTicks / (double)Stopwatch.Frequency;

        public void ResetLayerTimes()
        {
            Array.Clear(_forwardTicks, 0, _forwardTicks.Length);
            Array.Clear(_backwardTicks, 0, _backwardTicks.Length);
            _context.ResetUnfoldTime();
            _updateTicks = 0;
        }

        public void SetParameters(ReadOnlySpan<float> parameters)
        {
            CopyFlat(parameters, _parameters.Span, parameters.Length, "parameters");
            _packedWeights.Invalidate();
        }

        public void GetParameters(Span<float> parameters) => CopyFlat(_parameters.Span, parameters, parameters.Length, "parameters");

        public void GetGradients(Span<float> gradients) => CopyFlat(_gradients.Span, gradients, gradients.Length, "gradients");

        public void GetMomentum(Span<float> momentum) => CopyFlat(_momentum.Span, momentum, momentum.Length, "momentum");

        public void SetMomentum(ReadOnlySpan<float> momentum) => CopyFlat(momentum, _momentum.Span, momentum.Length, "momentum");

        // One checked copy between the caller's span and a parameter-sized buffer (parameters, gradients, momentum).
        void CopyFlat(ReadOnlySpan<float> from, Span<float> to, int callerLength, string what)
        {
            ThrowIfDisposed();
            CheckLength(callerLength, what);
            from.CopyTo(to);
        }

        /// <summary>Runs the network on the first <paramref name="batch"/> images of <paramref name="input"/> (longer spans are fine).</summary>
        public void Forward(ReadOnlySpan<float> input, int batch, Span<float> logits, bool training)
        {
            ThrowIfDisposed();
            if (batch < 1 || batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch must be 1 to {MaxBatch} (this engine's maximum batch)");
            int inputSize = Spec.InputShape.Size;
            if (input.Length < batch * inputSize) throw new ArgumentException($"input has {input.Length} floats; batch {batch} of {Spec.InputShape} needs {batch * inputSize}", nameof(input));
            if (logits.Length < batch * Spec.Classes) throw new ArgumentException($"logits has {logits.Length} floats; batch {batch} of {Spec.Classes} classes needs {batch * Spec.Classes}", nameof(logits));

            input.Slice(0, batch * inputSize).CopyTo(_input.Span);
            _batch = batch;
            _trainingForward = false;
            var parameters = _parameters.Span;
            for (int i = 0; i < _layers.Length; i++)
            {
                var layer = _layers[i];
                int inCount = batch * layer.Input.Size, outCount = batch * layer.Output.Size;
                Span<float> x = i == 0 ? _input.Slice(0, inCount) : _activations[i - 1].Slice(0, inCount);
                Span<float> y = _activations[i].Slice(0, outCount);
                long start = _profile ? Stopwatch.GetTimestamp() : 0;
                switch (layer.Kind)
                {
                    case LayerKind.Convolution:
                        var geometry = ConvolutionGeometry.FromLayer(layer);
                        Convolution.ForwardPacked(_context, geometry, batch, x, _packedWeights.Convolution(_context, i, geometry, Weights(parameters, layer)), Bias(parameters, layer), y);
                        break;
                    case LayerKind.Relu:
                    case LayerKind.Tanh:
                        ActivationLayer.Forward(_context, FunctionOf(layer.Kind), x, y, outCount);
                        break;
                    case LayerKind.LocalResponseNorm:
                        LocalResponseNorm.Forward(_context, LrnGeometry.FromLayer(layer), batch, x, y);
                        break;
                    case LayerKind.MaxPool:
                        MaxPool.Forward(_context, PoolGeometry.FromLayer(layer), batch, x, y);
                        break;
                    case LayerKind.FullyConnected:
                        // Inference at small batches (a game's frame) streams weights kept transposed; training packs nothing extra.
                        if (!training && batch <= FullyConnected.PackedMaxBatch && FullyConnected.CanPack)
                            FullyConnected.ForwardPacked(_context, layer.Input.Size, layer.Output.Size, batch, x,
                                _packedWeights.FullyConnected(_context, i, Weights(parameters, layer)), Bias(parameters, layer), y);
                        else
                            FullyConnected.Forward(_context, layer.Input.Size, layer.Output.Size, batch, x, Weights(parameters, layer), Bias(parameters, layer), y);
                        break;
                    case LayerKind.Dropout:
                        if (training) Dropout.Forward(_context, DropoutSeed, layer.DropoutIndex, Step, layer.DropProbability, outCount, x, y);
                        else x.CopyTo(y);
                        break;
                    default:
                        throw new NotSupportedException($"the CPU engine has no {layer.Kind} layer ({layer.Name})");
                }
                if (_profile) _forwardTicks[i] += Stopwatch.GetTimestamp() - start;
            }
            _activations[_layers.Length - 1].Slice(0, batch * Spec.Classes).CopyTo(logits);
            _trainingForward = training;
        }

        public float Backward(ReadOnlySpan<int> labels)
        {
            ThrowIfDisposed();
            if (!_trainingForward) throw new InvalidOperationException("Backward needs a Forward with training = true first (the CPU engine keeps that pass's activations)");
            int batch = _batch;
            if (labels.Length < batch) throw new ArgumentException($"{labels.Length} labels for a batch of {batch}", nameof(labels));
            labels = labels.Slice(0, batch);

            var parameters = _parameters.Span;
            var gradients = _gradients.Span;
            var current = _gradientA;
            var other = _gradientB;
            float loss = SoftmaxCrossEntropy.Forward(Spec.Classes, batch, _activations[_layers.Length - 1].Slice(0, batch * Spec.Classes), labels,
                current.Slice(0, batch * Spec.Classes));
            for (int i = _layers.Length - 1; i >= 0; i--)
            {
                var layer = _layers[i];
                int inCount = batch * layer.Input.Size, outCount = batch * layer.Output.Size;
                Span<float> x = i == 0 ? _input.Slice(0, inCount) : _activations[i - 1].Slice(0, inCount);
                Span<float> y = _activations[i].Slice(0, outCount);
                Span<float> dy = current.Slice(0, outCount);
                Span<float> dx = i == 0 ? Span<float>.Empty : other.Slice(0, inCount);
                bool swap = true;
                long start = _profile ? Stopwatch.GetTimestamp() : 0;
                switch (layer.Kind)
                {
                    case LayerKind.Convolution:
                        Convolution.Backward(_context, ConvolutionGeometry.FromLayer(layer), batch, x, Weights(parameters, layer), dy, dx,
                            Weights(gradients, layer), Bias(gradients, layer));
                        break;
                    case LayerKind.Relu:
                    case LayerKind.Tanh:
                        ActivationLayer.Backward(_context, FunctionOf(layer.Kind), y, dy, dy, outCount);
                        swap = false;
                        break;
                    case LayerKind.LocalResponseNorm:
                        LocalResponseNorm.Backward(_context, LrnGeometry.FromLayer(layer), batch, x, y, dy, dx);
                        break;
                    case LayerKind.MaxPool:
                        MaxPool.Backward(_context, PoolGeometry.FromLayer(layer), batch, x, dy, dx);
                        break;
                    case LayerKind.FullyConnected:
                        FullyConnected.Backward(_context, layer.Input.Size, layer.Output.Size, batch, x, Weights(parameters, layer), dy, dx,
                            Weights(gradients, layer), Bias(gradients, layer));
                        break;
                    case LayerKind.Dropout:
                        Dropout.Backward(_context, DropoutSeed, layer.DropoutIndex, Step, layer.DropProbability, outCount, dy, dy);
                        swap = false;
                        break;
                    default:
                        throw new NotSupportedException($"the CPU engine has no {layer.Kind} layer ({layer.Name})");
                }
                if (_profile) _backwardTicks[i] += Stopwatch.GetTimestamp() - start;
                if (swap)
                {
                    var t = current;
                    current = other;
                    other = t;
                }
            }
            return loss;
        }

        public void Update(in SgdSettings settings)
        {
            ThrowIfDisposed();
            var parameters = _parameters.Span;
            var gradients = _gradients.Span;
            var momentum = _momentum.Span;
            long start = _profile ? Stopwatch.GetTimestamp() : 0;
            _packedWeights.Invalidate();
            for (int i = 0; i < _layers.Length; i++)
            {
                var layer = _layers[i];
                if (!layer.HasParameters) continue;
                float scale = settings.ScaleOf(i);
                // A frozen layer (fine-tuning) keeps its weights and its momentum: no update, no decay.
                if (scale == 0f) continue;
                var layerSettings = scale == 1f ? settings : new SgdSettings(settings.LearningRate * scale, settings.Momentum, settings.WeightDecay);
                Sgd.Update(_context, Weights(parameters, layer), Weights(momentum, layer), Weights(gradients, layer), layerSettings, true);
                Sgd.Update(_context, Bias(parameters, layer), Bias(momentum, layer), Bias(gradients, layer), layerSettings, false);
            }
            if (_profile) _updateTicks += Stopwatch.GetTimestamp() - start;
            Step++;
        }

        static Activation FunctionOf(LayerKind kind) => kind == LayerKind.Tanh ? Activation.Tanh : Activation.Relu;

        static Span<float> Weights(Span<float> flat, LayerSpec layer) => flat.Slice(layer.WeightOffset, layer.WeightCount);
        static Span<float> Bias(Span<float> flat, LayerSpec layer) => flat.Slice(layer.BiasOffset, layer.BiasCount);

        void CheckLength(int length, string what)
        {
            if (length != Spec.ParameterCount)
                throw new ArgumentException($"{what} buffer has {length} floats; the {Spec.Preset} spec has {Spec.ParameterCount} parameters");
        }

        void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(CpuEngine));
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _context.Dispose();
            _packedWeights.Dispose();
            _parameters.Dispose();
            _gradients.Dispose();
            _momentum.Dispose();
            _input.Dispose();
            foreach (var buffer in _activations) buffer.Dispose();
            _gradientA.Dispose();
            _gradientB.Dispose();
        }
    }
}
