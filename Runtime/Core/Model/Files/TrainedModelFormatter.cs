using System;
using MessagePack;
using MessagePack.Formatters;

namespace Sightline.Model.Files
{
    /// <summary>
    /// A <see cref="TrainedModel"/> as a string-keyed MessagePack map (spec, parameters, labels, normalization), written
    /// and read by hand (no dynamic resolvers: safe under IL2CPP). The payload of a model file and the "model" part of
    /// a checkpoint. Unknown keys are skipped, so a later build may add fields without a new format version.
    /// </summary>
    public sealed class TrainedModelFormatter : IMessagePackFormatter<TrainedModel>
    {
        public static readonly TrainedModelFormatter Instance = new TrainedModelFormatter();

        public void Serialize(ref MessagePackWriter writer, TrainedModel value, MessagePackSerializerOptions options)
        {
            var labels = new string[value.Labels.Count];
            for (int i = 0; i < labels.Length; i++) labels[i] = value.Labels[i];
            writer.WriteMapHeader(4);
            writer.Write("spec"); NetworkSpecFormatter.Instance.Serialize(ref writer, value.Spec, options);
            writer.Write("parameters"); PackedArrays.WriteFloats(ref writer, value.Parameters);
            writer.Write("labels"); PackedArrays.WriteStrings(ref writer, labels);
            writer.Write("normalization"); WriteNormalization(ref writer, value.Normalization);
        }

        public TrainedModel Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            NetworkSpec? spec = null;
            float[]? parameters = null;
            string[] labels = Array.Empty<string>();
            InputNormalization? normalization = null;
            int count = reader.ReadMapHeader();
            for (int i = 0; i < count; i++)
            {
                switch (reader.ReadString())
                {
                    case "spec": spec = NetworkSpecFormatter.Instance.Deserialize(ref reader, options); break;
                    case "parameters": parameters = PackedArrays.ReadFloats(ref reader); break;
                    case "labels": labels = PackedArrays.ReadStrings(ref reader); break;
                    case "normalization": normalization = ReadNormalization(ref reader); break;
                    default: reader.Skip(); break;
                }
            }
            if (normalization == null) throw new MessagePackSerializationException("the input normalization is missing");
            return Checked(spec, parameters, labels, normalization);
        }

        /// <summary>
        /// The model read from a file's fields, each problem one sentence (a missing spec or weights, weights or
        /// labels that do not fit the spec); shared with the reader of 0.1.0 checkpoints.
        /// </summary>
        public static TrainedModel Checked(NetworkSpec? spec, float[]? parameters, string[] labels, InputNormalization normalization)
        {
            if (spec == null) throw new MessagePackSerializationException("the network spec is missing");
            if (parameters == null) throw new MessagePackSerializationException("the weights are missing");
            if (parameters.Length != spec.ParameterCount)
                throw new MessagePackSerializationException($"it holds {parameters.Length} weights but its spec {spec} has {spec.ParameterCount}");
            if (labels.Length != 0 && labels.Length != spec.Classes)
                throw new MessagePackSerializationException($"it names {labels.Length} labels but its spec has {spec.Classes} classes");
            return new TrainedModel(spec, parameters, labels.Length == 0 ? null : labels, normalization);
        }

        static void WriteNormalization(ref MessagePackWriter writer, InputNormalization n)
        {
            var mean = new float[n.Mean.Count];
            for (int i = 0; i < mean.Length; i++) mean[i] = n.Mean[i];
            writer.WriteMapHeader(4);
            writer.Write("mean"); PackedArrays.WriteFloats(ref writer, mean);
            writer.Write("meanImageSize"); writer.Write(n.MeanImageSize);
            writer.Write("scale"); PackedArrays.WriteFloats(ref writer, new[] { n.Scale[0], n.Scale[1], n.Scale[2] });
            writer.Write("pixelScale"); writer.Write(n.PixelScale);
        }

        static InputNormalization ReadNormalization(ref MessagePackReader reader)
        {
            float[] mean = { 0f, 0f, 0f };
            float[]? scale = null;
            int size = 0;
            float pixelScale = 1f;
            int count = reader.ReadMapHeader();
            for (int i = 0; i < count; i++)
            {
                switch (reader.ReadString())
                {
                    case "mean": mean = PackedArrays.ReadFloats(ref reader); break;
                    case "meanImageSize": size = reader.ReadInt32(); break;
                    case "scale": scale = PackedArrays.ReadFloats(ref reader); break;
                    case "pixelScale": pixelScale = reader.ReadSingle(); break;
                    default: reader.Skip(); break;
                }
            }
            return InputNormalization.FromScale(mean, size, scale ?? new[] { 1f, 1f, 1f }, pixelScale);
        }
    }
}
