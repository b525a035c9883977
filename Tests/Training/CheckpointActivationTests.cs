using System;
using System.IO;
using MessagePack;
using NUnit.Framework;
using Sightline.Data;
using Sightline.Model;
using Sightline.Model.Files;
using Sightline.Training.Checkpoints;

namespace Sightline.Tests.Training
{
    /// <summary>Checkpoints keep the activation; files from before the switch (no "activation" key) are ReLU networks.</summary>
    public class CheckpointActivationTests
    {
        static NetworkSpec RoundTrip(NetworkSpec spec)
        {
            var path = Path.Combine(Path.GetTempPath(), "sightline-activation-" + Guid.NewGuid().ToString("N").Substring(0, 8) + CheckpointFile.Extension);
            try
            {
                CheckpointFile.Save(path, new Checkpoint(new TrainedModel(spec, new float[spec.ParameterCount], null, InputNormalization.None), new TrainingState()));
                return CheckpointFile.Load(path).Model.Spec;
            }
            finally
            {
                File.Delete(path);
            }
        }

        static byte[] Write(NetworkSpec spec)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            var writer = new MessagePackWriter(buffer);
            NetworkSpecFormatter.Instance.Serialize(ref writer, spec, DataFormatterResolver.Options);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }

        [Test]
        public void TanhSurvivesACheckpoint()
        {
            var spec = NetworkSpec.Mini(3).WithActivation(Activation.Tanh);
            var back = RoundTrip(spec);
            Assert.That(back.Activation, Is.EqualTo(Activation.Tanh));
            Assert.That(back, Is.EqualTo(spec));
            Assert.That(back["tanh6"].Kind, Is.EqualTo(LayerKind.Tanh));
        }

        [Test]
        public void ReluSpecsAreWrittenAsBeforeTheSwitchAndOldFilesReadAsRelu()
        {
            // The nine keys of a file written before the switch: no "activation".
            var relu = Write(NetworkSpec.Mini(3));
            Assert.That(new MessagePackReader(relu).ReadMapHeader(), Is.EqualTo(9));
            var reader = new MessagePackReader(relu);
            var back = NetworkSpecFormatter.Instance.Deserialize(ref reader, DataFormatterResolver.Options);
            Assert.That(back.Activation, Is.EqualTo(Activation.Relu));
            Assert.That(back["relu6"].Kind, Is.EqualTo(LayerKind.Relu));

            var tanh = new MessagePackReader(Write(NetworkSpec.Mini(3).WithActivation(Activation.Tanh)));
            Assert.That(tanh.ReadMapHeader(), Is.EqualTo(10));
        }

        [Test]
        public void LrnAcrossTowersSurvivesACheckpointAndPerTowerFilesAreUnchanged()
        {
            var spec = NetworkSpec.Mini(3).WithLrnAcrossTowers(true);
            var back = RoundTrip(spec);
            Assert.That(back.LrnAcrossTowers, Is.True);
            Assert.That(back, Is.EqualTo(spec));
            Assert.That(back["lrn2"].Groups, Is.EqualTo(1));
            Assert.That(new MessagePackReader(Write(spec)).ReadMapHeader(), Is.EqualTo(10));
            Assert.That(RoundTrip(NetworkSpec.Mini(3)).LrnAcrossTowers, Is.False, "files without the key are per-tower LRN");
            // The model file (.slmodel) holds the same spec map.
            var model = TrainedModelFile.Parse("across.slmodel", TrainedModelFile.ToBytes(new TrainedModel(spec, new float[spec.ParameterCount], null, InputNormalization.None)));
            Assert.That(model.Spec.LrnAcrossTowers, Is.True);
        }

        [Test]
        public void ActivationIsPartOfCompatibility()
        {
            var relu = NetworkSpec.Mini(3);
            var tanh = relu.WithActivation(Activation.Tanh);
            Assert.That(tanh.ParameterCount, Is.EqualTo(relu.ParameterCount));
            Assert.That(tanh.IsCompatibleWith(relu), Is.False);
            Assert.That(tanh.ToString(), Does.Contain("tanh"));
        }
    }
}
