using MessagePack;
using MessagePack.Formatters;
using Sightline.Model;
using Sightline.Model.Files;

namespace Sightline.Training.Checkpoints
{
    /// <summary>
    /// A checkpoint's payload (format 2): a map of its two parts, "model" (<see cref="TrainedModelFormatter"/>, the
    /// payload of a model file) and "state" (<see cref="TrainingStateFormatter"/>). Unknown keys are skipped.
    /// 0.1.0's flat format 1 is read by <see cref="Checkpoint010Format"/>.
    /// </summary>
    public sealed class CheckpointFormatter : IMessagePackFormatter<Checkpoint>
    {
        public static readonly CheckpointFormatter Instance = new CheckpointFormatter();

        public void Serialize(ref MessagePackWriter writer, Checkpoint value, MessagePackSerializerOptions options)
        {
            writer.WriteMapHeader(2);
            writer.Write("model"); TrainedModelFormatter.Instance.Serialize(ref writer, value.Model, options);
            writer.Write("state"); TrainingStateFormatter.Instance.Serialize(ref writer, value.State, options);
        }

        public Checkpoint Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            TrainedModel? model = null;
            TrainingState? state = null;
            int count = reader.ReadMapHeader();
            for (int i = 0; i < count; i++)
            {
                switch (reader.ReadString())
                {
                    case "model": model = TrainedModelFormatter.Instance.Deserialize(ref reader, options); break;
                    case "state": state = TrainingStateFormatter.Instance.Deserialize(ref reader, options); break;
                    default: reader.Skip(); break;
                }
            }
            if (model == null) throw new MessagePackSerializationException("the model is missing");
            return new Checkpoint(model, state ?? new TrainingState());
        }
    }
}
