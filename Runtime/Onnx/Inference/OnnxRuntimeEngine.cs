// Compiled only where ONNX Runtime's C# API exists: the .NET build, and Unity projects with com.github.asus4.onnxruntime
// (Sightline.Onnx's versionDefines). Everything else reaches this engine through OnnxRuntimeSupport.
#if SIGHTLINE_ONNXRUNTIME
using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.OnnxRuntime;
using Sightline.Classification;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Onnx
{
    /// <summary>
    /// Inference with ONNX Runtime (CPU, or CUDA when asked for and available): the independent forward oracle for the
    /// CPU and CUDA engines, and a fast CPU path for classifying. CanTrain is false: Backward, Update, gradients and
    /// momentum throw NotSupportedException. Forward is serialised by a lock; the classifier batches for throughput.
    /// </summary>
    public sealed class OnnxRuntimeEngine : IEngine
    {
        readonly object _sync = new object();
        readonly OnnxRuntimeOptions _options;
        readonly float[] _input;
        readonly float[] _output;
        TrainedModel _model;
        InferenceSession? _session;
        SessionOptions? _sessionOptions;
        string _inputName = OnnxExporter.InputName;
        string _outputName = OnnxExporter.OutputName;
        bool _disposed;

        /// <summary>Runs <paramref name="model"/> (exported to ONNX in memory).</summary>
        public OnnxRuntimeEngine(TrainedModel model, int maxBatch = 1, OnnxRuntimeOptions? options = null)
            : this(model, OnnxExporter.ToBytes(model), maxBatch, options)
        {
        }

        OnnxRuntimeEngine(TrainedModel model, byte[] onnx, int maxBatch, OnnxRuntimeOptions? options)
        {
            if (maxBatch < 1) throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, "max batch must be at least 1");
            _model = model ?? throw new ArgumentNullException(nameof(model));
            _options = options ?? new OnnxRuntimeOptions();
            MaxBatch = maxBatch;
            _input = new float[maxBatch * model.Spec.InputShape.Size];
            _output = new float[maxBatch * model.Spec.Classes];
            OpenSession(onnx);
        }

        /// <summary>
        /// Runs an ONNX file as it is (ours, or a torchvision-layout AlexNet); the file is also imported so the engine
        /// knows its spec, labels and parameters. Import errors are <see cref="OnnxImportException"/>s naming the file.
        /// </summary>
        public static OnnxRuntimeEngine FromFile(string path, int maxBatch = 1, OnnxRuntimeOptions? options = null, OnnxImportOptions? importOptions = null)
        {
            byte[] bytes;
            try { bytes = File.ReadAllBytes(path); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OnnxImportException($"{path}: cannot read the ONNX file: {e.Message}", e);
            }
            var model = OnnxImporter.Read(bytes, path, importOptions);
            return new OnnxRuntimeEngine(model, bytes, maxBatch, options);
        }

        /// <summary>The model this engine runs (parameters as last set).</summary>
        public TrainedModel Model => _model;
        public string Name => UsesCuda ? "onnxruntime-cuda" : "onnxruntime-cpu";
        public NetworkSpec Spec => _model.Spec;
        public int MaxBatch { get; }
        public bool CanTrain => false;
        /// <summary>True when the session runs on the CUDA execution provider.</summary>
        public bool UsesCuda { get; private set; }
        /// <summary>Why CUDA was asked for but not used (null when it was not asked for, or is in use).</summary>
        public string? CudaFallbackReason { get; private set; }
        public ulong DropoutSeed { get; set; }
        public long Step { get; set; }

        /// <summary>Rebuilds the session with new weights (an export in memory): meant for loading, not per-step use.</summary>
        public void SetParameters(ReadOnlySpan<float> parameters)
        {
            if (parameters.Length != Spec.ParameterCount)
                throw new ArgumentException($"the {Spec} has {Spec.ParameterCount} parameters, got {parameters.Length}", nameof(parameters));
            lock (_sync)
            {
                ThrowIfDisposed();
                var model = new TrainedModel(Spec, parameters.ToArray(), _model.Labels, _model.Normalization);
                var bytes = OnnxExporter.ToBytes(model);
                CloseSession();
                _model = model;
                OpenSession(bytes);
            }
        }

        public void GetParameters(Span<float> parameters)
        {
            if (parameters.Length != Spec.ParameterCount)
                throw new ArgumentException($"the {Spec} has {Spec.ParameterCount} parameters, got a buffer of {parameters.Length}", nameof(parameters));
            _model.Parameters.AsSpan().CopyTo(parameters);
        }

        public void Forward(ReadOnlySpan<float> input, int batch, Span<float> logits, bool training)
        {
            if (training) throw new NotSupportedException("ONNX Runtime runs inference only; train with the CPU or CUDA engine");
            if (batch < 1 || batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch must be 1..{MaxBatch} (the engine's MaxBatch)");
            int size = Spec.InputShape.Size;
            if (input.Length != batch * size)
                throw new ArgumentException($"input of {input.Length} floats is not {batch} x 3 x {Spec.InputSize} x {Spec.InputSize} (the network's input size is {Spec.InputSize})", nameof(input));
            if (logits.Length < batch * Spec.Classes)
                throw new ArgumentException($"logits need {batch * Spec.Classes} floats, got {logits.Length}", nameof(logits));
            lock (_sync)
            {
                ThrowIfDisposed();
                input.CopyTo(_input);
                var memory = OrtMemoryInfo.DefaultInstance;
                using (var x = OrtValue.CreateTensorValueFromMemory(memory, new Memory<float>(_input, 0, batch * size), new long[] { batch, 3, Spec.InputSize, Spec.InputSize }))
                using (var y = OrtValue.CreateTensorValueFromMemory(memory, new Memory<float>(_output, 0, batch * Spec.Classes), new long[] { batch, Spec.Classes }))
                using (var run = new RunOptions())
                {
                    _session!.Run(run, new[] { _inputName }, new[] { x }, new[] { _outputName }, new[] { y });
                }
                _output.AsSpan(0, batch * Spec.Classes).CopyTo(logits);
            }
        }

        public float Backward(ReadOnlySpan<int> labels) => throw NotTrainable();
        public void GetGradients(Span<float> gradients) => throw NotTrainable();
        public void Update(in SgdSettings settings) => throw NotTrainable();
        public void GetMomentum(Span<float> momentum) => throw NotTrainable();
        public void SetMomentum(ReadOnlySpan<float> momentum) => throw NotTrainable();

        public void Dispose()
        {
            lock (_sync)
            {
                if (_disposed) return;
                _disposed = true;
                CloseSession();
            }
        }

        /// <summary>True once disposed (the native session and its memory are released).</summary>
        public bool IsDisposed
        {
            get { lock (_sync) return _disposed; }
        }

        void OpenSession(byte[] onnx)
        {
            UsesCuda = false;
            CudaFallbackReason = null;
            if (_options.UseCuda)
            {
                var cudaOptions = NewOptions();
                try
                {
                    cudaOptions.AppendExecutionProvider_CUDA(_options.CudaDevice);
                    _session = new InferenceSession(onnx, cudaOptions);
                    _sessionOptions = cudaOptions;
                    UsesCuda = true;
                }
                catch (Exception e)
                {
                    // The CPU package has no CUDA provider; the GPU package without CUDA 13/cuDNN 9 fails here too.
                    cudaOptions.Dispose();
                    CudaFallbackReason = $"CUDA execution provider unavailable on device {_options.CudaDevice} ({e.GetType().Name}: {FirstLine(e.Message)}); running ONNX Runtime on the CPU";
                    _options.Log?.Invoke(CudaFallbackReason);
                }
            }
            if (_session == null)
            {
                _sessionOptions = NewOptions();
                try
                {
                    _session = new InferenceSession(onnx, _sessionOptions);
                }
                catch (OnnxRuntimeException e)
                {
                    _sessionOptions.Dispose();
                    _sessionOptions = null;
                    throw new OnnxImportException($"ONNX Runtime cannot load the model: {FirstLine(e.Message)}", e);
                }
            }
            // Foreign files name their tensors their own way; the network has exactly one input and one output.
            foreach (var name in _session.InputMetadata.Keys) { _inputName = name; break; }
            foreach (var name in _session.OutputMetadata.Keys) { _outputName = name; break; }
        }

        SessionOptions NewOptions()
        {
            var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            if (_options.IntraOpThreads > 0) options.IntraOpNumThreads = _options.IntraOpThreads;
            // ORT's own warnings (e.g. unused initialisers) are not the user's concern; errors still raise exceptions.
            options.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
            return options;
        }

        void CloseSession()
        {
            _session?.Dispose();
            _session = null;
            _sessionOptions?.Dispose();
            _sessionOptions = null;
        }

        static string FirstLine(string message)
        {
            int newline = message.IndexOf('\n');
            return (newline < 0 ? message : message.Substring(0, newline)).Trim();
        }

        void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(OnnxRuntimeEngine));
        }

        static NotSupportedException NotTrainable() =>
            new NotSupportedException("the ONNX Runtime engine runs inference only (CanTrain is false); train with the CPU or CUDA engine");
    }
}
#endif
