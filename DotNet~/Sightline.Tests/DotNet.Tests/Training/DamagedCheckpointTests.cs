using System;
using System.Buffers;
using System.IO;
using MessagePack;
using NUnit.Framework;
using Sightline.Model;
using Sightline.Model.Files;
using Sightline.Reliability.Fuzzing;
using Sightline.Training.Checkpoints;

namespace Sightline.Tests.Training
{
    /// <summary>A checkpoint whose parts do not fit each other, behind a valid header, is refused naming the file.</summary>
    public class DamagedCheckpointTests
    {
        [Test]
        public void WeightsThatDoNotMatchTheSpecAreRefused()
        {
            // A model part whose weights do not fit its spec, behind a valid header (the writer cannot produce one).
            var spec = NetworkSpec.Mini(3);
            var buffer = new ArrayBufferWriter<byte>();
            var writer = new MessagePackWriter(buffer);
            writer.WriteMapHeader(1);
            writer.Write("model");
            writer.WriteMapHeader(3);
            writer.Write("spec"); NetworkSpecFormatter.Instance.Serialize(ref writer, spec, MessagePackSerializerOptions.Standard);
            writer.Write("parameters"); PackedArrays.WriteFloats(ref writer, new float[10]);
            writer.Write("normalization"); writer.WriteMapHeader(0);
            writer.Flush();
            string path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "damaged-" + Guid.NewGuid().ToString("N") + ".slckpt");
            CheckpointFile.Save(path, new Checkpoint(new TrainedModel(spec, new float[spec.ParameterCount], null, InputNormalization.None), new TrainingState()));
            var header = File.ReadAllBytes(path).AsSpan(0, CheckpointFile.HeaderSize).ToArray();
            var bytes = new byte[header.Length + buffer.WrittenCount];
            header.CopyTo(bytes, 0);
            buffer.WrittenSpan.CopyTo(bytes.AsSpan(header.Length));
            File.WriteAllBytes(path, CheckpointFuzzTarget.RehashPayload(bytes));
            try
            {
                var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Load(path));
                Assert.That(e!.Message, Does.Contain(path).And.Contain("holds 10 weights"));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
