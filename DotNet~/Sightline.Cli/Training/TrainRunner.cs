using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Sightline.Data;
using Sightline.Engines;
using Sightline.Model;
using Sightline.Training;
using Sightline.Training.Batches;
using Sightline.Training.Checkpoints;
using Sightline.Training.Evaluation;
using Sightline.Training.Sessions;

namespace Sightline.Cli.Training
{
    /// <summary>What `train` and `demo` ask for.</summary>
    public sealed class TrainRequest
    {
        public string Data { get; set; } = string.Empty;
        public string? Validation { get; set; }
        public string Out { get; set; } = string.Empty;
        /// <summary>Null: "mini" for a new run, the checkpoint's for a resumed one.</summary>
        public string? Spec { get; set; }
        public InitScheme Init { get; set; } = InitScheme.He;
        public string Engine { get; set; } = "auto";
        /// <summary>`--placement` of the CUDA engine: "one", "two" or "A,B"; null: one device.</summary>
        public string? Placement { get; set; }
        /// <summary>`--math` of the CUDA engine: strict (default) or tf32.</summary>
        public string? Math { get; set; }
        /// <summary>`--conv-layout` of the CUDA engine: nchw (default), auto or nhwc.</summary>
        public string? ConvolutionLayout { get; set; }
        /// <summary>`--augment-on-gpu`: hand the CUDA engine stored frames and let it crop, flip and light them.</summary>
        public bool AugmentOnGpu { get; set; }
        public int Epochs { get; set; } = 30;
        public int Batch { get; set; } = 64;
        public float LearningRate { get; set; } = 0.01f;
        public ulong Seed { get; set; } = 1;
        public bool Resume { get; set; }
        public int Threads { get; set; }
        public int Patience { get; set; } = 2;
        public int CheckpointEverySteps { get; set; }
        /// <summary>Optional: stop when the validation top-1 error is at or below this (the demo's target); 0 = never.</summary>
        public double TargetError { get; set; }
        /// <summary>Optional: do not start an epoch that would end past this many seconds after the run started; 0 = no limit.</summary>
        public double TimeBudgetSeconds { get; set; }
    }

    /// <summary>What a run produced.</summary>
    public sealed class TrainOutcome
    {
        public TrainOutcome(TrainingResult result, NetworkSpec spec, string engine, string? engineNote, string dataDescription, RunFolder folder, EvaluationResult? validation, double seconds)
        {
            Result = result;
            Spec = spec;
            Engine = engine;
            EngineNote = engineNote;
            DataDescription = dataDescription;
            Folder = folder;
            Validation = validation;
            Seconds = seconds;
        }

        public TrainingResult Result { get; }
        public NetworkSpec Spec { get; }
        public string Engine { get; }
        public string? EngineNote { get; }
        public string DataDescription { get; }
        public RunFolder Folder { get; }
        /// <summary>The final weights on the validation part (centre crop), or null without validation frames.</summary>
        public EvaluationResult? Validation { get; }
        public double Seconds { get; }
        public List<string> Pictures { get; } = new List<string>();
        public List<string> Notices { get; } = new List<string>();
    }

    /// <summary>
    /// Runs a training request: checks every argument (UserInputException, exit code 2), opens the data, creates the
    /// engine, starts or resumes the session, stops cleanly on Ctrl+C, and writes metrics and pictures to the run folder.
    /// </summary>
    public static class TrainRunner
    {
        public static TrainOutcome Run(TrainRequest request, TrainingReporter reporter, CancellationToken cancellation)
        {
            Validate(request);
            var folder = new RunFolder(request.Out);
            Checkpoint? checkpoint = null;
            if (request.Resume)
            {
                if (!folder.HasCheckpoint) throw new UserInputException($"--resume: there is no checkpoint in '{folder.Path}' ({Path.GetFileName(folder.Checkpoint)} is missing)");
                checkpoint = LoadCheckpoint(folder.Checkpoint);
                if (request.Spec != null && !string.Equals(request.Spec.Trim(), checkpoint.Spec.Preset, StringComparison.OrdinalIgnoreCase))
                    throw new UserInputException($"--spec {request.Spec}: the checkpoint {folder.Checkpoint} is for another spec ({checkpoint.Spec}); leave --spec out to resume it");
            }
            else if (folder.HasCheckpoint)
            {
                throw new UserInputException($"--out: '{folder.Path}' already holds a run ({Path.GetFileName(folder.Checkpoint)}); pass --resume to continue it or choose another folder");
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            string presetName = checkpoint?.Spec.Preset ?? request.Spec ?? NetworkSpec.MiniPreset;
            // The stored size depends only on the input size, which the preset fixes; classes come from the data.
            var probe = checkpoint?.Spec ?? Preset(presetName, 2, request.Init);
            using var data = OpenData(request, probe, checkpoint, reporter, cancellation);
            var spec = checkpoint?.Spec ?? Preset(presetName, data.Labels.Count, request.Init);
            if (checkpoint == null && data.Labels.Count < 2)
                throw new UserInputException($"--data: '{request.Data}' has {data.Labels.Count} class; training needs at least 2 class folders");

            int trainFrames = Math.Max(1, data.Source.Count(DataPart.Train));
            var (engine, note) = EngineFactory.Create(request.Engine, spec, Math.Min(request.Batch, trainFrames), request.Threads, PlacementDevices.Parse(request.Placement),
                CudaSettings.ParseMath(request.Math), CudaSettings.ParseLayout(request.ConvolutionLayout));
            using (engine)
            {
                if (note != null) reporter.Note(note);
                // A batch larger than the training set cannot be filled: say so instead of silently training smaller batches.
                if (request.Batch > trainFrames)
                    reporter.Note($"--batch {request.Batch} is larger than the {trainFrames} training frames: each step uses all {trainFrames}");
                reporter.Note($"{spec}, {engine.Name} engine; {data.Description}");
                foreach (var problem in data.Skipped.Take(5)) reporter.Note($"skipped {problem}");

                TrainingSession session;
                try
                {
                    if (checkpoint != null)
                    {
                        session = TrainingSession.Resume(checkpoint, engine, data.Source, folder.Path, request.Epochs);
                        reporter.Note($"resuming {folder.Checkpoint} at epoch {checkpoint.Epoch + 1}, step {checkpoint.Step}");
                    }
                    else
                    {
                        var settings = new TrainingSettings
                        {
                            Epochs = request.Epochs,
                            BatchSize = request.Batch,
                            LearningRate = request.LearningRate,
                            Seed = request.Seed,
                            Patience = request.Patience,
                            CheckpointEverySteps = request.CheckpointEverySteps,
                        };
                        session = TrainingSession.Start(engine, data.Source, settings, folder.Path);
                    }
                }
                catch (ArgumentException e)
                {
                    throw new UserInputException(e.Message);
                }

                session.DeviceAugmentation = request.AugmentOnGpu;
                if (request.AugmentOnGpu && !(engine is IFrameInputEngine))
                    reporter.Note($"--augment-on-gpu is ignored: the {engine.Name} engine takes crops made on the host");
                if (session.UsesDeviceAugmentation) reporter.Note($"training batches are cropped, flipped and lit on the device ({engine.Name}) from stored frames");
                var outcomeNotices = new List<string>();
                session.Notice += (_, n) =>
                {
                    outcomeNotices.Add(n.Message);
                    reporter.Note(n.Message);
                };
                using var stopEarly = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                string? early = null;
                session.EpochCompleted += (_, m) =>
                {
                    reporter.Epoch(m);
                    if (request.TargetError > 0 && m.ValidationTop1Error <= request.TargetError)
                        early = string.Format(CultureInfo.InvariantCulture, "reached the target validation top-1 of {0:0.#}%", 100 * (1 - request.TargetError));
                    else if (request.TimeBudgetSeconds > 0 && clock.Elapsed.TotalSeconds + m.Seconds > request.TimeBudgetSeconds)
                        early = string.Format(CultureInfo.InvariantCulture, "stopped before another epoch would pass the time budget of {0:0} s", request.TimeBudgetSeconds);
                    if (early != null) stopEarly.Cancel();
                };
                var result = reporter.Track(session, stopEarly.Token);
                // A failed graph capture only slows training down: said once, and kept for `sightline doctor`.
                if (engine is Sightline.Cuda.Engine.CudaEngine cudaEngine && Sightline.Cuda.Diagnostics.GraphCaptureRecord.Report(cudaEngine.GraphStatus) is string graphs)
                    reporter.Note(graphs);
                if (early != null && result.Reason == StopReason.Cancelled && !cancellation.IsCancellationRequested)
                    result = new TrainingResult(StopReason.Completed, $"{early} after {result.EpochsCompleted} epochs ({result.Step} steps)", result.EpochsCompleted, result.Step, result.History, result.CheckpointPath);

                EvaluationResult? validation = null;
                if (data.Source.Count(DataPart.Validation) > 0 && result.Reason != StopReason.Diverged)
                    validation = Evaluator.Evaluate(engine, data.Source, DataPart.Validation, false);
                var outcome = new TrainOutcome(result, spec, engine.Name, note, data.Description, folder, validation, clock.Elapsed.TotalSeconds);
                outcome.Notices.AddRange(outcomeNotices);
                RunArtifacts.Write(outcome, data.Source);
                return outcome;
            }
        }

        static void Validate(TrainRequest r)
        {
            if (string.IsNullOrWhiteSpace(r.Data)) throw new UserInputException("--data: a dataset folder is required");
            if (!Directory.Exists(r.Data)) throw new UserInputException($"--data: folder '{Path.GetFullPath(r.Data)}' does not exist");
            if (r.Validation != null && !Directory.Exists(r.Validation)) throw new UserInputException($"--val: folder '{Path.GetFullPath(r.Validation)}' does not exist");
            if (string.IsNullOrWhiteSpace(r.Out)) throw new UserInputException("--out: a run folder is required");
            if (File.Exists(r.Out)) throw new UserInputException($"--out: '{Path.GetFullPath(r.Out)}' is a file; a run is a folder");
            if (r.Batch < 1) throw new UserInputException($"--batch must be at least 1 (got {r.Batch})");
            if (r.Epochs < 1) throw new UserInputException($"--epochs must be at least 1 (got {r.Epochs})");
            if (!(r.LearningRate > 0f) || float.IsInfinity(r.LearningRate)) throw new UserInputException($"--lr must be a positive number (got {r.LearningRate})");
            if (r.Threads < 0) throw new UserInputException($"--threads must be 0 (all processors) or more (got {r.Threads})");
            if (r.Spec != null) Preset(r.Spec, 2, r.Init);
            if (Array.IndexOf(EngineFactory.Choices, (r.Engine ?? "").Trim().ToLowerInvariant()) < 0)
                throw new UserInputException($"--engine '{r.Engine}' is not one of {string.Join(", ", EngineFactory.Choices)}");
            PlacementDevices.Parse(r.Placement);
            CudaSettings.ParseMath(r.Math);
            CudaSettings.ParseLayout(r.ConvolutionLayout);
        }

        internal static NetworkSpec Preset(string name, int classes, InitScheme init)
        {
            try
            {
                return NetworkSpec.FromPreset(name, Math.Max(2, classes), init);
            }
            catch (SpecException e)
            {
                throw new UserInputException("--spec: " + e.Message);
            }
        }

        internal static Checkpoint LoadCheckpoint(string path)
        {
            try
            {
                return CheckpointFile.Load(path);
            }
            catch (CheckpointException e)
            {
                throw new UserInputException(e.Message);
            }
        }

        static DatasetBatches OpenData(TrainRequest request, NetworkSpec spec, Checkpoint? checkpoint, TrainingReporter reporter, CancellationToken cancellation)
        {
            try
            {
                return reporter.WithCacheProgress(progress => DatasetBatches.ForTraining(request.Data, request.Validation, spec.InputSize, spec.StoredSize,
                    checkpoint?.InputStatistics(), checkpoint?.Labels, null, progress, cancellation));
            }
            catch (DatasetException e)
            {
                throw new UserInputException("--data: " + e.Message);
            }
            catch (ArgumentException e)
            {
                throw new UserInputException("--data: " + e.Message);
            }
        }
    }
}
