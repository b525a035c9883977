using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Sightline.Engines;
using Sightline.Imaging;
using Sightline.Model;

namespace Sightline.Classification
{
    /// <summary>
    /// Classifies frames with any <see cref="IInferenceEngine"/> (CPU, CUDA, ONNX Runtime). Thread-safe: callers preprocess their
    /// own frame on their own thread, and one worker thread owns the engine and runs requests in batches; requests that
    /// arrive while a batch runs go into the next batch, up to the engine's MaxBatch. Dispose stops the worker, fails
    /// what is still waiting with <see cref="ObjectDisposedException"/> and disposes the engine when it owns it.
    /// </summary>
    public sealed class ImageClassifier : IDisposable
    {
        readonly IInferenceEngine _engine;
        readonly bool _ownsEngine;
        readonly string[] _labels;
        readonly InputNormalization _normalization;
        readonly ClassifierOptions _options;
        readonly object _gate = new object();
        readonly List<Request> _pending = new List<Request>();
        readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
        readonly Thread _worker;
        readonly float[] _batchInput;
        readonly float[] _batchLogits;
        readonly int _inputLength;
        bool _disposed;
        long _batches;
        long _frames;

        sealed class Request
        {
            public Request(float[] input, int top)
            {
                Input = input;
                Top = top;
                Completion = new TaskCompletionSource<ClassificationResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            public readonly float[] Input;
            public readonly int Top;
            public readonly TaskCompletionSource<ClassificationResult> Completion;
            public CancellationTokenRegistration Registration;
        }

        public ImageClassifier(IInferenceEngine engine, IReadOnlyList<string> labels, InputNormalization normalization, ClassifierOptions? options = null, bool ownsEngine = true)
        {
            _engine = engine ?? throw new ArgumentNullException(nameof(engine));
            if (labels == null) throw new ArgumentNullException(nameof(labels));
            if (labels.Count != engine.Spec.Classes)
                throw new ArgumentException($"the engine's network has {engine.Spec.Classes} classes but {labels.Count} labels were given", nameof(labels));
            _normalization = normalization ?? throw new ArgumentNullException(nameof(normalization));
            if (normalization.IsMeanImage && normalization.MeanImageSize != engine.Spec.InputSize)
                throw new ArgumentException($"the mean image is {normalization.MeanImageSize}x{normalization.MeanImageSize} but the network's input is {engine.Spec.InputSize}x{engine.Spec.InputSize}", nameof(normalization));
            _options = options ?? new ClassifierOptions();
            if (_options.DefaultTop < 1) throw new ArgumentOutOfRangeException(nameof(options), _options.DefaultTop, "DefaultTop must be at least 1");
            if (engine.MaxBatch < 1) throw new ArgumentException($"engine {engine.Name} has MaxBatch {engine.MaxBatch}", nameof(engine));
            _ownsEngine = ownsEngine;
            _labels = new string[labels.Count];
            for (int i = 0; i < _labels.Length; i++) _labels[i] = labels[i];
            _inputLength = engine.Spec.InputShape.Size;
            _batchInput = new float[_inputLength * engine.MaxBatch];
            _batchLogits = new float[engine.Spec.Classes * engine.MaxBatch];
            _worker = new Thread(Run) { IsBackground = true, Name = "Sightline classifier (" + engine.Name + ")" };
            _worker.Start();
        }

        /// <summary>Takes labels and normalisation from <paramref name="model"/>; the engine must already hold its parameters.</summary>
        public ImageClassifier(IInferenceEngine engine, TrainedModel model, ClassifierOptions? options = null, bool ownsEngine = true)
            : this(engine, (model ?? throw new ArgumentNullException(nameof(model))).Labels, model.Normalization, options, ownsEngine)
        {
        }

        public string EngineName => _engine.Name;
        public int InputSize => _engine.Spec.InputSize;
        public IReadOnlyList<string> Labels => _labels;
        public bool LatestFrameWins => _options.LatestFrameWins;
        /// <summary>Engine calls made so far (each classifies one batch).</summary>
        public long BatchesRun => Interlocked.Read(ref _batches);
        /// <summary>Frames classified so far.</summary>
        public long FramesClassified => Interlocked.Read(ref _frames);

        /// <summary>Raised on the worker thread after each batch with its size.</summary>
        public event Action<int>? BatchCompleted;

        public Task<ClassificationResult> ClassifyAsync(Frame frame, CancellationToken cancellationToken = default) =>
            ClassifyAsync(frame, _options.DefaultTop, cancellationToken);

        /// <summary>
        /// Classifies <paramref name="frame"/>: the <paramref name="top"/> most probable labels with softmax probabilities.
        /// In latest-frame-wins mode the task fails with <see cref="FrameSupersededException"/> when a newer frame
        /// arrives before this one starts.
        /// </summary>
        public Task<ClassificationResult> ClassifyAsync(Frame frame, int top, CancellationToken cancellationToken = default)
        {
            if (frame == null) throw new ArgumentNullException(nameof(frame));
            if (top < 1) throw new ArgumentOutOfRangeException(nameof(top), top, "top must be at least 1");
            ThrowIfDisposed();
            int size = InputSize;
            if (!_options.ResizeFrames && (frame.Width != size || frame.Height != size))
                throw new ArgumentException($"frame is {frame.Width}x{frame.Height} but the network ({_engine.Spec}) takes {size}x{size} and this classifier does not resize (ClassifierOptions.ResizeFrames is false)", nameof(frame));
            if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<ClassificationResult>(cancellationToken);

            var input = new float[_inputLength];
            if (_options.ResizeFrames) FramePreprocessor.Prepare(frame, size, _normalization, input);
            else _normalization.Apply(frame.ToRgb24(), size, input);

            var request = new Request(input, top);
            Request[]? superseded = null;
            lock (_gate)
            {
                if (_disposed) throw new ObjectDisposedException(nameof(ImageClassifier));
                if (_options.LatestFrameWins && _pending.Count > 0)
                {
                    superseded = _pending.ToArray();
                    _pending.Clear();
                }
                _pending.Add(request);
            }
            if (superseded != null)
                foreach (var old in superseded) Finish(old, r => r.Completion.TrySetException(new FrameSupersededException()));
            if (cancellationToken.CanBeCanceled)
                request.Registration = cancellationToken.Register(() => Cancel(request, cancellationToken));
            try
            {
                _signal.Release();
            }
            catch (ObjectDisposedException)
            {
                // Dispose ran since the request was queued and has already failed it with ObjectDisposedException.
            }
            return request.Completion.Task;
        }

        public void Dispose()
        {
            Request[] left;
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
                left = _pending.ToArray();
                _pending.Clear();
            }
            foreach (var request in left) Finish(request, r => r.Completion.TrySetException(new ObjectDisposedException(nameof(ImageClassifier), "the classifier was disposed before this frame was classified")));
            _signal.Release();
            if (Thread.CurrentThread != _worker) _worker.Join();
            if (_ownsEngine) _engine.Dispose();
            _signal.Dispose();
        }

        void Run()
        {
            var batch = new List<Request>();
            while (true)
            {
                _signal.Wait();
                batch.Clear();
                lock (_gate)
                {
                    if (_disposed) return;
                    while (_pending.Count > 0 && batch.Count < _engine.MaxBatch)
                    {
                        var next = _pending[0];
                        _pending.RemoveAt(0);
                        if (!next.Completion.Task.IsCompleted) batch.Add(next);
                    }
                }
                if (batch.Count > 0) RunBatch(batch);
            }
        }

        void RunBatch(List<Request> batch)
        {
            int n = batch.Count;
            int classes = _labels.Length;
            try
            {
                for (int i = 0; i < n; i++) batch[i].Input.AsSpan().CopyTo(_batchInput.AsSpan(i * _inputLength, _inputLength));
                _engine.Forward(_batchInput.AsSpan(0, n * _inputLength), n, _batchLogits.AsSpan(0, n * classes), false);
                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _frames, n);
                for (int i = 0; i < n; i++)
                {
                    var result = new ClassificationResult(ClassificationResult.TopK(_batchLogits.AsSpan(i * classes, classes), _labels, batch[i].Top), n);
                    Finish(batch[i], r => r.Completion.TrySetResult(result));
                }
            }
            catch (Exception e)
            {
                foreach (var request in batch) Finish(request, r => r.Completion.TrySetException(e));
            }
            try
            {
                BatchCompleted?.Invoke(n);
            }
            catch (Exception)
            {
                // A throwing subscriber must not end the worker thread (that would strand every later request).
            }
        }

        void Cancel(Request request, CancellationToken token)
        {
            lock (_gate) _pending.Remove(request);
            request.Completion.TrySetCanceled(token);
        }

        static void Finish(Request request, Action<Request> complete)
        {
            complete(request);
            request.Registration.Dispose();
        }

        void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed)) throw new ObjectDisposedException(nameof(ImageClassifier));
        }
    }
}
