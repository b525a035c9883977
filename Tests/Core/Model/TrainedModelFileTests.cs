using System;
using System.IO;
using NUnit.Framework;
using Sightline.Model;
using Sightline.Model.Files;
using Sightline.Randomness;
using Sightline.Training.Checkpoints;

namespace Sightline.Tests.Core.Model
{
    public class TrainedModelFileTests
    {
        string _folder = string.Empty;

        [SetUp]
        public void SetUp()
        {
            _folder = Path.Combine(Path.GetTempPath(), "sightline-model-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_folder);
        }

        [TearDown]
        public void TearDown()
        {
            if (Directory.Exists(_folder)) Directory.Delete(_folder, true);
        }

        static TrainedModel Sample()
        {
            var spec = new NetworkSpec("tiny", 3, 64, 0.125f, 2, false, true, 0.25f, InitScheme.Paper);
            var random = new SeededRandom(11);
            var weights = new float[spec.ParameterCount];
            for (int i = 0; i < weights.Length; i++) weights[i] = (float)random.NextGaussian();
            var mean = new float[3 * 64 * 64];
            for (int i = 0; i < mean.Length; i++) mean[i] = random.NextFloat() * 255f;
            return new TrainedModel(spec, weights, new[] { "cube", "sphere", "torus" }, InputNormalization.MeanImage(mean, 64, 0.0123f));
        }

        [Test]
        public void RoundTripKeepsSpecWeightsLabelsAndNormalisationAndNothingElse()
        {
            var original = Sample();
            string path = Path.Combine(_folder, "m" + TrainedModelFile.Extension);
            TrainedModelFile.Save(path, original);
            var loaded = TrainedModelFile.Load(path);
            Assert.That(loaded.Spec, Is.EqualTo(original.Spec));
            Assert.That(loaded.Parameters, Is.EqualTo(original.Parameters));
            Assert.That(loaded.Labels, Is.EqualTo(original.Labels));
            Assert.That(loaded.Normalization.Mean, Is.EqualTo(original.Normalization.Mean));
            Assert.That(loaded.Normalization.MeanImageSize, Is.EqualTo(64));
            Assert.That(loaded.Normalization.Scale, Is.EqualTo(original.Normalization.Scale));
            Assert.That(loaded.Normalization.PixelScale, Is.EqualTo(1f));
            // Weights and the mean image, a few hundred bytes of spec and labels, the header: no room for momentum.
            long payload = 4L * (original.Parameters.Length + original.Normalization.Mean.Count);
            Assert.That(new FileInfo(path).Length, Is.InRange(payload, payload + 1024));
            Assert.That(TrainedModelFile.ToBytes(original), Is.EqualTo(File.ReadAllBytes(path)));
        }

        [Test]
        public void ACheckpointIsNotAModelFileAndDamageIsNamed()
        {
            var model = Sample();
            string checkpoint = Path.Combine(_folder, "c" + CheckpointFile.Extension);
            CheckpointFile.Save(checkpoint, new Checkpoint(model, new TrainingState()));
            var e = Assert.Throws<ModelFileException>(() => TrainedModelFile.Load(checkpoint));
            Assert.That(e!.Message, Does.Contain(checkpoint).And.Contain("not a Sightline model file"));

            string path = Path.Combine(_folder, "m" + TrainedModelFile.Extension);
            TrainedModelFile.Save(path, model);
            var bytes = File.ReadAllBytes(path);
            bytes[bytes.Length - 10] ^= 0x40;
            File.WriteAllBytes(path, bytes);
            e = Assert.Throws<ModelFileException>(() => TrainedModelFile.Load(path));
            Assert.That(e!.Message, Does.Contain("checksum"));

            File.WriteAllBytes(path, bytes.AsSpan(0, 100).ToArray());
            e = Assert.Throws<ModelFileException>(() => TrainedModelFile.Load(path));
            Assert.That(e!.Message, Does.Contain("truncated"));
            e = Assert.Throws<ModelFileException>(() => TrainedModelFile.Load(Path.Combine(_folder, "none.slmodel")));
            Assert.That(e!.Message, Does.Contain("does not exist"));
        }

        [Test]
        public void ACheckpointHoldsTheSameModelPartAsAModelFile()
        {
            var model = Sample();
            var state = new TrainingState { Momentum = new float[model.Parameters.Length], Step = 9 };
            state.Momentum[3] = 0.5f;
            string path = Path.Combine(_folder, "c" + CheckpointFile.Extension);
            CheckpointFile.Save(path, new Checkpoint(model, state));
            var loaded = CheckpointFile.Load(path);
            Assert.That(TrainedModelFile.ToBytes(loaded.Model), Is.EqualTo(TrainedModelFile.ToBytes(model)));
            Assert.That(loaded.State.Momentum[3], Is.EqualTo(0.5f));
            Assert.That(loaded.State.Step, Is.EqualTo(9));
            // About twice the model file: weights and momentum.
            Assert.That(new FileInfo(path).Length, Is.GreaterThan(TrainedModelFile.ToBytes(model).Length + 4L * model.Parameters.Length - 1));
        }
    }
}
