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
using Sightline.Training.FineTuning;
using Sightline.Training.Runs;
using Sightline.Training.Schedules;
using Sightline.Cli.Inference;

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
        /// <summary>`--activation`: relu (the paper) or tanh; a new run only.</summary>
        public Activation Activation { get; set; } = Activation.Relu;
        /// <summary>Further changes to the preset's network (an experiment's variant: LRN, pooling, towers, dropout); null: none.</summary>
        public Func<NetworkSpec, NetworkSpec>? Variant { get; set; }
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
        /// <summary>`--augment`: paper, crops, no-flips or none.</summary>
        public AugmentationChoice Augmentation { get; set; } = AugmentationChoice.Paper;
        /// <summary>`--schedule`: plateau (default), steps (with <see cref="StepEpochs"/>) or cosine.</summary>
        public ScheduleKind Schedule { get; set; } = ScheduleKind.Plateau;
        public int[] StepEpochs { get; set; } = Array.Empty<int>();
        public int WarmupEpochs { get; set; } = 1;
        /// <summary>`--early-stop N`: stop after N epochs without a better validation error; 0 = never.</summary>
        public int EarlyStopPatience { get; set; }
        /// <summary>`--from MODEL`: fine-tune a .slckpt or .onnx model on the data's classes.</summary>
        public string? From { get; set; }
        /// <summary>`--freeze`: none or conv.</summary>
        public FrozenLayers Freeze { get; set; } = FrozenLayers.None;
        /// <summary>`--kept-rate`: the kept layers' rate as a multiple of --lr; null: 0.1 when fine-tuning, else 1.</summary>
        public float? KeptLayersRate { get; set; }
        /// <summary>Optional: stop when the validation top-1 error is at or below this (the demo's target); 0 = never.</summary>
        public double TargetError { get; set; }
        /// <summary>Optional: do not start an epoch that would end past this many seconds after the run started; 0 = no limit.</summary>
        public double TimeBudgetSeconds { get; set; }
    }

    /// <summary>What a run produced.</summary>
    public sealed class TrainOutcome
    {
        public TrainOutcome(TrainingResult result, NetworkSpec spec, string engine, string? engineNote, string dataDescription, RunFolder folder, EvaluationResult? validation, double seconds,
            EvaluationResult? test = null, string? modelPath = null)
        {
            Test = test;
            ModelPath = modelPath;
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
        /// <summary>The model (<see cref="ModelPath"/>) on the validation part (centre crop), or null without validation frames.</summary>
        public EvaluationResult? Validation { get; }
        /// <summary>The model on the dataset's test split (never used to choose it), or null without one.</summary>
        public EvaluationResult? Test { get; }
        /// <summary>The checkpoint scored and exported: best (lowest validation error), else latest.</summary>
        public string? ModelPath { get; }
        public double Seconds { get; }
        public List<string> Pictures { get; } = new List<string>();
        public List<string> Notices { get; } = new List<string>();
    }

    /// <summary>
    /// Runs a training request: checks every argument (UserInputException, exit code 2), hands the run to the one
    /// orchestrator (TrainingJob: resume or refuse, data, spec, batch, engine, session, scoring), shows progress, stops
    /// cleanly on Ctrl+C, and writes metrics and pictures to the run folder.
    /// </summary>
    public static class TrainRunner
    {
        public static TrainOutcome Run(TrainRequest request, TrainingReporter reporter, CancellationToken cancellation)
        {
            Validate(request);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var jobRequest = new TrainingJobRequest
            {
                DataFolder = request.Data,
                ValidationFolder = request.Validation,
                RunFolder = request.Out,
                Preset = request.Spec?.Trim(),
                Init = request.Init,
                Variant = NetworkVariant(request),
                Resume = request.Resume,
                ResumeEpochs = request.Epochs,
                Settings = Settings(request),
                From = request.From == null ? null : ModelSource.Load(request.From, "--from"),
                FromName = request.From,
                DeviceAugmentation = request.AugmentOnGpu,
                Stops = new StopConditions { TargetValidationError = request.TargetError, TimeBudgetSeconds = request.TimeBudgetSeconds },
            };
            string? engineNote = null;
            IEngine CreateEngine(NetworkSpec spec, int batch)
            {
                var (engine, note) = EngineFactory.Create(request.Engine, spec, batch, request.Threads, PlacementDevices.Parse(request.Placement),
                    CudaSettings.ParseMath(request.Math), CudaSettings.ParseLayout(request.ConvolutionLayout));
                engineNote = note;
                return engine;
            }
            TrainingJob job;
            try
            {
                job = reporter.WithCacheProgress(progress => TrainingJob.Open(jobRequest, CreateEngine, progress, cancellation));
            }
            catch (DatasetException e)
            {
                throw new UserInputException("--data: " + e.Message);
            }
            catch (CheckpointException e)
            {
                throw new UserInputException(e.Message);
            }
            catch (SpecException e)
            {
                throw new UserInputException("--spec: " + e.Message);
            }
            catch (ArgumentException e)
            {
                throw new UserInputException(e.Message);
            }
            using (job)
            {
                var engine = job.Engine;
                var session = job.Session;
                if (engineNote != null) reporter.Note(engineNote);
                reporter.Note($"{job.Spec}, {engine.Name} engine; {job.DataDescription}");
                foreach (var note in job.Notes) reporter.Note(note);
                if (request.AugmentOnGpu && !(engine is IFrameInputEngine))
                    reporter.Note($"--augment-on-gpu is ignored: the {engine.Name} engine takes crops made on the host");
                if (session.UsesDeviceAugmentation) reporter.Note($"training batches are cropped, flipped and lit on the device ({engine.Name}) from stored frames");
                var outcomeNotices = new List<string>();
                session.Notice += (_, n) =>
                {
                    outcomeNotices.Add(n.Message);
                    reporter.Note(n.Message);
                };
                session.EpochCompleted += (_, m) => reporter.Epoch(m);
                var tracked = reporter.Track(session, cancellation);
                // A failed graph capture only slows training down: said once, and kept for `sightline doctor`.
                if (engine is Sightline.Cuda.Engine.CudaEngine cudaEngine && Sightline.Cuda.Diagnostics.GraphCaptureRecord.Report(cudaEngine.GraphStatus) is string graphs)
                    reporter.Note(graphs);
                var scored = job.Finish(tracked);
                var outcome = new TrainOutcome(scored.Result, job.Spec, engine.Name, engineNote, job.DataDescription, job.Folder, scored.Validation, clock.Elapsed.TotalSeconds,
                    scored.Test, scored.ModelPath);
                outcome.Notices.AddRange(outcomeNotices);
                RunArtifacts.Write(outcome, job.Source);
                return outcome;
            }
        }

        // The activation and any experiment variant as one change of the preset's network; null when there is none.
        static Func<NetworkSpec, NetworkSpec>? NetworkVariant(TrainRequest r)
        {
            if (r.Activation == Activation.Relu && r.Variant == null) return null;
            var activation = r.Activation;
            var variant = r.Variant;
            return spec =>
            {
                var changed = variant == null ? spec : variant(spec);
                return activation == Activation.Relu ? changed : changed.WithActivation(activation);
            };
        }

        static TrainingSettings Settings(TrainRequest r) => new TrainingSettings
        {
            Epochs = r.Epochs,
            BatchSize = r.Batch,
            LearningRate = r.LearningRate,
            Seed = r.Seed,
            Patience = r.Patience,
            CheckpointEverySteps = r.CheckpointEverySteps,
            Augmentation = r.Augmentation,
            Schedule = r.Schedule,
            StepEpochs = r.StepEpochs,
            WarmupEpochs = r.WarmupEpochs,
            EarlyStopPatience = r.EarlyStopPatience,
            Frozen = r.Freeze,
            // Kept layers already know their job: a tenth of the rate keeps them from being undone by the new layer's large early gradients.
            KeptLayersRate = r.KeptLayersRate ?? (r.From != null ? 0.1f : 1f),
        };

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
            if (r.From != null && r.Resume) throw new UserInputException("--from and --resume: a run is either fine-tuned from a model or resumed, not both");
            if ((r.Activation != Activation.Relu || r.Variant != null) && (r.From != null || r.Resume))
                throw new UserInputException("--activation: a resumed or fine-tuned run keeps its model's network; the activation applies to a new run");
            if (r.From != null && r.Spec != null) throw new UserInputException("--from and --spec: a fine-tuned run keeps the network of its model; leave --spec out");
            if (r.From == null && (r.Freeze != FrozenLayers.None || r.KeptLayersRate.HasValue)) throw new UserInputException("--freeze and --kept-rate apply to fine-tuning: add --from MODEL");
            if (r.Schedule == ScheduleKind.Steps && r.StepEpochs.Length == 0) throw new UserInputException("--schedule steps needs the epochs to drop after, e.g. --schedule steps:10,20");
            try
            {
                if (!r.Resume) Settings(r).Validate();
            }
            catch (ArgumentException e)
            {
                throw new UserInputException(e.Message);
            }
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
    }
}
