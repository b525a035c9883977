using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Sightline.Data;
using Sightline.Engines;
using Sightline.Model;
using Sightline.Training.Batches;
using Sightline.Training.Checkpoints;
using Sightline.Training.Evaluation;
using Sightline.Training.Sessions;

namespace Sightline.Training.Runs
{
    /// <summary>
    /// One training run from a request to a scored model, the same for the CLI, the Training window and the Headless
    /// sample: resume the run folder's checkpoint or refuse to overwrite it, probe the spec for the data's frame size,
    /// open the data, choose the spec (preset, checkpoint, or a model to fine-tune with a new last layer), clamp the
    /// batch to the training frames, create the engine, start or resume the session; then <see cref="Run"/> trains and
    /// scores the best-or-latest checkpoint on validation and test. Bad input throws ArgumentException (or
    /// DatasetException, CheckpointException) with a sentence naming what is wrong.
    /// </summary>
    public sealed class TrainingJob : IDisposable
    {
        readonly DatasetBatches _data;
        readonly List<string> _notes = new List<string>();

        TrainingJob(DatasetBatches data, RunFolder folder)
        {
            _data = data;
            Folder = folder;
        }

        public RunFolder Folder { get; }
        public NetworkSpec Spec { get; private set; } = null!;
        /// <summary>The engine the job created (and disposes).</summary>
        public IEngine Engine { get; private set; } = null!;
        public TrainingSession Session { get; private set; } = null!;
        public CachedBatchSource Source => _data.Source;
        /// <summary>The parts chosen, in words.</summary>
        public string DataDescription => _data.Description;
        /// <summary>What a user should know before the run starts (a clamped batch, skipped files, resuming, fine-tuning).</summary>
        public IReadOnlyList<string> Notes => _notes;
        /// <summary>The batch the run uses: the settings' batch, at most the number of training frames.</summary>
        public int Batch { get; private set; }

        /// <param name="createEngine">Makes the engine for a spec and a largest batch (the host's engine choice).</param>
        public static TrainingJob Open(TrainingJobRequest request, Func<NetworkSpec, int, IEngine> createEngine,
            IProgress<CacheBuildProgress>? cacheProgress = null, CancellationToken cancellation = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (createEngine == null) throw new ArgumentNullException(nameof(createEngine));
            if (string.IsNullOrWhiteSpace(request.DataFolder) || !Directory.Exists(request.DataFolder))
                throw new ArgumentException($"the dataset folder '{request.DataFolder}' does not exist");
            if (request.ValidationFolder != null && !Directory.Exists(request.ValidationFolder))
                throw new ArgumentException($"the validation folder '{request.ValidationFolder}' does not exist");
            if (string.IsNullOrWhiteSpace(request.RunFolder)) throw new ArgumentException("a run folder for the checkpoints is required");
            if (File.Exists(request.RunFolder)) throw new ArgumentException($"the run folder '{Path.GetFullPath(request.RunFolder)}' is a file; a run is a folder");
            request.Stops.Validate();
            if (request.Resume && request.From != null) throw new ArgumentException("a run is either resumed or fine-tuned from a model, not both");
            if (request.Variant != null && (request.Resume || request.From != null))
                throw new ArgumentException("a network variant (activation, LRN, pooling, towers, dropout) applies to a new run; a resumed or fine-tuned run keeps its model's network");

            // Resume the folder's run, or refuse to write over it.
            var folder = new RunFolder(request.RunFolder);
            Checkpoint? checkpoint = null;
            if (request.Resume)
            {
                if (!folder.HasCheckpoint) throw new ArgumentException($"there is no checkpoint to resume in '{folder.Path}' ({Path.GetFileName(folder.Checkpoint)} is missing)");
                checkpoint = CheckpointFile.Load(folder.Checkpoint);
                if (request.Preset != null && !string.Equals(request.Preset.Trim(), checkpoint.Model.Spec.Preset, StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"the checkpoint {folder.Checkpoint} is for another network ({checkpoint.Model.Spec}) than '{request.Preset}'; leave the preset out to resume it");
            }
            else
            {
                if (folder.HasCheckpoint)
                    throw new ArgumentException($"'{folder.Path}' already holds a run ({Path.GetFileName(folder.Checkpoint)}); resume it or choose another run folder");
                request.Settings.Validate();
            }

            // The frame size depends only on the input size, which the preset, checkpoint or model fixes; classes come from the data.
            var probe = checkpoint?.Model.Spec ?? request.From?.Spec ?? NetworkSpec.FromPreset(request.Preset ?? NetworkSpec.MiniPreset, 2, request.Init);
            var data = DatasetBatches.ForTraining(request.DataFolder, request.ValidationFolder, probe.InputSize, probe.StoredSize,
                checkpoint?.Model.Normalization, checkpoint?.Model.Labels, null, cacheProgress, cancellation);
            var job = new TrainingJob(data, folder);
            try
            {
                job.Begin(request, checkpoint, createEngine);
                return job;
            }
            catch
            {
                job.Dispose();
                throw;
            }
        }

        void Begin(TrainingJobRequest request, Checkpoint? checkpoint, Func<NetworkSpec, int, IEngine> createEngine)
        {
            var labels = _data.Labels;
            if (checkpoint == null && labels.Count < 2)
                throw new ArgumentException($"'{request.DataFolder}' has {labels.Count} class; training needs at least 2 class folders");
            float[]? initial = null;
            if (checkpoint != null) Spec = checkpoint.Model.Spec;
            else if (request.From != null)
            {
                var tuned = request.From.WithNewClasses(labels.ToArray(), request.Settings.Seed);
                Spec = tuned.Spec;
                initial = tuned.Parameters;
                _notes.Add($"fine-tuning {request.FromName ?? "the model"} ({request.From.Spec}): every layer but the last kept, a new last layer for {labels.Count} classes; " +
                    $"frozen: {request.Settings.Frozen}, kept layers at {request.Settings.KeptLayersRate:g3} x the rate");
            }
            else
            {
                Spec = NetworkSpec.FromPreset(request.Preset ?? NetworkSpec.MiniPreset, labels.Count, request.Init);
                if (request.Variant != null) Spec = request.Variant(Spec);
            }

            var settings = checkpoint?.State.Settings ?? request.Settings;
            int trainFrames = Math.Max(1, _data.Source.Count(DatasetSplit.Train));
            Batch = Math.Min(settings.BatchSize, trainFrames);
            // A batch larger than the training set cannot be filled: say so instead of silently training smaller batches.
            if (settings.BatchSize > trainFrames)
                _notes.Add($"batch {settings.BatchSize} is larger than the {trainFrames} training frames: each step uses all {trainFrames}");
            foreach (var problem in _data.Skipped.Take(5)) _notes.Add($"skipped {problem}");

            Engine = createEngine(Spec, Batch);
            if (checkpoint != null)
            {
                Session = TrainingSession.Resume(checkpoint, Engine, _data.Source, Folder.Path, request.ResumeEpochs);
                _notes.Add($"resuming {Folder.Checkpoint} at epoch {checkpoint.State.Epoch + 1}, step {checkpoint.State.Step}");
            }
            else Session = TrainingSession.Start(Engine, _data.Source, request.Settings, Folder.Path, initial);
            Session.Stops = request.Stops;
            Session.DeviceAugmentation = request.DeviceAugmentation;
        }

        /// <summary>Trains (or takes the result of a host that ran <see cref="Session"/> itself) and scores the model.</summary>
        public TrainingJobResult Run(CancellationToken cancellation = default) => Finish(Session.Run(cancellation));

        /// <summary>
        /// Scores the run's model: the best checkpoint (lowest validation error), else the latest, loaded into the
        /// engine, on the validation part and on the test split when there is one. Nothing is scored after divergence.
        /// </summary>
        public TrainingJobResult Finish(TrainingResult result)
        {
            string? model = File.Exists(Folder.Best) ? Folder.Best : Folder.HasCheckpoint ? Folder.Checkpoint : null;
            EvaluationResult? validation = null, test = null;
            if (result.Reason != StopReason.Diverged)
            {
                // Without a run folder's checkpoint (nothing written yet) the engine's weights are the model.
                if (model != null) Engine.SetParameters(CheckpointFile.Load(model).Model.Parameters);
                if (_data.Source.Count(DatasetSplit.Validation) > 0) validation = Evaluator.Evaluate(Engine, _data.Source, DatasetSplit.Validation, false);
                if (_data.Source.Count(DatasetSplit.Test) > 0) test = Evaluator.Evaluate(Engine, _data.Source, DatasetSplit.Test, false);
            }
            return new TrainingJobResult(result, Spec, model, validation, test);
        }

        public void Dispose()
        {
            Engine?.Dispose();
            _data.Dispose();
        }
    }
}
