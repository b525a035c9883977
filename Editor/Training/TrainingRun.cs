#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Sightline.Charts;
using Sightline.Classification;
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
    /// Everything the window reads is safe to read from the GUI thread.
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

        public TrainingRun(TrainingRequest request)
        {
            _request = request ?? throw new ArgumentNullException(nameof(request));
        }

        public ChartSeries Loss { get; } = new ChartSeries("loss");
        public ChartSeries TrainAccuracy { get; } = new ChartSeries("train top-1");
        public ChartSeries ValidationAccuracy { get; } = new ChartSeries("validation top-1");
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
            catch (Exception e)
            {
                SetStatus("failed: " + e.Message);
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
            session.StepCompleted += (_, p) =>
            {
                Loss.Add(p.Step, p.SmoothedLoss);
                SetStatus($"epoch {p.Epoch}/{p.Epochs}, batch {p.Batch}/{p.BatchesPerEpoch}, loss {p.SmoothedLoss:0.000}, {p.ImagesPerSecond:0} images/s on {engineName}", p.Fraction);
            };
            session.EpochCompleted += (_, m) =>
            {
                TrainAccuracy.Add(m.Epoch, 1 - m.TrainTop1Error);
                ValidationAccuracy.Add(m.Epoch, 1 - m.ValidationTop1Error);
            };
            SetStatus($"training {job.Spec} on {engineName} ({string.Join("; ", attempts)}); {job.DataDescription}" + (job.Notes.Count > 0 ? "; " + string.Join("; ", job.Notes) : ""));
            var result = session.Run(token);

            SetStatus("scoring the best checkpoint...");
            var scored = job.Finish(result);
            lock (_gate)
            {
                _confusion = (scored.Test ?? scored.Validation)?.Confusion;
                _scores = Describe(scored);
                _confusionSplit = scored.HonestSplit;
            }
            SetStatus($"{result.Reason}: {result.Message}", result.Reason == StopReason.Completed ? 1.0 : (double?)null);
            return result;
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
