using System.Buffers;
using MessagePack;
using NUnit.Framework;
using Sightline.Data;
using Sightline.Model;
using Sightline.Model.Files;
using Sightline.Training.Checkpoints;
using Sightline.Training.FineTuning;
using Sightline.Training.Schedules;

namespace Sightline.Tests.Training
{
    /// <summary>
    /// A checkpoint payload as the first 0.1.0 builds wrote it (settings with 11 keys, schedule with 4) loads, and the
    /// settings added since take the values that reproduce those runs: the paper's augmentation, no early stopping,
    /// nothing frozen, every layer at the full rate.
    /// </summary>
    public class OlderCheckpointSettingsTests
    {
        [Test]
        public void SettingsWrittenBeforeTheRecipeChoicesLoadWithThePapersRecipe()
        {
            var spec = NetworkSpec.Mini(3);
            var buffer = new ArrayBufferWriter<byte>();
            var writer = new MessagePackWriter(buffer);
            writer.WriteMapHeader(4);
            writer.Write("spec"); NetworkSpecFormatter.Instance.Serialize(ref writer, spec, MessagePackSerializerOptions.Standard);
            writer.Write("parameters"); PackedArrays.WriteFloats(ref writer, new float[spec.ParameterCount]);
            writer.Write("schedule");
            writer.WriteMapHeader(4);
            writer.Write("learningRate"); writer.Write(0.001f);
            writer.Write("bestValidationError"); writer.Write(0.25);
            writer.Write("drops"); writer.Write(1);
            writer.Write("epochsSinceImprovement"); writer.Write(1);
            writer.Write("settings");
            writer.WriteMapHeader(11);
            writer.Write("epochs"); writer.Write(12);
            writer.Write("batchSize"); writer.Write(32);
            writer.Write("learningRate"); writer.Write(0.01f);
            writer.Write("momentum"); writer.Write(0.9f);
            writer.Write("weightDecay"); writer.Write(0.0005f);
            writer.Write("seed"); writer.Write(7UL);
            writer.Write("schedule"); writer.Write(0);
            writer.Write("patience"); writer.Write(2);
            writer.Write("maxDrops"); writer.Write(3);
            writer.Write("stepEpochs"); PackedArrays.WriteInts(ref writer, new int[0]);
            writer.Write("checkpointEverySteps"); writer.Write(0);
            writer.Flush();

            var reader = new MessagePackReader(buffer.WrittenMemory);
            var checkpoint = Checkpoint010Format.Read(ref reader, MessagePackSerializerOptions.Standard);
            var s = checkpoint.State.Settings;
            Assert.That(s.Epochs, Is.EqualTo(12));
            Assert.That(s.Seed, Is.EqualTo(7UL));
            Assert.That(s.Augmentation, Is.EqualTo(AugmentationChoice.Paper));
            Assert.That(s.Schedule, Is.EqualTo(ScheduleKind.Plateau));
            Assert.That(s.EarlyStopPatience, Is.EqualTo(0));
            Assert.That(s.Frozen, Is.EqualTo(FrozenLayers.None));
            Assert.That(s.KeptLayersRate, Is.EqualTo(1f));
            Assert.That(LayerRates.For(checkpoint.Model.Spec, s), Is.Null);
            Assert.That(checkpoint.State.Schedule.Drops, Is.EqualTo(1));
            Assert.That(checkpoint.State.Schedule.EpochsSinceBest, Is.EqualTo(0));
            Assert.That(() => s.Validate(), Throws.Nothing);
        }
    }
}
