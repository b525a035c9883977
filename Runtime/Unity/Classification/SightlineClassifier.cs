#nullable enable
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Sightline.Classification;
using Sightline.Dispatch;
using Sightline.Scheduling;
using Sightline.Unity.Capture;
using Sightline.Unity.Engines;
using Sightline.Unity.Models;
using UnityEngine;

namespace Sightline.Unity.Classification
{
    /// <summary>
    /// Classifies what a camera (or a texture) shows, every N frames or on demand, and reports the top-k labels on
    /// the main thread. It never blocks a frame: a small copy of the view is read back asynchronously, converted and
    /// classified on worker threads, and only the newest frame is classified when the model is slower than the game.
    /// Loading the model, creating the engine and a warm-up run happen off the main thread when the component is enabled.
    /// Components with the same model, engine and TF32 setting share one engine and one copy of the weights
    /// (<see cref="ClassifierRunners"/>), and their frames are classified together; the Profiler shows each stage
    /// (<see cref="ClassificationMarkers"/>).
    /// </summary>
    [AddComponentMenu("Sightline/Sightline Classifier")]
    [DisallowMultipleComponent]
    public sealed class SightlineClassifier : MonoBehaviour
    {
        [Header("Source (a camera, or else a texture)")]
        [SerializeField, Tooltip("Camera whose view is classified. Takes precedence over the texture.")]
        private Camera? sourceCamera;
        [SerializeField, Tooltip("Texture (a RenderTexture or Texture2D) to classify when no camera is set.")]
        private Texture? sourceTexture;

        [Header("Model")]
        [SerializeField, Tooltip("An imported .onnx or .slckpt file.")]
        private SightlineModel? model;
        [SerializeField, Tooltip("Auto: CUDA when available, else ONNX Runtime, else the CPU engine.")]
        private EngineChoice engine = EngineChoice.Auto;
        [SerializeField, Tooltip("CUDA: TF32 tensor cores for the convolutions and fully connected layers (faster; scores differ from fp32 by about 1e-3).")]
        private bool tensorCores = true;

        [Header("Schedule")]
        [SerializeField, Min(0), Tooltip("Classify every this many frames; 0 classifies only when ClassifyNow is called.")]
        private int everyNFrames = 10;
        [SerializeField, Range(1, 10), Tooltip("How many labels each result holds, most probable first.")]
        private int topK = 5;
        [SerializeField, Tooltip("Classify one blank frame when enabled, so the first real frame is not slowed by engine start-up.")]
        private bool warmUpOnEnable = true;
        [SerializeField, Tooltip("Log each result to the Console.")]
        private bool logResults;

        readonly MainThreadQueue _mainThread = new MainThreadQueue();
        readonly ViewReadback _readback = new ViewReadback();
        FrameSchedule _schedule = new FrameSchedule(10);
        RunnerLease? _lease;
        ClassifierRunner? _runner;
        int _generation;
        string _lastWarning = "";

        public Camera? SourceCamera => sourceCamera;
        public Texture? SourceTexture => sourceTexture;
        public SightlineModel? Model => model;
        public EngineChoice Engine => engine;
        /// <summary>Whether a CUDA engine runs in TF32 on tensor cores (Inspector field; takes effect when the model loads).</summary>
        public bool TensorCores => tensorCores;
        public int EveryNFrames => everyNFrames;
        public int TopK => topK;

        public ClassifierState State { get; private set; }
        /// <summary>What the component is doing or why it failed (engine attempts included).</summary>
        public string StatusMessage { get; private set; } = "";
        /// <summary>The engine that runs the model ("cuda", "onnxruntime-cpu", "cpu"), once loaded.</summary>
        public string EngineName => _runner?.EngineName ?? "";
        /// <summary>The runner this component shares with the others on the same model and engine, once loaded.</summary>
        public ClassifierRunner? Runner => _runner;
        /// <summary>The most recent result; null until the first frame is classified.</summary>
        public ClassificationResult? LatestResult { get; private set; }
        public long FramesClassified { get; private set; }
        /// <summary>Frames that were due while the previous one was still being classified (dropped, not queued).</summary>
        public long FramesSkipped => _schedule.Skipped;

        /// <summary>Raised on the main thread with each new result.</summary>
        public event Action<ClassificationResult>? Classified;

        /// <summary>Classifies the next frame, whatever the interval.</summary>
        public void ClassifyNow() => _schedule.RequestNow();

        /// <summary>Switches the source; takes effect from the next frame.</summary>
        public void SetSource(Camera camera)
        {
            sourceCamera = camera;
        }

        public void SetSource(Texture texture)
        {
            sourceCamera = null;
            sourceTexture = texture;
        }

        /// <summary>Sets the model and engine; in Play mode it loads them now, keeping the component's other settings.</summary>
        public void SetModel(SightlineModel newModel, EngineChoice newEngine)
        {
            model = newModel;
            engine = newEngine;
            // Outside Play mode (a scene builder setting the field) there is nothing loaded to replace.
            if (isActiveAndEnabled && Application.isPlaying)
            {
                Unload();
                Load();
            }
        }

        void OnEnable() => Load();

        void OnDisable() => Unload();

        // Readbacks still in flight are dropped: their callbacks would read this destroyed component's name.
        void OnDestroy() => _readback.Dispose();

        void Load()
        {
            int generation = ++_generation;
            _schedule = new FrameSchedule(everyNFrames, maxInFlight: 1);
            if (model == null || model.IsEmpty)
            {
                Fail("no model: assign an imported .onnx or .slckpt asset to Model");
                return;
            }
            State = ClassifierState.Loading;
            StatusMessage = $"loading {model.name}...";
            var lease = _lease = ClassifierRunners.Acquire(model, engine, tensorCores, warmUpOnEnable);
            lease.Ready.ContinueWith(task => _mainThread.Post(() =>
            {
                // Disabled (or reloaded) while loading: the lease was given back in Unload.
                if (generation != _generation) return;
                if (task.Exception != null)
                {
                    Fail(task.Exception.GetBaseException().Message);
                    return;
                }
                _runner = task.Result;
                State = ClassifierState.Ready;
                StatusMessage = $"ready on {_runner.EngineName} ({_runner.Report})" + (_runner.Users > 1 ? $", shared by {_runner.Users} classifiers" : "");
                if (Sightline.Engines.EngineFallback.ConsoleLineOnce(_runner.Report) is string fallback) Debug.LogWarning($"Sightline Classifier on '{name}': {fallback}", this);
            }));
        }

        void Unload()
        {
            _generation++;
            State = ClassifierState.Disabled;
            _runner = null;
            // The runner's last user disposes it, off the main thread (Dispose waits for a running inference).
            _lease?.Dispose();
            _lease = null;
            _mainThread.Clear();
        }

        void Update()
        {
            _mainThread.Drain(e => Debug.LogException(e, this));
            if (State != ClassifierState.Ready || _runner == null) return;
            _schedule.Interval = everyNFrames;
            if (!_schedule.ShouldStart(Time.frameCount)) return;

            int generation = _generation;
            var schedule = _schedule;
            var classifier = _runner.Classifier;
            int top = topK;
            Action<Sightline.Imaging.Frame?, string?> done = (image, error) =>
            {
                if (image == null)
                {
                    schedule.Completed();
                    if (generation == _generation) Warn(error ?? "readback failed");
                    return;
                }
                Task.Run(async () =>
                {
                    try
                    {
                        // Conversion (readback layout to RGB8) and preprocessing run here, on a worker thread, not in the frame (ClassifyAsync
                        // preprocesses on the calling thread before it queues the frame for the shared engine).
                        Task<ClassificationResult> classified;
                        using (ClassificationMarkers.Preprocess.Auto()) classified = classifier.ClassifyAsync(image, top);
                        var result = await classified.ConfigureAwait(false);
                        _mainThread.Post(() => Deliver(generation, result));
                    }
                    catch (OperationCanceledException)
                    {
                        // Superseded by a newer frame: expected when the model is slower than the game.
                    }
                    catch (ObjectDisposedException)
                    {
                        // The component was disabled meanwhile.
                    }
                    catch (Exception e)
                    {
                        _mainThread.Post(() => Warn("classification failed: " + e.Message));
                    }
                    finally
                    {
                        schedule.Completed();
                    }
                });
            };
            using var marked = ClassificationMarkers.Readback.Auto();
            if (sourceCamera != null) _readback.Capture(sourceCamera, FramePreprocessor.StoredSize(classifier.InputSize), done);
            else if (sourceTexture != null) _readback.Capture(sourceTexture, FramePreprocessor.StoredSize(classifier.InputSize), done);
            else
            {
                schedule.Completed();
                Warn("no source: set a camera or a texture");
            }
        }

        void Deliver(int generation, ClassificationResult result)
        {
            if (generation != _generation) return;
            using var marked = ClassificationMarkers.Delivery.Auto();
            LatestResult = result;
            FramesClassified++;
            if (logResults) Debug.Log($"{name}: {string.Join(", ", result.Top)}", this);
            Classified?.Invoke(result);
        }

        void Fail(string message)
        {
            State = ClassifierState.Failed;
            StatusMessage = message;
            Debug.LogError($"Sightline Classifier on '{name}': {message}", this);
        }

        void Warn(string message)
        {
            StatusMessage = message;
            if (message == _lastWarning) return; // once per distinct problem, not every frame
            _lastWarning = message;
            Debug.LogWarning($"Sightline Classifier on '{name}': {message}", this);
        }
    }
}
