using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Sightline.Data;
using Sightline.Engines;
using Sightline.Model;
using Sightline.Randomness;
using Sightline.Training.Batches;
using Sightline.Training.Checkpoints;
using Sightline.Training.Evaluation;
using Sightline.Training.FineTuning;
using Sightline.Training.Metrics;
using Sightline.Training.Schedules;

namespace Sightline.Training.Sessions
{
    /// <summary>
    /// One training run: an engine, a batch source, the paper's SGD and schedule, per-epoch metrics, checkpoints.
    /// Reports through events and <see cref="IProgress{T}"/>, stops through a CancellationToken (saving a checkpoint
    /// of the exact position), detects divergence, and resumes from a checkpoint as if it had never stopped: each
    /// epoch's order and augmentation seeds come from one generator whose state at the epoch's start is saved.
    /// The editor window, the CLI and the tests all drive this class.
    /// </summary>
    public sealed class TrainingSession
    {
        const string EpochRandom = "epoch";
        /// <summary>Default steps after which a loss still at ln(classes) is worth a note (Documentation~/network.md).</summary>
        public const int StuckSteps = 300;

        readonly IEngine _engine;
        readonly IBatchSource _source;
        Task? _lastFill;
        readonly TrainingSettings _settings;
        readonly LearningRateSchedule _schedule;
        readonly ScheduleState _state;
        readonly RunFolder? _folder;
        readonly List<EpochMetrics> _history;
        readonly SeededRandom _epochRandom;
        readonly float[]? _layerScales;
        // Optional capabilities, looked up once: device-side augmentation needs both (UsesDeviceAugmentation).
        readonly IFrameInputEngine? _frameEngine;
        readonly IFrameBatchSource? _frameSource;
        int _epoch;
        int _batchInEpoch;
        float _smoothedLoss = float.NaN;
        bool _stuckNoted;
        string? _nonFinite;

        TrainingSession(IEngine engine, IBatchSource source, TrainingSettings settings, string? runFolder, ScheduleState state, List<EpochMetrics> history, SeededRandom epochRandom)
        {
            settings.Validate();
            Check(engine.Spec, source);
            if (!engine.CanTrain) throw new ArgumentException($"the {engine.Name} engine cannot train (inference only)");
            _engine = engine;
            _source = source;
            _frameEngine = engine as IFrameInputEngine;
            _frameSource = source as IFrameBatchSource;
            _settings = settings;
            _schedule = settings.CreateSchedule();
            _state = state;
            _history = history;
            _epochRandom = epochRandom;
            _folder = runFolder == null ? null : new RunFolder(runFolder);
            _layerScales = LayerRates.For(engine.Spec, settings);
            if (_layerScales != null && !(engine is ILayerScaledUpdate))
                throw new ArgumentException($"frozen layers and a separate rate for the kept layers (fine-tuning) need an engine that updates layers at their own rates, such as the CPU engine; the {engine.Name} engine updates every layer at one rate");
        }

        /// <summary>
        /// A new run: parameters from ParameterInitializer (the spec's scheme) seeded by the settings' seed, or
        /// <paramref name="initialParameters"/> (fine-tuning: a trained model with a new last layer), momentum zero,
        /// step 0, and the dropout seed and the epoch generator derived from the settings' seed.
        /// </summary>
        public static TrainingSession Start(IEngine engine, IBatchSource source, TrainingSettings settings, string? runFolder, float[]? initialParameters = null)
        {
            var copy = settings.Clone();
            var root = new SeededRandom(copy.Seed);
            var parameters = new float[engine.Spec.ParameterCount];
            if (initialParameters == null) ParameterInitializer.Initialize(engine.Spec, copy.Seed, parameters);
            else if (initialParameters.Length != parameters.Length)
                throw new ArgumentException($"the initial parameters hold {initialParameters.Length} values; the {engine.Spec} has {parameters.Length}");
            else initialParameters.CopyTo(parameters, 0);
            engine.SetParameters(parameters);
            var session = new TrainingSession(engine, source, copy, runFolder, new ScheduleState(copy.LearningRate), new List<EpochMetrics>(), root.Fork(1));
            engine.SetMomentum(new float[engine.Spec.ParameterCount]);
            engine.Step = 0;
            engine.DropoutSeed = root.Fork(2).NextUInt64();
            return session;
        }

        /// <summary>
        /// Continues the run a checkpoint was taken from. The source must use the checkpoint's input statistics and
        /// labels. <paramref name="epochs"/> replaces the planned number of epochs (to train longer).
        /// </summary>
        public static TrainingSession Resume(Checkpoint checkpoint, IEngine engine, IBatchSource source, string? runFolder, int? epochs = null)
        {
            var model = checkpoint.Model;
            var state = checkpoint.State;
            if (!model.Spec.IsCompatibleWith(engine.Spec))
                throw new ArgumentException($"the checkpoint is for {model.Spec}, but the engine was built for {engine.Spec}");
            if (!model.Labels.SequenceEqual(source.Labels))
                throw new ArgumentException($"the checkpoint's labels ({string.Join(", ", model.Labels)}) differ from the data's ({string.Join(", ", source.Labels)})");
            if (!state.RandomStates.TryGetValue(EpochRandom, out var epochState))
                throw new ArgumentException("the checkpoint holds no training position (it was saved as a model only)");
            var settings = state.Settings.Clone();
            if (epochs.HasValue) settings.Epochs = epochs.Value;
            var session = new TrainingSession(engine, source, settings, runFolder, state.Schedule.Clone(), new List<EpochMetrics>(state.History), SeededRandom.FromState(epochState))
            {
                _epoch = state.Epoch,
                _batchInEpoch = state.BatchInEpoch,
            };
            engine.SetParameters(model.Parameters);
            engine.SetMomentum(state.Momentum.Length > 0 ? state.Momentum : new float[engine.Spec.ParameterCount]);
            engine.Step = state.Step;
            engine.DropoutSeed = state.DropoutSeed;
            return session;
        }

        static void Check(NetworkSpec spec, IBatchSource source)
        {
            if (source.Labels.Count != spec.Classes)
                throw new ArgumentException($"the data has {source.Labels.Count} classes but the network {spec} has {spec.Classes}");
            if (source.InputSize != spec.InputSize)
                throw new ArgumentException($"the data gives {source.InputSize}x{source.InputSize} crops but the network takes {spec.InputSize}x{spec.InputSize}");
            if (source.Count(DatasetSplit.Train) < 1)
                throw new ArgumentException("the data has no training frames");
        }

        public IEngine Engine => _engine;
        public TrainingSettings Settings => _settings;
        public ScheduleState Schedule => _state;
        public IReadOnlyList<EpochMetrics> History => _history;
        /// <summary>Epochs completed.</summary>
        public int Epoch => _epoch;
        public RunFolder? Folder => _folder;
        /// <summary>Exponential moving average of the training loss (NaN before the first step).</summary>
        public float SmoothedLoss => _smoothedLoss;

        /// <summary>Per-step progress is also reported here (in addition to <see cref="StepCompleted"/>).</summary>
        public IProgress<TrainingProgress>? Progress { get; set; }
        /// <summary>Fill the next batch on a worker thread while the engine computes this one.</summary>
        public bool Prefetch { get; set; } = true;

        /// <summary>
        /// When the engine augments on the device (<see cref="IFrameInputEngine"/>, the CUDA engine) and the source can
        /// hand out stored frames (<see cref="IFrameBatchSource"/>), training batches go to the engine as uint8 frames
        /// with their augmentation instead of float crops (same results; a third of the bytes, no per-pixel CPU work).
        /// Off by default until the CUDA engine's GPU-side input has passed `sightline check engine --only augment` on a
        /// GPU (written and checked on the CPU emulator only so far).
        /// </summary>
        public bool DeviceAugmentation { get; set; }

        /// <summary>
        /// Whether training batches go through the engine's own augmentation (see <see cref="DeviceAugmentation"/>): the
        /// engine and source can, and setting it up has not failed (<see cref="DeviceAugmentationFailure"/>).
        /// </summary>
        public bool UsesDeviceAugmentation => DeviceAugmentation && _frameEngine != null && _frameSource != null && DeviceAugmentationFailure == null;

        /// <summary>Why setting up the device augmentation failed (the run then crops on the host), or null.</summary>
        public string? DeviceAugmentationFailure { get; private set; }
        /// <summary>Evaluate the validation part with the ten-view average instead of the centre crop after each epoch.</summary>
        public bool TenViewValidation { get; set; }
        /// <summary>When the run ends before its last epoch (besides Settings.EarlyStopPatience).</summary>
        public StopConditions Stops { get; set; } = new StopConditions();
        /// <summary>After this many steps, a loss still at chance level ln(classes) raises a <see cref="Notice"/>.</summary>
        public int StuckAfterSteps { get; set; } = StuckSteps;

        public event EventHandler<TrainingProgress>? StepCompleted;
        public event EventHandler<EpochMetrics>? EpochCompleted;
        public event EventHandler<TrainingNotice>? Notice;
        /// <summary>After each checkpoint is written (its path).</summary>
        public event EventHandler<string>? CheckpointSaved;

        public int BatchSize => Math.Min(_settings.BatchSize, _source.Count(DatasetSplit.Train));
        /// <summary>Full batches per epoch (the remainder of a shuffled epoch is left out, as usual).</summary>
        public int BatchesPerEpoch => Math.Max(1, _source.Count(DatasetSplit.Train) / BatchSize);

        public Task<TrainingResult> RunAsync(CancellationToken cancellation = default) => Task.Run(() => Run(cancellation));

        public TrainingResult Run(CancellationToken cancellation = default)
        {
            if (_engine.MaxBatch < BatchSize)
                throw new ArgumentException($"the engine was allocated for batches of {_engine.MaxBatch}, but the run uses {BatchSize}");
            var buffers = new BatchBuffer[2];
            try
            {
                bool deviceInput = UsesDeviceAugmentation && PrepareDeviceInput(buffers);
                if (!deviceInput)
                    for (int i = 0; i < buffers.Length; i++)
                    {
                        buffers[i]?.Dispose();
                        buffers[i] = new BatchBuffer(BatchSize, _engine.Spec.InputShape.Size, 0, null);
                    }
                return Train(cancellation, buffers, deviceInput);
            }
            finally
            {
                // A fill still writing (an exception mid-step) must finish before its memory goes back.
                try
                {
                    _lastFill?.Wait();
                }
                catch (AggregateException)
                {
                    // The fill's own failure was already reported by the step that waited for it, or is moot now.
                }
                foreach (var buffer in buffers) buffer?.Dispose();
            }
        }

        /// <summary>
        /// Sets up the engine's frame input and borrows its frame memory; false (with a notice) when the engine
        /// cannot, so the run goes on with host crops instead of failing.
        /// </summary>
        bool PrepareDeviceInput(BatchBuffer[] buffers)
        {
            var engine = _frameEngine!;
            var frameSource = _frameSource!;
            var normalization = _source.Normalization;
            try
            {
                engine.SetFrameInput(frameSource.StoredSize, normalization.MeanPlanes(_source.InputSize), normalization.Scale[0]);
                for (int i = 0; i < buffers.Length; i++)
                    buffers[i] = new BatchBuffer(BatchSize, _engine.Spec.InputShape.Size, 3 * frameSource.StoredSize * frameSource.StoredSize, engine);
                return true;
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                DeviceAugmentationFailure = e.Message;
                Notice?.Invoke(this, new TrainingNotice(_engine.Step, $"augmenting on the device ({_engine.Name}) is not available, so batches are cropped on the host: {e.Message}"));
                return false;
            }
        }

        TrainingResult Train(CancellationToken cancellation, BatchBuffer[] buffers, bool deviceInput)
        {
            int trainCount = _source.Count(DatasetSplit.Train);
            int batch = BatchSize;
            int batches = BatchesPerEpoch;
            int classes = _engine.Spec.Classes;
            double chance = Math.Log(classes);
            var frameEngine = deviceInput ? _frameEngine : null;
            var logits = new float[batch * classes];
            string? lastCheckpoint = _folder != null && _folder.HasCheckpoint ? _folder.Checkpoint : null;
            Stops.Validate();
            var runClock = Stopwatch.StartNew();

            while (_epoch < _settings.Epochs)
            {
                int epoch = _epoch + 1;
                // The epoch's order and augmentation seeds come from the generator's state at the epoch's start,
                // which the checkpoint keeps: a resumed epoch replays them and skips the batches already done.
                var epochStart = _epochRandom.GetState();
                var order = new int[trainCount];
                for (int i = 0; i < trainCount; i++) order[i] = i;
                _epochRandom.Shuffle(order.AsSpan());
                var seeds = new ulong[batches];
                for (int b = 0; b < batches; b++) seeds[b] = _epochRandom.NextUInt64();

                var clock = Stopwatch.StartNew();
                double lossSum = 0;
                int top1 = 0, top5 = 0, seen = 0;
                int k = Math.Min(5, classes);
                Task? pending = null;
                int first = _batchInEpoch;
                if (first < batches) pending = Fill(buffers[first & 1], order, first, batch, seeds[first]);

                for (int b = first; b < batches; b++)
                {
                    pending!.Wait();
                    var current = buffers[b & 1];
                    if (cancellation.IsCancellationRequested)
                    {
                        string? saved = SaveCheckpoint(epochStart, b, false);
                        if (_nonFinite != null) return DivergedAt(epoch, _nonFinite, lastCheckpoint, null);
                        return new TrainingResult(StopReason.Cancelled, $"stopped at epoch {epoch}, batch {b} of {batches} (step {_engine.Step}); " + (saved != null ? $"checkpoint saved to {saved}" : "no run folder, nothing saved"), _epoch, _engine.Step, _history, saved ?? lastCheckpoint);
                    }
                    pending = b + 1 < batches ? Fill(buffers[(b + 1) & 1], order, b + 1, batch, seeds[b + 1]) : null;

                    // Plateau and steps keep the rate in the state; cosine computes it from the position in the run.
                    _state.LearningRate = _schedule.RateAt(_state, _settings.LearningRate, (long)_epoch * batches + b, batches, _settings.Epochs);
                    var sgd = new SgdSettings(_state.LearningRate, _settings.Momentum, _settings.WeightDecay, _layerScales);
                    float loss;
                    if (deviceInput)
                    {
                        // One call for the whole step (a graph on the GPU): a diverged step's update is already in the
                        // engine, which is why a diverged run keeps the last checkpoint rather than the engine's weights.
                        loss = frameEngine!.TrainFrames(current.Frames.Span, current.Augment, current.Labels, batch, sgd, logits);
                        string? divergence = Divergence.Of(loss, _smoothedLoss, chance);
                        if (divergence != null) return DivergedAt(epoch, divergence, lastCheckpoint, pending);
                    }
                    else
                    {
                        _engine.Forward(current.Input, batch, logits, true);
                        loss = _engine.Backward(current.Labels);
                        string? divergence = Divergence.Of(loss, _smoothedLoss, chance);
                        if (divergence != null) return DivergedAt(epoch, divergence, lastCheckpoint, pending);
                        _engine.Update(sgd);
                    }

                    lossSum += loss;
                    for (int i = 0; i < batch; i++)
                    {
                        int rank = Softmax.RankOf(logits.AsSpan(i * classes, classes), current.Labels[i]);
                        if (rank < 1) top1++;
                        if (rank < k) top5++;
                    }
                    seen += batch;
                    _smoothedLoss = float.IsNaN(_smoothedLoss) ? loss : 0.95f * _smoothedLoss + 0.05f * loss;
                    NoteIfStuck(chance);

                    var progress = new TrainingProgress(epoch, _settings.Epochs, b + 1, batches, _engine.Step, loss, _smoothedLoss, _state.LearningRate, seen / Math.Max(1e-9, clock.Elapsed.TotalSeconds));
                    Progress?.Report(progress);
                    StepCompleted?.Invoke(this, progress);

                    if (_settings.CheckpointEverySteps > 0 && b + 1 < batches && _engine.Step % _settings.CheckpointEverySteps == 0)
                    {
                        lastCheckpoint = SaveCheckpoint(epochStart, b + 1, false) ?? lastCheckpoint;
                        if (_nonFinite != null) return DivergedAt(epoch, _nonFinite, lastCheckpoint, pending);
                    }
                }

                var metrics = new EpochMetrics
                {
                    Epoch = epoch,
                    LearningRate = _state.LearningRate,
                    TrainLoss = seen > 0 ? lossSum / (seen / batch) : double.NaN,
                    TrainTop1Error = seen > 0 ? 1.0 - (double)top1 / seen : double.NaN,
                    TrainTop5Error = seen > 0 ? 1.0 - (double)top5 / seen : double.NaN,
                };
                if (_source.Count(DatasetSplit.Validation) > 0)
                {
                    var validation = Evaluator.Evaluate(_engine, _source, DatasetSplit.Validation, TenViewValidation);
                    metrics.ValidationLoss = validation.Loss;
                    metrics.ValidationTop1Error = validation.Top1Error;
                    metrics.ValidationTop5Error = validation.Top5Error;
                }
                metrics.Seconds = clock.Elapsed.TotalSeconds;
                metrics.ImagesPerSecond = seen / Math.Max(1e-9, metrics.Seconds);

                double previousBest = _state.BestValidationError;
                float before = _state.LearningRate;
                if (_schedule.EndEpoch(_state, epoch, metrics.ValidationTop1Error))
                    Notice?.Invoke(this, new TrainingNotice(_engine.Step, $"epoch {epoch}: learning rate {before:g3} -> {_state.LearningRate:g3} ({_schedule})"));
                _history.Add(metrics);
                _epoch = epoch;
                _batchInEpoch = 0;
                lastCheckpoint = SaveCheckpoint(_epochRandom.GetState(), 0, metrics.ValidationTop1Error < previousBest) ?? lastCheckpoint;
                if (_nonFinite != null) return DivergedAt(epoch, _nonFinite, lastCheckpoint, null);
                EpochCompleted?.Invoke(this, metrics);
                var stop = _epoch < _settings.Epochs ? Stops.After(metrics, _state, _settings, runClock.Elapsed.TotalSeconds) : null;
                if (stop.HasValue) return new TrainingResult(stop.Value.reason, $"{stop.Value.message} ({_engine.Step} steps)", _epoch, _engine.Step, _history, lastCheckpoint);
            }
            return new TrainingResult(StopReason.Completed, $"trained {_epoch} epochs ({_engine.Step} steps)", _epoch, _engine.Step, _history, lastCheckpoint);
        }

        TrainingResult DivergedAt(int epoch, string divergence, string? lastCheckpoint, Task? pending)
        {
            pending?.Wait();
            string message = $"training diverged at epoch {epoch}, step {_engine.Step}: {divergence}; " +
                (lastCheckpoint != null ? $"the last good checkpoint {lastCheckpoint} was kept" : "no checkpoint had been written") +
                $"; try a lower learning rate than {_state.LearningRate}";
            Notice?.Invoke(this, new TrainingNotice(_engine.Step, message));
            return new TrainingResult(StopReason.Diverged, message, _epoch, _engine.Step, _history, lastCheckpoint);
        }

        Task Fill(BatchBuffer buffer, int[] order, int b, int batch, ulong seed)
        {
            void Work()
            {
                if (buffer.HasFrames) _frameSource!.FillTrainingFrames(order.AsSpan(b * batch, batch), seed, _settings.Augmentation, buffer.Frames.Span, buffer.Augment, buffer.Labels);
                else _source.FillTraining(order.AsSpan(b * batch, batch), seed, _settings.Augmentation, buffer.Input, buffer.Labels);
            }
            if (!Prefetch)
            {
                Work();
                return Task.CompletedTask;
            }
            _lastFill = Task.Run(Work);
            return _lastFill;
        }

        void NoteIfStuck(double chance)
        {
            if (_stuckNoted || _engine.Step < StuckAfterSteps) return;
            _stuckNoted = true;
            // Not learning: the average loss has not fallen clearly below chance level (it may sit above it).
            if (_smoothedLoss < 0.9 * chance) return;
            string init = _engine.Spec.Init == InitScheme.Paper
                ? "the paper's N(0, 0.01) initialisation is known not to start learning on small data (Documentation~/network.md); use He initialisation"
                : "try a different learning rate or check that the labels match the images";
            Notice?.Invoke(this, new TrainingNotice(_engine.Step, $"after {_engine.Step} steps the loss ({_smoothedLoss:0.###}) has not left chance level ln({_engine.Spec.Classes}) = {chance:0.###}: {init}"));
        }

        /// <summary>The run's state as a checkpoint at an epoch boundary (or at the given batch of the epoch that started with <paramref name="epochStart"/>).</summary>
        public Checkpoint CreateCheckpoint() => CreateCheckpoint(_epochRandom.GetState(), _batchInEpoch);

        Checkpoint CreateCheckpoint(ulong[] epochStart, int batchInEpoch)
        {
            var spec = _engine.Spec;
            var parameters = new float[spec.ParameterCount];
            var momentum = new float[spec.ParameterCount];
            _engine.GetParameters(parameters);
            _engine.GetMomentum(momentum);
            var pca = _source.LightingPca;
            var vectors = new float[9];
            var values = new float[3];
            for (int i = 0; i < 9; i++) vectors[i] = (float)pca.EigenVectors[i];
            for (int i = 0; i < 3; i++) values[i] = (float)pca.EigenValues[i];
            var model = new TrainedModel(spec, parameters, _source.Labels, _source.Normalization);
            return new Checkpoint(model, new TrainingState
            {
                Momentum = momentum,
                Step = _engine.Step,
                Epoch = _epoch,
                BatchInEpoch = batchInEpoch,
                Schedule = _state.Clone(),
                Settings = _settings.Clone(),
                RandomStates = new Dictionary<string, ulong[]> { [EpochRandom] = epochStart },
                DropoutSeed = _engine.DropoutSeed,
                PcaEigenvectors = vectors,
                PcaEigenvalues = values,
                History = new List<EpochMetrics>(_history),
                Engine = _engine.Name,
            });
        }

        string? SaveCheckpoint(ulong[] epochStart, int batchInEpoch, bool best)
        {
            if (_folder == null) return null;
            _folder.Create();
            var checkpoint = CreateCheckpoint(epochStart, batchInEpoch);
            // A NaN gradient poisons the weights one step before the loss shows it: never let such weights replace
            // the last good checkpoint (the copy to the host is already made, so the scan is cheap next to the write).
            _nonFinite = Divergence.NonFinite(checkpoint.Model.Parameters, "weights") ?? Divergence.NonFinite(checkpoint.State.Momentum, "momentum");
            if (_nonFinite != null) return null;
            CheckpointFile.Save(_folder.Checkpoint, checkpoint);
            CheckpointSaved?.Invoke(this, _folder.Checkpoint);
            if (best) CheckpointFile.Save(_folder.Best, checkpoint);
            return _folder.Checkpoint;
        }
    }
}
