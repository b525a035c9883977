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

namespace Sightline.Tests.Core.Training
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
            return new Checkpoint(spec, weights)
            {
                Momentum = momentum,
                Step = 1234,
                Epoch = 7,
                BatchInEpoch = 3,
                Schedule = new ScheduleState(0.001f, 0.125, 1, 2),
                Settings = new TrainingSettings { Epochs = 12, BatchSize = 32, LearningRate = 0.02f, Seed = 99, Schedule = ScheduleKind.Steps, StepEpochs = new[] { 4, 8 } },
                RandomStates = new Dictionary<string, ulong[]> { ["shuffle"] = new SeededRandom(1).GetState(), ["augment"] = new SeededRandom(2).GetState() },
                DropoutSeed = 0xDEADBEEFCAFEUL,
                Labels = new[] { "cube", "sphere", "torus" },
                MeanImage = mean,
                MeanImageSize = 73,
                PcaEigenvectors = new float[] { 0.5f, 0.6f, 0.6f, -0.7f, 0f, 0.7f, 0.4f, -0.8f, 0.4f },
                PcaEigenvalues = new float[] { 0.2f, 0.02f, 0.003f },
                History = new List<EpochMetrics> { new EpochMetrics { Epoch = 1, LearningRate = 0.02f, TrainLoss = 1.1, TrainTop1Error = 0.6, ValidationTop1Error = 0.5, ValidationLoss = double.NaN } },
                Engine = "cpu",
                InputScale = 0.0125f,
            };
        }

        [Test]
        public void RoundTripKeepsEveryField()
        {
            var original = Sample();
            string path = Path.Combine(_folder, "run", "checkpoint.slckpt");
            CheckpointFile.Save(path, original);
            var loaded = CheckpointFile.Load(path);

            Assert.That(loaded.Spec, Is.EqualTo(original.Spec));
            Assert.That(loaded.Parameters, Is.EqualTo(original.Parameters));
            Assert.That(loaded.Momentum, Is.EqualTo(original.Momentum));
            Assert.That(loaded.Step, Is.EqualTo(1234));
            Assert.That(loaded.Epoch, Is.EqualTo(7));
            Assert.That(loaded.BatchInEpoch, Is.EqualTo(3));
            Assert.That(loaded.Schedule.LearningRate, Is.EqualTo(0.001f));
            Assert.That(loaded.Schedule.BestValidationError, Is.EqualTo(0.125));
            Assert.That(loaded.Schedule.Drops, Is.EqualTo(1));
            Assert.That(loaded.Schedule.EpochsSinceImprovement, Is.EqualTo(2));
            Assert.That(loaded.Settings.BatchSize, Is.EqualTo(32));
            Assert.That(loaded.Settings.Seed, Is.EqualTo(99UL));
            Assert.That(loaded.Settings.Schedule, Is.EqualTo(ScheduleKind.Steps));
            Assert.That(loaded.Settings.StepEpochs, Is.EqualTo(new[] { 4, 8 }));
            Assert.That(loaded.RandomStates["shuffle"], Is.EqualTo(original.RandomStates["shuffle"]));
            Assert.That(loaded.RandomStates["augment"], Is.EqualTo(original.RandomStates["augment"]));
            Assert.That(loaded.DropoutSeed, Is.EqualTo(0xDEADBEEFCAFEUL));
            Assert.That(loaded.Labels, Is.EqualTo(original.Labels));
            Assert.That(loaded.MeanImage, Is.EqualTo(original.MeanImage));
            Assert.That(loaded.MeanImageSize, Is.EqualTo(73));
            Assert.That(loaded.PcaEigenvectors, Is.EqualTo(original.PcaEigenvectors));
            Assert.That(loaded.PcaEigenvalues, Is.EqualTo(original.PcaEigenvalues));
            Assert.That(loaded.History.Count, Is.EqualTo(1));
            Assert.That(loaded.History[0].ValidationTop1Error, Is.EqualTo(0.5));
            Assert.That(double.IsNaN(loaded.History[0].ValidationLoss), Is.True);
            Assert.That(loaded.Engine, Is.EqualTo("cpu"));
            Assert.That(loaded.InputScale, Is.EqualTo(0.0125f));
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
            second.Step = 5678;
            second.Parameters[0] = 42f;
            CheckpointFile.Save(path, second);
            var loaded = CheckpointFile.Load(path);
            Assert.That(loaded.Step, Is.EqualTo(5678));
            Assert.That(loaded.Parameters[0], Is.EqualTo(42f));
            Assert.That(Directory.GetFiles(_folder).Length, Is.EqualTo(1));
        }

        [Test]
        public void WeightsThatDoNotMatchTheSpecAreRefused()
        {
            var bad = Sample();
            bad.Parameters = new float[10];
            string path = Path.Combine(_folder, "c.slckpt");
            CheckpointFile.Save(path, bad);
            var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path));
            Assert.That(e!.Message, Does.Contain("holds 10 weights"));
        }
    }
}
