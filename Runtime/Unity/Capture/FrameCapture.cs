#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Sightline.Capture;
using Sightline.Data;
using Sightline.Dispatch;
using Sightline.Hotkeys;
using Sightline.Imaging;
using Sightline.Scheduling;
using Sightline.Unity.Keys;
using UnityEngine;
using UnityEngine.SceneManagement;

namespace Sightline.Unity.Capture
{
    /// <summary>
    /// Captures labelled views of this camera into a Sightline dataset folder (frames/&lt;label&gt;/&lt;id&gt;.png and
    /// dataset.msgpack): every few seconds while capturing, or when a hotkey is pressed. A view is labelled by the
    /// labelled object (<see cref="SightlineLabel"/>) covering most of it, or by the hotkey's label. Coverage comes
    /// from rendered pixels (<see cref="ObjectIdPass"/>), so an object hidden behind another does not label the view;
    /// where the render pipeline cannot run that pass it comes from the objects' bounds (<see cref="LabelMethod"/>). Pixels come back
    /// through AsyncGPUReadback and are encoded and written by the dataset writer's thread, so capturing costs the
    /// frame one small extra camera render and no disk work.
    /// </summary>
    [AddComponentMenu("Sightline/Frame Capture")]
    [RequireComponent(typeof(Camera))]
    [DisallowMultipleComponent]
    public sealed class FrameCapture : MonoBehaviour
    {
        [Header("Dataset")]
        [SerializeField, Tooltip("Dataset folder. Relative paths start at the project folder in the Editor and at Application.persistentDataPath in players.")]
        private string datasetFolder = "SightlineData/Captures";
        [SerializeField, Range(0f, 0.5f), Tooltip("Share of each label's frames put in the validation split.")]
        private float validationShare = 0.1f;
        [SerializeField, Min(32), Tooltip("Short side of the stored frames in pixels (256 suits the paper's 224 input).")]
        private int shortSide = 256;

        [Header("When")]
        [SerializeField, Tooltip("Capture on the interval below from the start; otherwise only hotkeys (or StartCapturing) capture.")]
        private bool captureOnStart;
        [SerializeField, Min(0f), Tooltip("Seconds of game time between scheduled captures.")]
        private float intervalSeconds = 0.5f;
        [SerializeField, Tooltip("Captures the view now, labelled from the view.")]
        private KeyCode captureKey = KeyCode.C;
        [SerializeField, Tooltip("Keys that capture the view with a fixed label.")]
        private LabelHotkey[] labelHotkeys = Array.Empty<LabelHotkey>();

        [Header("Labelling from the view")]
        [SerializeField, Range(0f, 1f), Tooltip("Smallest share of the view the winning label must cover.")]
        private float minimumCoverage = 0.05f;
        [SerializeField, Range(0f, 1f), Tooltip("How much more of the view the winner must cover than the runner-up.")]
        private float minimumLead;
        [SerializeField, Tooltip("Measure coverage from rendered pixels (an object-ID pass: an object hidden behind another does not count). Built-in render pipeline only; elsewhere, and when off, from the objects' screen-space bounds.")]
        private bool labelFromPixels = true;

        readonly MainThreadQueue _mainThread = new MainThreadQueue();
        readonly ViewReadback _readback = new ViewReadback();
        readonly ViewLabelRule _rule = new ViewLabelRule();
        readonly ObjectIdPass _idPass = new ObjectIdPass();
        string? _idPassProblem;
        bool _idPassChecked;
        readonly HotkeyPoller _hotkeys = new HotkeyPoller();
        readonly Func<int, bool> _readKey = KeyPresses.WasPressedThisFrame;
        List<HotkeyBinding>? _bindings;
        string? _reportedHotkeyFailure;
        CaptureSchedule _schedule = new CaptureSchedule(0);
        SplitAssigner _splits = new SplitAssigner(0.1);
        DatasetWriter? _writer;
        // The previous writer closing on a worker thread: a dataset has one writer at a time, so reopening waits for it.
        Task _closing = Task.CompletedTask;
        Camera? _camera;
        int _generation;
        bool _capturing;
        string _lastProblem = "";

        public string DatasetFolder => datasetFolder;
        public float IntervalSeconds => intervalSeconds;
        /// <summary>The key that captures the view now, labelled from the view.</summary>
        public KeyCode CaptureKey => captureKey;
        /// <summary>Keys that capture the view with a fixed label.</summary>
        public IReadOnlyList<LabelHotkey> LabelHotkeys => labelHotkeys;
        /// <summary>Why hotkeys are off (the active input backend cannot read them); empty while they work. Capture on the interval and <see cref="CaptureNow"/> work either way.</summary>
        public string HotkeyProblem => _hotkeys.Failure ?? "";
        /// <summary>The dataset folder as an absolute path.</summary>
        public string DatasetPath => ResolveFolder(datasetFolder);
        /// <summary>True while scheduled captures run.</summary>
        public bool IsCapturing => _capturing;
        public bool IsReady => _writer != null;
        public long FramesWritten { get; private set; }
        public long FramesDropped => _writer?.DroppedCount ?? 0;
        public long ViewsSkipped { get; private set; }
        /// <summary>Why the last view was not captured (no labelled object in view, too small, ambiguous).</summary>
        public string LastSkipReason { get; private set; } = "";

        /// <summary>Raised on the main thread when a frame is on disk and in the manifest.</summary>
        public event Action<FrameRecord>? FrameWritten;

        public void StartCapturing()
        {
            _capturing = true;
            _schedule.IntervalSeconds = intervalSeconds;
        }

        public void StopCapturing()
        {
            _capturing = false;
            _schedule.IntervalSeconds = 0;
        }

        /// <summary>Captures the next frame; with a label it is used as is, without one the view decides.</summary>
        public void CaptureNow(string? label = null) => _schedule.Request(label);

        /// <summary>Sets the dataset folder (relative paths as for the Inspector field); it is opened when the component is next enabled.</summary>
        public void SetDatasetFolder(string folder)
        {
            if (string.IsNullOrWhiteSpace(folder)) throw new ArgumentException("the dataset folder is empty", nameof(folder));
            datasetFolder = folder;
        }

        /// <summary>Sets the seconds between scheduled captures (0: hotkeys and CaptureNow only).</summary>
        public void SetInterval(float seconds)
        {
            if (!(seconds >= 0) || float.IsInfinity(seconds)) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "the capture interval must be 0 or a positive number of seconds");
            intervalSeconds = seconds;
            if (_capturing) _schedule.IntervalSeconds = seconds;
        }

        /// <summary>Whether coverage is measured from rendered pixels where the render pipeline allows (Inspector: Label From Pixels).</summary>
        public bool LabelsFromPixels => labelFromPixels;

        /// <summary>True when coverage is measured from rendered pixels here (Label From Pixels on, and the pass can run).</summary>
        public bool CoverageFromPixels => labelFromPixels && IdPassProblem(out _) == null;

        /// <summary>How views are labelled here: "pixels", or "bounds" with the reason.</summary>
        public string LabelMethod
        {
            get
            {
                if (!labelFromPixels) return "bounds (Label From Pixels is off)";
                var problem = IdPassProblem(out _);
                return problem == null ? "pixels" : "bounds (" + problem + ")";
            }
        }

        /// <summary>Measure coverage from rendered pixels (true, where possible) or from the objects' bounds (false).</summary>
        public void SetLabelsFromPixels(bool fromPixels) => labelFromPixels = fromPixels;

        string? IdPassProblem(out Shader? shader)
        {
            var problem = ObjectIdPass.Unsupported(out shader);
            if (!_idPassChecked)
            {
                _idPassChecked = true;
                _idPassProblem = problem;
                // Once: a project on URP or HDRP labels from bounds, and says so.
                if (problem != null && labelFromPixels) Debug.Log($"Frame Capture on '{name}' labels views from object bounds (occluded objects count): {problem}.", this);
            }
            return problem;
        }

        /// <summary>Smallest share of the view the winning label must cover (see <see cref="SetMinimumCoverage"/>).</summary>
        public float MinimumCoverage => minimumCoverage;

        /// <summary>
        /// Sets the smallest share of the view (0 to 1) the winning label's screen-space bounds must cover for a frame
        /// labelled from the view; views below it are skipped. Bounds overstate round shapes, so a shape at the edge of
        /// the view can cover a few percent by its bounds while none of it shows.
        /// </summary>
        public void SetMinimumCoverage(float share)
        {
            if (!(share >= 0f && share <= 1f)) throw new ArgumentOutOfRangeException(nameof(share), share, "the minimum coverage is a share of the view, from 0 to 1");
            minimumCoverage = share;
        }

        /// <summary>Sets the key that captures the view labelled from the view (KeyCode.None: no key).</summary>
        public void SetCaptureKey(KeyCode key)
        {
            captureKey = key;
            BindingsChanged();
        }

        /// <summary>Replaces the keys that capture the view with a fixed label.</summary>
        public void SetLabelHotkeys(params LabelHotkey[] hotkeys)
        {
            if (hotkeys == null) throw new ArgumentNullException(nameof(hotkeys));
            foreach (var hotkey in hotkeys)
            {
                if (hotkey == null) throw new ArgumentException("a label hotkey is null", nameof(hotkeys));
                if (hotkey.Key != KeyCode.None && string.IsNullOrWhiteSpace(hotkey.Label))
                    throw new ArgumentException($"the hotkey {hotkey.Key} has no label", nameof(hotkeys));
            }
            labelHotkeys = (LabelHotkey[])hotkeys.Clone();
            BindingsChanged();
        }

        void BindingsChanged()
        {
            _bindings = null;
            _hotkeys.Reset();
        }

        // Inspector edits (in Play mode too) take effect at the next frame.
        void OnValidate() => BindingsChanged();

        List<HotkeyBinding> Bindings()
        {
            if (_bindings != null) return _bindings;
            _bindings = new List<HotkeyBinding> { new HotkeyBinding((int)captureKey, null) };
            foreach (var hotkey in labelHotkeys)
                if (hotkey != null && hotkey.Key != KeyCode.None && !string.IsNullOrWhiteSpace(hotkey.Label))
                    _bindings.Add(new HotkeyBinding((int)hotkey.Key, hotkey.Label));
            return _bindings;
        }

        static string ResolveFolder(string folder)
        {
            if (Path.IsPathRooted(folder)) return folder;
            string root = Application.isEditor ? Path.GetDirectoryName(Application.dataPath) ?? "." : Application.persistentDataPath;
            return Path.GetFullPath(Path.Combine(root, folder));
        }

        void OnEnable()
        {
            int generation = ++_generation;
            _camera = GetComponent<Camera>();
            _schedule = new CaptureSchedule(0);
            _splits = new SplitAssigner(validationShare);
            // Re-enabled while capturing (or set to capture from the start): the new schedule keeps capturing.
            if (captureOnStart || _capturing) StartCapturing();
            string path = DatasetPath;
            // Opening scans (and may repair) the dataset folder: not on the main thread.
            _closing.ContinueWith(_ => DatasetWriter.Open(path), TaskScheduler.Default).ContinueWith(task => _mainThread.Post(() =>
            {
                if (task.Exception != null)
                {
                    Problem($"cannot open dataset folder {path}: {task.Exception.GetBaseException().Message}");
                    return;
                }
                var writer = task.Result;
                if (generation != _generation)
                {
                    Task.Run(() => writer.Dispose());
                    return;
                }
                foreach (var problem in writer.Problems) Debug.LogWarning($"Sightline dataset: {problem}", this);
                writer.FrameWritten += record => _mainThread.Post(() => Written(generation, record));
                writer.FrameFailed += (label, e) => _mainThread.Post(() => Problem($"could not write a '{label}' frame to {path}: {e.Message}"));
                _writer = writer;
            }));
        }

        void OnDisable()
        {
            _generation++;
            var writer = _writer;
            _writer = null;
            // Dispose writes the frames still queued: on a worker thread, so disabling never waits for the disk.
            if (writer != null) _closing = Task.Run(() => writer.Dispose());
            _mainThread.Clear();
        }

        void OnDestroy()
        {
            _generation++;
            _readback.Dispose();
            _idPass.Dispose();
        }

        void Update()
        {
            _mainThread.Drain(e => Debug.LogException(e, this));
            // A key read that fails (the input backend cannot read it) turns hotkeys off, never the capture below.
            foreach (var pressed in _hotkeys.Pressed(Bindings(), _readKey)) _schedule.Request(pressed.Label);
            if (_hotkeys.Failure != null && !ReferenceEquals(_hotkeys.Failure, _reportedHotkeyFailure))
            {
                _reportedHotkeyFailure = _hotkeys.Failure;
                Problem($"{_hotkeys.Failure} (input: {KeyPresses.Backend})");
            }

            var request = _schedule.Tick(Time.timeAsDouble);
            if (request == null || _writer == null || _camera == null) return;

            var details = new CaptureDetails
            {
                Scene = SceneManager.GetActiveScene().name,
                Time = Time.timeAsDouble,
                Pose = PoseOf(_camera),
                CapturedUtc = DateTime.UtcNow,
                Source = "unity",
            };
            int generation = _generation;
            var writer = _writer;
            string? fixedLabel = request.Value.Label;
            Shader? shader = null;
            bool fromPixels = fixedLabel == null && labelFromPixels && IdPassProblem(out shader) == null;
            if (fixedLabel == null && !fromPixels)
            {
                // From bounds the label is known now: a view without one is not even read back.
                fixedLabel = Decide(BoundsCoverage(_camera));
                if (fixedLabel == null) return;
            }
            // The view and (when labelled from pixels) its object ids come back in a later frame, in either order.
            Frame? image = null;
            IReadOnlyList<LabelCoverage>? pixelCoverage = null;
            bool imageBack = false, idsBack = !fromPixels;
            // Taken now, with the pose the ids are rendered from, in case the id readback fails.
            var boundsCoverage = fromPixels ? BoundsCoverage(_camera) : null;
            void Finish()
            {
                if (!imageBack || !idsBack || generation != _generation || image == null) return;
                string? label = fixedLabel ?? Decide(pixelCoverage ?? boundsCoverage!);
                if (label == null) return;
                details.Split = _splits.Next(label);
                try
                {
                    writer.Enqueue(image, label, details);
                }
                catch (ArgumentException e)
                {
                    Problem($"frame labelled '{label}' refused: {e.Message}");
                }
            }
            if (fromPixels)
                _idPass.Measure(_camera, shader!, SightlineLabel.Active, (coverage, error) =>
                {
                    if (generation != _generation) return;
                    // A failed id readback labels this view from bounds rather than losing it.
                    if (coverage == null) Problem((error ?? "the object-ID readback failed") + "; this view is labelled from bounds");
                    pixelCoverage = coverage;
                    idsBack = true;
                    Finish();
                });
            _readback.Capture(_camera, shortSide, (read, error) =>
            {
                if (generation != _generation) return;
                if (read == null) Problem(error ?? "readback failed");
                image = read;
                imageBack = true;
                Finish();
            });
        }

        List<LabelCoverage> BoundsCoverage(Camera camera)
        {
            var objects = new List<KeyValuePair<string, ViewRect>>();
            foreach (var labelled in SightlineLabel.Active)
                if (!string.IsNullOrEmpty(labelled.Label) && labelled.TryGetViewRect(camera, out var rect))
                    objects.Add(new KeyValuePair<string, ViewRect>(labelled.Label, rect));
            return new List<LabelCoverage>(ViewCoverage.FromBounds(objects));
        }

        string? Decide(IReadOnlyList<LabelCoverage> coverage)
        {
            _rule.MinimumCoverage = minimumCoverage;
            _rule.MinimumLead = minimumLead;
            var decision = _rule.Choose(coverage);
            if (!decision.IsLabelled)
            {
                ViewsSkipped++;
                LastSkipReason = decision.Reason;
            }
            return decision.Label;
        }

        static CameraPose PoseOf(Camera camera)
        {
            var t = camera.transform;
            Vector3 p = t.position;
            Quaternion q = t.rotation;
            return new CameraPose(p.x, p.y, p.z, q.x, q.y, q.z, q.w, camera.fieldOfView);
        }

        void Written(int generation, FrameRecord record)
        {
            if (generation != _generation) return;
            FramesWritten++;
            FrameWritten?.Invoke(record);
        }

        void Problem(string message)
        {
            if (message == _lastProblem) return; // once per distinct problem, not every capture
            _lastProblem = message;
            Debug.LogWarning($"Frame Capture on '{name}': {message}", this);
        }
    }
}
