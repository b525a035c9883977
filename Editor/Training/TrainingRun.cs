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
using Sightline.Training.Sessions;
using Sightline.Unity.Engines;

namespace Sightline.Editor.Training
{
    /// <summary>
    /// One training run for the editor window, on a background thread: opens the dataset (building its frame cache),
    /// creates the engine, starts or resumes a <see cref="TrainingSession"/>, and evaluates the validation split at
    /// the end for the confusion matrix. Everything the window reads is safe to read from the GUI thread.
    /// </summary>
    public sealed class TrainingRun
    {
        readonly TrainingRequest _request;
        readonly CancellationTokenSource _stop = new CancellationTokenSource();
        readonly object _gate = new object();
        string _status = "starting";
        double _progress;
        ConfusionMatrix? _confusion;

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
        /// <summary>Validation confusion matrix of the final weights; null until the run ends (or without validation frames).</summary>
        public ConfusionMatrix? Confusion { get { lock (_gate) return _confusion; } }

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
            if (string.IsNullOrWhiteSpace(r.DatasetFolder) || !Directory.Exists(r.DatasetFolder))
                throw new ArgumentException($"dataset folder '{r.DatasetFolder}' does not exist");
            if (string.IsNullOrWhiteSpace(r.RunFolder)) throw new ArgumentException("choose a run folder for checkpoints");
            var folder = new RunFolder(r.RunFolder);
            Checkpoint? checkpoint = null;
            if (r.Resume)
            {
                if (!folder.HasCheckpoint) throw new ArgumentException($"there is no checkpoint to resume in {folder.Path}");
                checkpoint = CheckpointFile.Load(folder.Checkpoint);
            }
            else if (folder.HasCheckpoint)
            {
                throw new ArgumentException($"{folder.Path} already holds a run; resume it or choose another run folder");
            }
            r.Settings.Validate();

            SetStatus("reading the dataset (building its frame cache)...", 0);
            var probe = checkpoint?.Spec ?? NetworkSpec.FromPreset(r.Preset, 2);
            var cacheProgress = new Progress<Sightline.Data.CacheBuildProgress>(p => SetStatus("building the frame cache: " + p));
            using var data = DatasetBatches.ForTraining(r.DatasetFolder, null, probe.InputSize, probe.StoredSize,
                checkpoint?.InputStatistics(), checkpoint?.Labels, null, cacheProgress, token);
            if (checkpoint == null && data.Labels.Count < 2)
                throw new ArgumentException($"{r.DatasetFolder} has {data.Labels.Count} label; training needs at least 2");
            var spec = checkpoint?.Spec ?? NetworkSpec.FromPreset(r.Preset, data.Labels.Count);

            var attempts = new List<string>();
            int maxBatch = Math.Min(r.Settings.BatchSize, Math.Max(1, data.Source.Count(DataPart.Train)));
            using var engine = EngineFactory.CreateForTraining(r.Engine, spec, maxBatch, r.Placement, attempts, r.TensorCores);
            var session = checkpoint != null
                ? TrainingSession.Resume(checkpoint, engine, data.Source, folder.Path, r.Settings.Epochs)
                : TrainingSession.Start(engine, data.Source, r.Settings, folder.Path);
            session.StepCompleted += (_, p) =>
            {
                Loss.Add(p.Step, p.SmoothedLoss);
                SetStatus($"epoch {p.Epoch}/{p.Epochs}, batch {p.Batch}/{p.BatchesPerEpoch}, loss {p.SmoothedLoss:0.000}, {p.ImagesPerSecond:0} images/s on {engine.Name}", p.Fraction);
            };
            session.EpochCompleted += (_, m) =>
            {
                TrainAccuracy.Add(m.Epoch, 1 - m.TrainTop1Error);
                ValidationAccuracy.Add(m.Epoch, 1 - m.ValidationTop1Error);
            };
            SetStatus($"training {spec} on {engine.Name} ({string.Join("; ", attempts)}); {data.Description}");
            var result = session.Run(token);

            if (data.Source.Count(DataPart.Validation) > 0 && result.Reason != StopReason.Diverged)
            {
                SetStatus("evaluating the validation split...");
                var evaluation = Evaluator.Evaluate(engine, data.Source, DataPart.Validation, false);
                lock (_gate) _confusion = evaluation.Confusion;
            }
            SetStatus($"{result.Reason}: {result.Message}", result.Reason == StopReason.Completed ? 1.0 : (double?)null);
            return result;
        }

        /// <summary>Exports the run's best (else latest) checkpoint as an ONNX file; returns the checkpoint used.</summary>
        public static string ExportOnnx(string runFolder, string onnxPath)
        {
            var folder = new RunFolder(runFolder);
            string source = File.Exists(folder.Best) ? folder.Best : folder.Checkpoint;
            if (!File.Exists(source)) throw new ArgumentException($"{runFolder} has no checkpoint to export yet");
            OnnxExporter.Save(CheckpointModel.ToTrainedModel(CheckpointFile.Load(source)), onnxPath);
            return source;
        }
    }
}
