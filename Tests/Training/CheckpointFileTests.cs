using System;
using System.Collections.Generic;
using System.IO;
using NUnit.Framework;
using Sightline.Model;
using Sightline.Randomness;
using Sightline.Training;
using Sightline.Training.Checkpoints;
using Sightline.Training.Metrics;
using Sightline.Training.Schedules;

namespace Sightline.Tests.Training
{
    public class CheckpointFileTests
    {
        string _folder = string.Empty;

        [SetUp]
        public void SetUp()
        {
            _folder = Path.Combine(Path.GetTempPath(), "sightline-ckpt-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_folder);
        }

        [TearDown]
        public void TearDown()
        {
            if (Directory.Exists(_folder)) Directory.Delete(_folder, true);
        }

        static Checkpoint Sample()
        {
            var spec = new NetworkSpec("tiny", 3, 64, 0.125f, 2, false, true, 0.25f, InitScheme.Paper);
            var rng = new SeededRandom(5);
            var weights = new float[spec.ParameterCount];
            var momentum = new float[spec.ParameterCount];
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = (float)rng.NextGaussian();
                momentum[i] = (float)rng.NextGaussian() * 1e-3f;
            }
            var mean = new float[3 * 73 * 73];
            for (int i = 0; i < mean.Length; i++) mean[i] = rng.NextFloat() * 255f;
            var model = new TrainedModel(spec, weights, new[] { "cube", "sphere", "torus" }, InputNormalization.FromStoredMean(mean, 73, 64, 0.0125f));
            return new Checkpoint(model, new TrainingState
            {
                Momentum = momentum,
                Step = 1234,
                Epoch = 7,
                BatchInEpoch = 3,
                Schedule = new ScheduleState(0.001f, 0.125, 1, 2),
                Settings = new TrainingSettings { Epochs = 12, BatchSize = 32, LearningRate = 0.02f, Seed = 99, Schedule = ScheduleKind.Steps, StepEpochs = new[] { 4, 8 } },
                RandomStates = new Dictionary<string, ulong[]> { ["shuffle"] = new SeededRandom(1).GetState(), ["augment"] = new SeededRandom(2).GetState() },
                DropoutSeed = 0xDEADBEEFCAFEUL,
                PcaEigenvectors = new float[] { 0.5f, 0.6f, 0.6f, -0.7f, 0f, 0.7f, 0.4f, -0.8f, 0.4f },
                PcaEigenvalues = new float[] { 0.2f, 0.02f, 0.003f },
                History = new List<EpochMetrics> { new EpochMetrics { Epoch = 1, LearningRate = 0.02f, TrainLoss = 1.1, TrainTop1Error = 0.6, ValidationTop1Error = 0.5, ValidationLoss = double.NaN } },
                Engine = "cpu",
            });
        }

        [Test]
        public void RoundTripKeepsEveryField()
        {
            var original = Sample();
            string path = Path.Combine(_folder, "run", "checkpoint.slckpt");
            CheckpointFile.Save(path, original);
            var loaded = CheckpointFile.Load(path);

            Assert.That(loaded.Model.Spec, Is.EqualTo(original.Model.Spec));
            Assert.That(loaded.Model.Parameters, Is.EqualTo(original.Model.Parameters));
            Assert.That(loaded.State.Momentum, Is.EqualTo(original.State.Momentum));
            Assert.That(loaded.State.Step, Is.EqualTo(1234));
            Assert.That(loaded.State.Epoch, Is.EqualTo(7));
            Assert.That(loaded.State.BatchInEpoch, Is.EqualTo(3));
            Assert.That(loaded.State.Schedule.LearningRate, Is.EqualTo(0.001f));
            Assert.That(loaded.State.Schedule.BestValidationError, Is.EqualTo(0.125));
            Assert.That(loaded.State.Schedule.Drops, Is.EqualTo(1));
            Assert.That(loaded.State.Schedule.EpochsSinceImprovement, Is.EqualTo(2));
            Assert.That(loaded.State.Settings.BatchSize, Is.EqualTo(32));
            Assert.That(loaded.State.Settings.Seed, Is.EqualTo(99UL));
            Assert.That(loaded.State.Settings.Schedule, Is.EqualTo(ScheduleKind.Steps));
            Assert.That(loaded.State.Settings.StepEpochs, Is.EqualTo(new[] { 4, 8 }));
            Assert.That(loaded.State.RandomStates["shuffle"], Is.EqualTo(original.State.RandomStates["shuffle"]));
            Assert.That(loaded.State.RandomStates["augment"], Is.EqualTo(original.State.RandomStates["augment"]));
            Assert.That(loaded.State.DropoutSeed, Is.EqualTo(0xDEADBEEFCAFEUL));
            Assert.That(loaded.Model.Labels, Is.EqualTo(original.Model.Labels));
            Assert.That(loaded.Model.Normalization.Mean, Is.EqualTo(original.Model.Normalization.Mean));
            Assert.That(loaded.Model.Normalization.MeanImageSize, Is.EqualTo(64));
            Assert.That(loaded.State.PcaEigenvectors, Is.EqualTo(original.State.PcaEigenvectors));
            Assert.That(loaded.State.PcaEigenvalues, Is.EqualTo(original.State.PcaEigenvalues));
            Assert.That(loaded.State.History.Count, Is.EqualTo(1));
            Assert.That(loaded.State.History[0].ValidationTop1Error, Is.EqualTo(0.5));
            Assert.That(double.IsNaN(loaded.State.History[0].ValidationLoss), Is.True);
            Assert.That(loaded.State.Engine, Is.EqualTo("cpu"));
            Assert.That(loaded.Model.Normalization.Scale, Is.EqualTo(new[] { 0.0125f, 0.0125f, 0.0125f }));
            Assert.That(File.Exists(path + ".tmp"), Is.False);
        }

        [Test]
        public void TruncatedFileIsRefusedByName()
        {
            string path = Path.Combine(_folder, "c.slckpt");
            CheckpointFile.Save(path, Sample());
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 2).ToArray());
            var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path));
            Assert.That(e!.Message, Does.Contain(path).And.Contain("truncated"));

            File.WriteAllBytes(path, bytes.AsSpan(0, 20).ToArray());
            e = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path));
            Assert.That(e!.Message, Does.Contain("truncated"));
        }

        [Test]
        public void FlippedByteFailsTheChecksum()
        {
            string path = Path.Combine(_folder, "c.slckpt");
            CheckpointFile.Save(path, Sample());
            var bytes = File.ReadAllBytes(path);
            bytes[bytes.Length - 100] ^= 0x10;
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path));
            Assert.That(e!.Message, Does.Contain(path).And.Contain("checksum"));
        }

        [Test]
        public void NewerFormatVersionIsRefused()
        {
            string path = Path.Combine(_folder, "c.slckpt");
            CheckpointFile.Save(path, Sample());
            var bytes = File.ReadAllBytes(path);
            bytes[8] = (byte)(CheckpointFile.FormatVersion + 1);
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path));
            Assert.That(e!.Message, Does.Contain("newer"));
        }

        [Test]
        public void OtherFilesAndMissingFilesAreRefused()
        {
            string path = Path.Combine(_folder, "notes.txt");
            File.WriteAllText(path, "hello, this is not a checkpoint at all, just text of some length");
            var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path));
            Assert.That(e!.Message, Does.Contain("not a Sightline checkpoint"));

            e = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(Path.Combine(_folder, "missing.slckpt")));
            Assert.That(e!.Message, Does.Contain("does not exist"));
        }

        [Test]
        public void SavingOverAnOldCheckpointReplacesIt()
        {
            string path = Path.Combine(_folder, "c.slckpt");
            var first = Sample();
            CheckpointFile.Save(path, first);
            var second = Sample();
            second.State.Step = 5678;
            second.Model.Parameters[0] = 42f;
            CheckpointFile.Save(path, second);
            var loaded = CheckpointFile.Load(path);
            Assert.That(loaded.State.Step, Is.EqualTo(5678));
            Assert.That(loaded.Model.Parameters[0], Is.EqualTo(42f));
            Assert.That(Directory.GetFiles(_folder).Length, Is.EqualTo(1));
        }
    }
}
