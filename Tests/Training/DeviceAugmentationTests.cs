using System;
using System.IO;
using NUnit.Framework;
using Sightline.Cpu;
using Sightline.Data;
using Sightline.Engines;
using Sightline.Model;
using Sightline.Training;
using Sightline.Training.Batches;
using Sightline.Training.Sessions;

namespace Sightline.Tests.Training
{
    /// <summary>
    /// Training batches handed to an engine as stored frames with their augmentation (the CUDA engine's GPU-side input)
    /// train exactly like float crops made on the host. The engine here augments on the CPU with AugmentApply, as the
    /// CUDA kernel does bit for bit (Native~/emulator and `check engine --only augment`), so the session's plumbing is
    /// what these tests check.
    /// </summary>
    public class DeviceAugmentationTests
    {
        static string _data = string.Empty;
        string _runs = string.Empty;

        static NetworkSpec Tiny() => new NetworkSpec("tiny", 3, 64, 0.125f, 2, true, true, 0.5f, InitScheme.He);

        [SetUp]
        public void SetUp()
        {
            if (_data.Length == 0 || !Directory.Exists(_data))
            {
                _data = TinyDatasets.Write(TinyDatasets.NewFolder("frames-data"), 40, 11, 6);
                string folder = _data;
                AppDomain.CurrentDomain.ProcessExit += (_, __) => TinyDatasets.TryDelete(folder);
            }
            _runs = TinyDatasets.NewFolder("frame-runs");
        }

        [TearDown]
        public void TearDown()
        {
            if (Directory.Exists(_runs)) Directory.Delete(_runs, true);
        }

        static TrainingSettings Settings(int epochs) => new TrainingSettings { Epochs = epochs, BatchSize = 16, LearningRate = 0.01f, Seed = 5 };

        static float[] Parameters(IEngine engine)
        {
            var p = new float[engine.Spec.ParameterCount];
            engine.GetParameters(p);
            return p;
        }

        [Test]
        public void FramesWithTheirAugmentationGiveTheHostCropsBitForBit()
        {
            using var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize);
            var source = data.Source;
            int n = 7, stored = source.StoredSize, input = source.InputSize;
            var samples = new int[n];
            for (int i = 0; i < n; i++) samples[i] = (i * 5) % source.Count(DatasetSplit.Train);
            var crops = new float[n * 3 * input * input];
            var labels = new int[n];
            source.FillTraining(samples, 0xABCDEFUL, AugmentationChoice.Paper, crops, labels);

            var frames = new byte[n * 3 * stored * stored];
            var augment = new AugmentParams[n];
            var frameLabels = new int[n];
            source.FillTrainingFrames(samples, 0xABCDEFUL, AugmentationChoice.Paper, frames, augment, frameLabels);
            Assert.That(frameLabels, Is.EqualTo(labels));
            var again = new float[crops.Length];
            int stride = 3 * input * input, frameStride = 3 * stored * stored;
            for (int i = 0; i < n; i++)
                source.Normalization.Apply(frames.AsSpan(i * frameStride, frameStride), stored, augment[i], input, again.AsSpan(i * stride, stride));
            Assert.That(again, Is.EqualTo(crops));
            // The draws are real augmentation, not a fixed view: some crops differ from the centre and some flip.
            Assert.That(Array.Exists(augment, p => p.Flip == 1), Is.True);
            Assert.That(Array.Exists(augment, p => p.CropX != (stored - input) / 2 || p.CropY != (stored - input) / 2), Is.True);
        }

        [Test]
        public void SessionFeedsFramesToAFrameInputEngineAndTrainsAsWithHostCrops()
        {
            var spec = Tiny();
            float[] host;
            using (var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize))
            using (var engine = new CpuEngine(spec, 16, new CpuEngineOptions { ThreadCount = 2 }))
            {
                var session = TrainingSession.Start(engine, data.Source, Settings(2), Path.Combine(_runs, "host"));
                Assert.That(session.UsesDeviceAugmentation, Is.False, "the CPU engine takes float crops");
                Assert.That(session.Run().Reason, Is.EqualTo(StopReason.Completed));
                host = Parameters(engine);
            }
            using (var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize))
            using (var engine = new FrameAugmentingEngine(new CpuEngine(spec, 16, new CpuEngineOptions { ThreadCount = 2 })))
            {
                var session = TrainingSession.Start(engine, data.Source, Settings(2), Path.Combine(_runs, "device"));
                Assert.That(session.UsesDeviceAugmentation, Is.False, "off by default");
                session.DeviceAugmentation = true;
                Assert.That(session.UsesDeviceAugmentation, Is.True);
                Assert.That(session.Run().Reason, Is.EqualTo(StopReason.Completed));
                Assert.That(engine.FrameBatches, Is.EqualTo(2 * session.BatchesPerEpoch), "every training batch went through TrainFrames");
                Assert.That(engine.StoredSize, Is.EqualTo(TinyDatasets.StoredSize));
                Assert.That(engine.RentedBuffers, Is.EqualTo(2), "the session fills frames into the engine's memory: two buffers, alternating");
                Assert.That(engine.ReturnedBuffers, Is.EqualTo(2), "and gives them back when the run ends");
                Assert.That(Parameters(engine), Is.EqualTo(host));
            }
        }

        [Test]
        public void ADivergingDeviceStepStopsTheRunAndKeepsTheLastGoodCheckpoint()
        {
            string run = Path.Combine(_runs, "diverge");
            using var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize);
            using (var engine = new FrameAugmentingEngine(new CpuEngine(Tiny(), 16, new CpuEngineOptions { ThreadCount = 2 })))
                TrainingSession.Start(engine, data.Source, Settings(1), run).Run();
            var good = Sightline.Training.Checkpoints.CheckpointFile.Load(new RunFolder(run).Checkpoint);
            var edited = Sightline.Training.Checkpoints.CheckpointFile.Load(new RunFolder(run).Checkpoint);
            edited.State.Schedule.LearningRate = 1e6f;
            using (var engine = new FrameAugmentingEngine(new CpuEngine(Tiny(), 16, new CpuEngineOptions { ThreadCount = 2 })))
            {
                var session = TrainingSession.Resume(edited, engine, data.Source, run, epochs: 3);
                session.DeviceAugmentation = true;
                var result = session.Run();
                Assert.That(result.Reason, Is.EqualTo(StopReason.Diverged));
                Assert.That(engine.FrameBatches, Is.GreaterThan(0));
            }
            // The diverged update reached the engine, never the disk.
            var after = Sightline.Training.Checkpoints.CheckpointFile.Load(new RunFolder(run).Checkpoint);
            Assert.That(after.State.Step, Is.EqualTo(good.State.Step));
            Assert.That(after.Model.Parameters, Is.EqualTo(good.Model.Parameters));
        }

        [Test]
        public void AnEngineThatCannotSetUpFrameInputTrainsWithHostCropsAndSaysWhy()
        {
            using var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize);
            using var engine = new FrameAugmentingEngine(new CpuEngine(Tiny(), 16, new CpuEngineOptions { ThreadCount = 2 })) { SetupFailure = "no pinned memory left (test)" };
            var session = TrainingSession.Start(engine, data.Source, Settings(1), Path.Combine(_runs, "fallback"));
            session.DeviceAugmentation = true;
            var notices = new System.Collections.Generic.List<string>();
            session.Notice += (_, n) => notices.Add(n.Message);
            Assert.That(session.Run().Reason, Is.EqualTo(StopReason.Completed));
            Assert.That(engine.FrameBatches, Is.EqualTo(0));
            Assert.That(session.UsesDeviceAugmentation, Is.False);
            Assert.That(session.DeviceAugmentationFailure, Does.Contain("no pinned memory left"));
            Assert.That(notices.Exists(n => n.Contains("cropped on the host") && n.Contains("no pinned memory left")), Is.True, string.Join("\n", notices));
        }

        [Test]
        public void DeviceAugmentationIsOffUnlessAskedFor()
        {
            using var data = DatasetBatches.ForTraining(_data, null, 64, TinyDatasets.StoredSize);
            using var engine = new FrameAugmentingEngine(new CpuEngine(Tiny(), 16, new CpuEngineOptions { ThreadCount = 2 }));
            var session = TrainingSession.Start(engine, data.Source, Settings(1), Path.Combine(_runs, "off"));
            Assert.That(session.UsesDeviceAugmentation, Is.False);
            Assert.That(session.Run().Reason, Is.EqualTo(StopReason.Completed));
            Assert.That(engine.FrameBatches, Is.EqualTo(0));
        }

        sealed class Rented : System.Buffers.IMemoryOwner<byte>
        {
            readonly Action _returned;
            byte[]? _array;

            public Rented(byte[] array, Action returned)
            {
                _array = array;
                _returned = returned;
            }

            public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(Rented));

            public void Dispose()
            {
                if (_array == null) return;
                _array = null;
                _returned();
            }
        }

        /// <summary>The CPU engine behind IFrameInputEngine: augments each frame with AugmentApply and the input scale.</summary>
        sealed class FrameAugmentingEngine : IFrameInputEngine, IDisposable
        {
            readonly CpuEngine _inner;
            float[] _meanCrop = Array.Empty<float>();
            float _scale = 1f;
            float[] _input = Array.Empty<float>();

            public FrameAugmentingEngine(CpuEngine inner) => _inner = inner;

            public int FrameBatches { get; private set; }
            /// <summary>When set, SetFrameInput throws with this message (an engine that cannot do frame input).</summary>
            public string? SetupFailure { get; set; }
            public int RentedBuffers { get; private set; }
            public int ReturnedBuffers { get; private set; }
            public int StoredSize { get; private set; }
            public string Name => "frames(" + _inner.Name + ")";
            public NetworkSpec Spec => _inner.Spec;
            public int MaxBatch => _inner.MaxBatch;
            public bool CanTrain => _inner.CanTrain;
            public ulong DropoutSeed { get => _inner.DropoutSeed; set => _inner.DropoutSeed = value; }
            public long Step { get => _inner.Step; set => _inner.Step = value; }

            public void SetFrameInput(int storedSize, ReadOnlySpan<float> meanCrop, float inputScale)
            {
                if (SetupFailure != null) throw new InvalidOperationException(SetupFailure);
                StoredSize = storedSize;
                _meanCrop = meanCrop.ToArray();
                _scale = inputScale;
            }

            public void ForwardFrames(ReadOnlySpan<byte> frames, ReadOnlySpan<AugmentParams> augment, int batch, Span<float> logits, bool training)
            {
                if (StoredSize == 0) throw new InvalidOperationException("ForwardFrames before SetFrameInput");
                int input = Spec.InputShape.Height, stride = 3 * input * input, frameStride = 3 * StoredSize * StoredSize;
                if (_input.Length < batch * stride) _input = new float[batch * stride];
                for (int i = 0; i < batch; i++)
                {
                    var output = _input.AsSpan(i * stride, stride);
                    AugmentApply.Apply(frames.Slice(i * frameStride, frameStride), StoredSize, augment[i], _meanCrop, input, output);
                    if (_scale != 1f)
                        for (int j = 0; j < stride; j++) output[j] *= _scale;
                }
                FrameBatches++;
                _inner.Forward(_input.AsSpan(0, batch * stride), batch, logits, training);
            }

            public float TrainFrames(ReadOnlySpan<byte> frames, ReadOnlySpan<AugmentParams> augment, ReadOnlySpan<int> labels, int batch, in SgdSettings settings, Span<float> logits)
            {
                ForwardFrames(frames, augment, batch, logits, training: true);
                float loss = _inner.Backward(labels);
                _inner.Update(settings);
                return loss;
            }

            public System.Buffers.IMemoryOwner<byte> RentFrameBuffer(int bytes)
            {
                RentedBuffers++;
                return new Rented(new byte[bytes], () => ReturnedBuffers++);
            }

            public void SetParameters(ReadOnlySpan<float> parameters) => _inner.SetParameters(parameters);
            public void GetParameters(Span<float> parameters) => _inner.GetParameters(parameters);
            public void Forward(ReadOnlySpan<float> input, int batch, Span<float> logits, bool training) => _inner.Forward(input, batch, logits, training);
            public float Backward(ReadOnlySpan<int> labels) => _inner.Backward(labels);
            public void GetGradients(Span<float> gradients) => _inner.GetGradients(gradients);
            public void Update(in SgdSettings settings) => _inner.Update(settings);
            public void GetMomentum(Span<float> momentum) => _inner.GetMomentum(momentum);
            public void SetMomentum(ReadOnlySpan<float> momentum) => _inner.SetMomentum(momentum);
            public void Dispose() => _inner.Dispose();
        }
    }
}
