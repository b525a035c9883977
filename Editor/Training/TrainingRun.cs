#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Sightline.Classification;
using Sightline.Editor.Training.Runs;
using Sightline.Model;
using Sightline.Onnx;
using Sightline.Training;
using Sightline.Training.Batches;
using Sightline.Training.Checkpoints;
using Sightline.Training.Evaluation;
using Sightline.Training.Runs;
using Sightline.Training.Sessions;
using Sightline.Unity.Engines;

namespace Sightline.Editor.Training
{
    /// <summary>
    /// One training run for the editor window, on a background thread, through the same orchestrator as the CLI
    /// (<see cref="TrainingJob"/>: resume or refuse, data, spec, batch, engine, session, scoring of the best checkpoint).
    /// Everything the window reads is safe to read from the GUI thread. The run folder gets run.json (<see cref="RunRecord"/>:
    /// the request, where the run stands, how it ended) and metrics.jsonl (<see cref="EpochLog"/>: one line per epoch),
    /// so the window finds a run again after a script reload or a restart, and <see cref="Interrupt"/> stops it with a
    /// checkpoint of the exact position when the editor is about to unload it.
    /// </summary>
    public sealed class TrainingRun
    {
        readonly TrainingRequest _request;
        readonly CancellationTokenSource _stop = new CancellationTokenSource();
        readonly object _gate = new object();
        string _status = "starting";
        double _progress;
        ConfusionMatrix? _confusion;
        string _scores = "";
        string _confusionSplit = "validation";
        string? _interruptedBy;
        RunRecord? _record;
        long _steps;

        public TrainingRun(TrainingRequest request)
        {
            _request = request ?? throw new ArgumentNullException(nameof(request));
            if (string.IsNullOrWhiteSpace(request.RunFolder)) throw new ArgumentException("a run folder for the checkpoints is required");
            RunFolder = System.IO.Path.GetFullPath(request.RunFolder);
        }

        /// <summary>The run folder (absolute).</summary>
        public string RunFolder { get; }
        public TrainingRequest Request => _request;
        /// <summary>Steps trained by this run object (not counting those before a resume).</summary>
        public long StepsDone => Interlocked.Read(ref _steps);
        /// <summary>Why the editor interrupted the run (a script reload, quitting), or null.</summary>
        public string? InterruptedBy { get { lock (_gate) return _interruptedBy; } }

        /// <summary>Loss and accuracy curves; a resumed run starts with the epochs its log holds.</summary>
        public RunCurves Curves { get; } = new RunCurves();
        public Task<TrainingResult>? Task { get; private set; }
        public bool IsRunning => Task != null && !Task.IsCompleted;
        public string Status { get { lock (_gate) return _status; } }
        /// <summary>0..1 over the whole run.</summary>
        public double Progress { get { lock (_gate) return _progress; } }
        /// <summary>
        /// Confusion matrix of the best (else latest) checkpoint on the test split, else on the validation split; null
        /// until the run ends. <see cref="ConfusionSplit"/> says which.
        /// </summary>
        public ConfusionMatrix? Confusion { get { lock (_gate) return _confusion; } }
        /// <summary>"test" or "validation": the split of <see cref="Confusion"/>.</summary>
        public string ConfusionSplit { get { lock (_gate) return _confusionSplit; } }
        /// <summary>The final scores, each naming its split ("" until the run ends).</summary>
        public string Scores { get { lock (_gate) return _scores; } }

        public void Start()
        {
            if (Task != null) throw new InvalidOperationException("this run was already started");
            Task = System.Threading.Tasks.Task.Run(() => Run(_stop.Token));
        }

        /// <summary>Asks the session to stop after the current step; it saves a checkpoint, so Resume continues.</summary>
        public void Stop() => _stop.Cancel();

        /// <summary>
        /// Stops the run for the editor (<paramref name="reason"/>: "a script reload", "the editor quitting"): after the
        /// current step it saves a checkpoint of the exact position and run.json says Interrupted, so the window offers
        /// Resume when it comes back; no scoring. Returns at once; <see cref="WaitUntilStopped"/> waits.
        /// </summary>
        public void Interrupt(string reason)
        {
            lock (_gate) _interruptedBy ??= reason;
            _stop.Cancel();
        }

        /// <summary>Waits up to <paramref name="timeout"/> for the run to end; false if it is still going.</summary>
        public bool WaitUntilStopped(TimeSpan timeout)
        {
            var task = Task;
            if (task == null) return true;
            try
            {
                return task.Wait(timeout);
            }
            catch (AggregateException)
            {
                return true; // it ended, by failing: the failure is the task's to report
            }
        }

        void SetStatus(string status, double? progress = null)
        {
            lock (_gate)
            {
                _status = status;
                if (progress.HasValue) _progress = progress.Value;
            }
        }

        TrainingResult Run(CancellationToken token)
        {
            try
            {
                return RunSession(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Stopped while the frame cache was being built: nothing was trained, so there is nothing to resume.
                SetStatus("stopped before training began");
                var nothing = new TrainingResult(StopReason.Cancelled, "stopped before training began", 0, 0, Array.Empty<Sightline.Training.Metrics.EpochMetrics>(), null);
                return nothing;
            }
            catch (Exception e)
            {
                SetStatus("failed: " + e.Message);
                Record(RunState.Failed, "failed: " + e.Message);
                throw;
            }
        }

        TrainingResult RunSession(CancellationToken token)
        {
            var r = _request;
            SetStatus("reading the dataset (building its frame cache)...", 0);
            var request = new TrainingJobRequest
            {
                DataFolder = r.DatasetFolder,
                RunFolder = r.RunFolder,
                Preset = r.Resume ? null : r.Preset,
                Resume = r.Resume,
                ResumeEpochs = r.Resume ? r.Settings.Epochs : (int?)null,
                Settings = r.Settings,
                From = string.IsNullOrWhiteSpace(r.FromModel) ? null : LoadModel(r.FromModel),
                FromName = r.FromModel,
                Stops = new StopConditions(),
            };
            var attempts = new List<string>();
            var cacheProgress = new Progress<Sightline.Data.CacheBuildProgress>(p => SetStatus("building the frame cache: " + p));
            using var job = TrainingJob.Open(request, (spec, batch) => EngineFactory.CreateForTraining(r.Engine, spec, batch, r.Placement, attempts, r.TensorCores), cacheProgress, token);
            var session = job.Session;
            var engineName = job.Engine.Name;
            var log = new EpochLog(RunFolder);
            StartRecord(engineName);
            if (r.Resume) log.Reconcile(session.History);
            ShowLogged(log);
            session.StepCompleted += (_, p) =>
            {
                Interlocked.Increment(ref _steps);
                Curves.Loss.Add(p.Step, p.SmoothedLoss);
                SetStatus($"epoch {p.Epoch}/{p.Epochs}, batch {p.Batch}/{p.BatchesPerEpoch}, loss {p.SmoothedLoss:0.000}, {p.ImagesPerSecond:0} images/s on {engineName}", p.Fraction);
            };
            session.EpochCompleted += (_, m) =>
            {
                // The checkpoint of this epoch is on disk already; the log line follows it.
                log.Append(m, session.Engine.Step);
                Curves.AddEpoch(new LoggedEpoch(m, -1));
            };
            SetStatus($"training {job.Spec} on {engineName} ({string.Join("; ", attempts)}); {job.DataDescription}" + (job.Notes.Count > 0 ? "; " + string.Join("; ", job.Notes) : ""));
            var result = session.Run(token);

            string? interruptedBy = InterruptedBy;
            if (result.Reason == StopReason.Cancelled && interruptedBy != null)
            {
                // The editor is unloading the run: no scoring, just the checkpoint and the record.
                SetStatus($"interrupted by {interruptedBy}: {result.Message}");
                Record(RunState.Interrupted, $"interrupted by {interruptedBy}: {result.Message}");
                return result;
            }

            SetStatus("scoring the best checkpoint...");
            var scored = job.Finish(result);
            lock (_gate)
            {
                _confusion = (scored.Test ?? scored.Validation)?.Confusion;
                _scores = Describe(scored);
                _confusionSplit = scored.HonestSplit;
            }
            var state = result.Reason == StopReason.Cancelled ? RunState.Stopped : result.Reason == StopReason.Diverged ? RunState.Failed : RunState.Finished;
            Record(state, $"{result.Reason}: {result.Message}", scored.Validation?.Top1Accuracy, scored.Test?.Top1Accuracy);
            SetStatus($"{result.Reason}: {result.Message}", result.Reason == StopReason.Completed ? 1.0 : (double?)null);
            return result;
        }

        // A new run writes its request; a resumed one keeps its record (or, for a run the CLI started, writes one).
        void StartRecord(string engineName)
        {
            RunRecord? existing = null;
            if (_request.Resume)
            {
                try
                {
                    existing = RunRecord.Load(RunFolder);
                }
                catch (FormatException)
                {
                    // A damaged run.json is replaced by one made from this request.
                }
            }
            var record = existing ?? RunRecord.For(_request, DateTime.UtcNow);
            record.State = RunState.Running;
            record.Outcome = "";
            record.EngineName = engineName;
            if (_request.Resume) record.Epochs = _request.Settings.Epochs;
            lock (_gate) _record = record;
            record.Save(RunFolder);
        }

        void Record(RunState state, string outcome, double? validationTop1 = null, double? testTop1 = null)
        {
            RunRecord? record;
            lock (_gate) record = _record;
            if (record == null) return; // failed before the run folder was known to be ours
            record.State = state;
            record.Outcome = outcome;
            if (validationTop1.HasValue) record.ValidationTop1 = validationTop1.Value;
            if (testTop1.HasValue) record.TestTop1 = testTop1.Value;
            record.Save(RunFolder);
        }

        // A resumed run shows the epochs before it from the log (and the loss curve at epoch ends).
        void ShowLogged(EpochLog log)
        {
            foreach (var epoch in log.Read(out _)) Curves.AddEpoch(epoch);
        }

        // Each score names its split: validation chose the checkpoint, test never chose anything.
        static string Describe(TrainingJobResult scored)
        {
            var parts = new List<string>();
            if (scored.Validation != null) parts.Add($"validation split top-1 {100 * scored.Validation.Top1Accuracy:0.0}% (chose the checkpoint)");
            if (scored.Test != null) parts.Add($"test split top-1 {100 * scored.Test.Top1Accuracy:0.0}% (never used to choose)");
            return string.Join(", ", parts);
        }

        static TrainedModel LoadModel(string path)
        {
            if (!File.Exists(path)) throw new ArgumentException($"the model to fine-tune, '{path}', does not exist");
            return path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? OnnxImporter.Load(path) : CheckpointFile.Load(path).Model;
        }

        /// <summary>Exports the run's best (else latest) checkpoint as an ONNX file; returns the checkpoint used.</summary>
        public static string ExportOnnx(string runFolder, string onnxPath)
        {
            var folder = new RunFolder(runFolder);
            string source = File.Exists(folder.Best) ? folder.Best : folder.Checkpoint;
            if (!File.Exists(source)) throw new ArgumentException($"{runFolder} has no checkpoint to export yet");
            OnnxExporter.Save(CheckpointFile.Load(source).Model, onnxPath);
            return source;
        }
    }
}
