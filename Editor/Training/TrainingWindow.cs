#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Sightline.Charts;
using Sightline.Engines;
using Sightline.Data;
using Sightline.Editor.Training.Runs;
using Sightline.Model;
using Sightline.Training.FineTuning;
using Sightline.Training.Schedules;
using Sightline.Unity.Engines;
using UnityEditor;
using UnityEngine;

namespace Sightline.Editor.Training
{
    /// <summary>
    /// Window > Sightline > Training: pick a dataset, a network preset, an engine and placement and the
    /// hyper-parameters; start, stop and resume a run; watch progress, loss and accuracy curves and, when the run
    /// ends, the validation confusion matrix; export the trained network as an ONNX model asset. Training runs on a
    /// background thread; the window only reads its state when it repaints.
    /// </summary>
    public sealed class TrainingWindow : EditorWindow
    {
        static readonly string[] Presets = { NetworkSpec.MiniPreset, NetworkSpec.PaperPreset, NetworkSpec.TorchvisionPreset };
        static readonly string[] Placements = { "one GPU (towers as groups)", "two GPUs (tower A on 0, B on 1)", "two towers on GPU 0 (split code path)" };

        [SerializeField] private string datasetFolder = "SightlineData/Captures";
        [SerializeField] private string runFolder = "SightlineData/Runs/run1";
        [SerializeField] private int preset;
        [SerializeField] private EngineChoice engine = EngineChoice.Auto;
        [SerializeField] private int placement;
        [SerializeField] private bool tensorCores;
        [SerializeField] private int epochs = 30;
        [SerializeField] private int batchSize = 64;
        [SerializeField] private float learningRate = 0.01f;
        [SerializeField] private float momentum = 0.9f;
        [SerializeField] private float weightDecay = 0.0005f;
        [SerializeField] private int seed = 1;
        [SerializeField] private AugmentationChoice augmentation = AugmentationChoice.Paper;
        [SerializeField] private ScheduleKind schedule = ScheduleKind.Plateau;
        [SerializeField] private string stepEpochs = "20, 40";
        [SerializeField] private int warmupEpochs = 1;
        [SerializeField] private int earlyStop;
        [SerializeField] private string fromModel = "";
        [SerializeField] private bool freezeConvolutions;
        [SerializeField] private float keptLayersRate = 0.1f;
        [SerializeField] private string exportPath = "Assets/SightlineModel.onnx";

        // Rebuilt from runFolder (which Unity keeps) after every script reload; the run itself lives in ActiveTrainingRuns.
        TrainingWindowState? _state;
        string _openedFolder = "";
        TrainingSnapshot _view = TrainingSnapshot.None;
        // The Runs list: the run folders beside this one, read on opening, when a run ends and on Refresh (not every frame).
        List<RunSummary> _runs = new List<RunSummary>();
        List<string> _runProblems = new List<string>();
        bool _runsStale = true;
        string _message = "";
        Vector2 _scroll;

        [MenuItem("Window/Sightline/Training", false, 2100)]
        public static void Open() => GetWindow<TrainingWindow>("Sightline Training");

        void OnEnable()
        {
            EditorApplication.update += Tick;
            OpenRunFolder();
        }

        void OnDisable()
        {
            EditorApplication.update -= Tick;
            // Closing the window (or a script reload) leaves the run to ActiveTrainingRuns and TrainingEditorHooks.
            _state?.Dispose();
            _state = null;
        }

        // After a reload or reopening: the run training in the folder, or the folder's record, curves and resume offer.
        void OpenRunFolder()
        {
            _openedFolder = ProjectPath(runFolder);
            if (_state == null) _state = new TrainingWindowState(_openedFolder);
            else _state.Open(_openedFolder);
        }

        bool _wasRunning;

        void Tick()
        {
            var run = _state?.Run;
            bool running = run != null && run.IsRunning;
            // Repaint while a run is going so the curves and the progress bar move; once more when it ends.
            if (running || _wasRunning) Repaint();
            if (_wasRunning && !running)
            {
                _state?.Refresh();
                _runsStale = true;
            }
            _wasRunning = running;
        }

        static string ProjectPath(string path) =>
            Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Application.dataPath) ?? ".", path));

        void OnGUI()
        {
            // The run changes on a background thread; IMGUI needs the same controls in Layout and Repaint, so the
            // window reads the run once per Layout event and draws that copy.
            if (Event.current.type == EventType.Layout)
            {
                if (_state == null || !string.Equals(_openedFolder, ProjectPath(runFolder), StringComparison.Ordinal)) OpenRunFolder();
                _view = TrainingSnapshot.Of(_state!);
                if (_runsStale) ReadRuns();
            }
            _scroll = GUILayout.BeginScrollView(_scroll);
            bool running = _view.Running;
            GUI.enabled = !running;
            GUILayout.Label("Data and network", EditorStyles.boldLabel);
            GUILayout.BeginHorizontal();
            datasetFolder = EditorGUILayout.TextField("Dataset folder", datasetFolder);
            if (GUILayout.Button("Browse", GUILayout.Width(70f)))
            {
                string chosen = EditorUtility.OpenFolderPanel("Dataset folder", ProjectPath(datasetFolder), "");
                if (!string.IsNullOrEmpty(chosen)) datasetFolder = chosen;
            }
            GUILayout.EndHorizontal();
            GUILayout.BeginHorizontal();
            runFolder = EditorGUILayout.TextField("Run folder", runFolder);
            if (GUILayout.Button("Browse", GUILayout.Width(70f)))
            {
                string chosen = EditorUtility.OpenFolderPanel("Run folder (checkpoints)", ProjectPath(runFolder), "");
                if (!string.IsNullOrEmpty(chosen)) runFolder = chosen;
            }
            GUILayout.EndHorizontal();
            preset = EditorGUILayout.Popup("Network", preset, Presets);
            engine = (EngineChoice)EditorGUILayout.EnumPopup("Engine", engine);
            placement = EditorGUILayout.Popup("Placement", placement, Placements);
            // TF32: faster CUDA convolutions and fully connected layers, results about 1e-3 from fp32.
            tensorCores = EditorGUILayout.Toggle("TF32 tensor cores (CUDA)", tensorCores);

            GUILayout.Label("Hyper-parameters (the paper: batch 128, rate 0.01, momentum 0.9, decay 0.0005)", EditorStyles.boldLabel);
            epochs = EditorGUILayout.IntField("Epochs", epochs);
            batchSize = EditorGUILayout.IntField("Batch size", batchSize);
            learningRate = EditorGUILayout.FloatField("Learning rate", learningRate);
            momentum = EditorGUILayout.FloatField("Momentum", momentum);
            weightDecay = EditorGUILayout.FloatField("Weight decay", weightDecay);
            seed = EditorGUILayout.IntField("Seed", seed);
            // Paper: crops, flips, lighting. No flips for text, digits, UI or anything with handedness; None for a baseline.
            augmentation = (AugmentationChoice)EditorGUILayout.EnumPopup("Augmentation", augmentation);
            schedule = (ScheduleKind)EditorGUILayout.EnumPopup("Schedule", schedule);
            if (schedule == ScheduleKind.Steps) stepEpochs = EditorGUILayout.TextField("Drop after epochs", stepEpochs);
            if (schedule == ScheduleKind.Cosine) warmupEpochs = EditorGUILayout.IntField("Warm-up epochs", warmupEpochs);
            earlyStop = EditorGUILayout.IntField("Early stop (epochs, 0: off)", earlyStop);

            GUILayout.Label("Fine-tuning (start from a trained model; its last layer is replaced for these labels)", EditorStyles.boldLabel);
            GUILayout.BeginHorizontal();
            fromModel = EditorGUILayout.TextField("Model (.slckpt/.onnx)", fromModel);
            if (GUILayout.Button("Browse", GUILayout.Width(70f)))
            {
                string chosen = EditorUtility.OpenFilePanel("Model to fine-tune (.onnx or .slckpt)", ProjectPath("Assets"), "");
                if (!string.IsNullOrEmpty(chosen)) fromModel = chosen;
            }
            GUILayout.EndHorizontal();
            if (fromModel.Trim().Length > 0)
            {
                freezeConvolutions = EditorGUILayout.Toggle("Freeze conv1-conv5", freezeConvolutions);
                keptLayersRate = EditorGUILayout.FloatField("Kept layers' rate (x rate)", keptLayersRate);
            }
            GUI.enabled = true;

            if (_view.ResumeOffer.Length > 0)
            {
                EditorGUILayout.HelpBox(_view.ResumeOffer, MessageType.Warning);
                if (GUILayout.Button("Resume this run")) Resume();
            }
            if (_view.Problem.Length > 0) EditorGUILayout.HelpBox(_view.Problem, MessageType.Warning);

            GUILayout.BeginHorizontal();
            GUI.enabled = !running;
            if (GUILayout.Button("Start")) Begin(resume: false);
            if (GUILayout.Button("Resume")) Begin(resume: true);
            GUI.enabled = running;
            if (GUILayout.Button("Stop")) _view.Run?.Stop();
            GUI.enabled = true;
            GUILayout.EndHorizontal();

            var shown = _view.Run;
            if (shown != null)
            {
                Rect bar = GUILayoutUtility.GetRect(200f, 4000f, 20f, 20f);
                EditorGUI.ProgressBar(bar, (float)_view.Progress, _view.Status);
                if (_view.Failure != null) EditorGUILayout.HelpBox(_view.Failure, MessageType.Error);
            }
            var curves = _view.Curves;
            if (curves != null && (shown != null || curves.TrainAccuracy.Count > 0))
            {
                ChartDrawing.Curves(shown != null ? "Loss (smoothed, per step)" : "Loss (per epoch, from metrics.jsonl)", new List<(ChartSeries, Color)> { (curves.Loss, new Color(1f, 0.6f, 0.2f)) }, 140f);
                ChartDrawing.Curves("Top-1 accuracy (per epoch)", new List<(ChartSeries, Color)>
                {
                    (curves.TrainAccuracy, new Color(0.4f, 0.7f, 1f)),
                    (curves.ValidationAccuracy, new Color(0.4f, 1f, 0.5f)),
                }, 140f, 0, 1);
            }
            if (shown != null)
            {
                var confusion = _view.Confusion;
                if (confusion != null)
                {
                    var counts = new int[confusion.Classes * confusion.Classes];
                    for (int a = 0; a < confusion.Classes; a++)
                        for (int p = 0; p < confusion.Classes; p++) counts[a * confusion.Classes + p] = confusion[a, p];
                    GUILayout.Label($"{shown.Scores}", EditorStyles.wordWrappedLabel);
                    GUILayout.Label($"Confusion matrix on the {shown.ConfusionSplit} split ({confusion.Correct} of {confusion.Total} right; rows: actual, columns: predicted)", EditorStyles.boldLabel);
                    ChartDrawing.Confusion(confusion.Labels, counts, Mathf.Max(200f, position.width - 20f));
                }
            }

            DrawRuns();

            GUILayout.Label("Export", EditorStyles.boldLabel);
            GUILayout.BeginHorizontal();
            exportPath = EditorGUILayout.TextField("ONNX file", exportPath);
            GUI.enabled = !running;
            if (GUILayout.Button("Export", GUILayout.Width(70f))) Export();
            GUI.enabled = true;
            GUILayout.EndHorizontal();
            if (_message.Length > 0) EditorGUILayout.HelpBox(_message, MessageType.Info);
            GUILayout.EndScrollView();
        }

        void Begin(bool resume)
        {
            var request = new TrainingRequest
            {
                DatasetFolder = ProjectPath(datasetFolder),
                RunFolder = ProjectPath(runFolder),
                Preset = Presets[Mathf.Max(0, Math.Min(preset, Presets.Length - 1))],
                Engine = engine,
                Placement = placement == 1 ? Placement.TwoDevices(0, 1) : placement == 2 ? Placement.TwoDevices(0, 0) : Placement.OneDevice(0),
                TensorCores = tensorCores,
                Resume = resume,
                FromModel = resume || fromModel.Trim().Length == 0 ? "" : ProjectPath(fromModel.Trim()),
                Settings = new Sightline.Training.TrainingSettings
                {
                    Augmentation = augmentation,
                    Schedule = schedule,
                    StepEpochs = ParseEpochs(stepEpochs),
                    WarmupEpochs = warmupEpochs,
                    EarlyStopPatience = earlyStop,
                    Frozen = fromModel.Trim().Length > 0 && freezeConvolutions ? FrozenLayers.Convolutions : FrozenLayers.None,
                    KeptLayersRate = fromModel.Trim().Length > 0 ? keptLayersRate : 1f,
                    Epochs = epochs,
                    BatchSize = batchSize,
                    LearningRate = learningRate,
                    Momentum = momentum,
                    WeightDecay = weightDecay,
                    Seed = (ulong)Math.Max(0, seed),
                },
            };
            _message = "";
            Launch(() => _state!.Start(request));
        }

        void Resume()
        {
            _message = "";
            Launch(() => _state!.ResumeOffered());
        }

        void Launch(Func<TrainingRun> start)
        {
            if (_state == null) OpenRunFolder();
            try
            {
                start();
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException)
            {
                _message = e.Message;
            }
        }

        void ReadRuns()
        {
            _runsStale = false;
            _runProblems = new List<string>();
            string parent = Path.GetDirectoryName(ProjectPath(runFolder)) ?? ".";
            _runs = RunSummary.ListIn(parent, _runProblems);
        }

        // Every run beside this one: how it ended, its accuracy, time and settings; Open shows its curves.
        void DrawRuns()
        {
            GUILayout.BeginHorizontal();
            GUILayout.Label($"Runs in {Path.GetDirectoryName(ProjectPath(runFolder))}", EditorStyles.boldLabel);
            if (GUILayout.Button("Refresh", GUILayout.Width(70f))) _runsStale = true;
            GUILayout.EndHorizontal();
            if (_runs.Count == 0) GUILayout.Label("No runs with a run.json here yet.", EditorStyles.miniLabel);
            foreach (var run in _runs)
            {
                var r = run.Record;
                string accuracy = !double.IsNaN(r.TestTop1) ? $"test {100 * r.TestTop1:0.0}%, validation {100 * r.ValidationTop1:0.0}%"
                    : !double.IsNaN(r.ValidationTop1) ? $"validation {100 * r.ValidationTop1:0.0}%"
                    : !double.IsNaN(run.BestValidationTop1) ? $"best validation epoch {100 * run.BestValidationTop1:0.0}%" : "not scored";
                GUILayout.BeginHorizontal();
                GUILayout.Label($"{run.Name}: {r.State}, {run.EpochsDone}/{r.Epochs} epochs, {accuracy}, {run.TrainingSeconds / 60:0.0} min on {(r.EngineName.Length > 0 ? r.EngineName : r.Engine.ToString())}; {r.SettingsSummary}", EditorStyles.wordWrappedLabel);
                if (GUILayout.Button("Open", GUILayout.Width(50f))) runFolder = run.Folder;
                if (GUILayout.Button("Reveal", GUILayout.Width(60f))) EditorUtility.RevealInFinder(run.Folder);
                GUILayout.EndHorizontal();
            }
            foreach (var problem in _runProblems) EditorGUILayout.HelpBox(problem, MessageType.Warning);
        }

        // "20, 40" -> {20, 40}; a word that is not a number becomes 0, which the settings' check reports by name.
        static int[] ParseEpochs(string text)
        {
            var parts = text.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries);
            var epochs = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
                if (!int.TryParse(parts[i], out epochs[i])) epochs[i] = 0;
            return epochs;
        }

        void Export()
        {
            try
            {
                string target = ProjectPath(exportPath);
                Directory.CreateDirectory(Path.GetDirectoryName(target) ?? ".");
                string source = TrainingRun.ExportOnnx(ProjectPath(runFolder), target);
                _message = $"exported {source} to {target}";
                // Inside Assets/ the file becomes a model asset for SightlineClassifier.
                if (exportPath.Replace('\\', '/').StartsWith("Assets/", StringComparison.Ordinal))
                {
                    AssetDatabase.ImportAsset(exportPath);
                    // .onnx is only an override extension of the Sightline importer: choose it for this file.
                    AssetDatabase.SetImporterOverride<Sightline.Editor.Import.SightlineModelImporter>(exportPath);
                }
            }
            catch (Exception e)
            {
                _message = "export failed: " + e.Message;
            }
        }
    }
}
