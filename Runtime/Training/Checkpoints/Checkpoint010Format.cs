using System;
using MessagePack;
using Sightline.Model;
using Sightline.Model.Files;

namespace Sightline.Training.Checkpoints
{
    /// <summary>
    /// Reads checkpoints of format 1 (Sightline 0.1.0): one flat map with the model's and the state's keys side by
    /// side, the mean image HWC at the stored frame size and the input scale as its own number. The model gets the
    /// mean image's centre crop at the input size times that scale: exactly what 0.1.0 subtracted and multiplied.
    /// </summary>
    public static class Checkpoint010Format
    {
        public static Checkpoint Read(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            NetworkSpec? spec = null;
            float[]? parameters = null;
            string[] labels = Array.Empty<string>();
            float[] meanImage = Array.Empty<float>();
            int meanImageSize = 0;
            float inputScale = 1f;
            var state = new TrainingState();
            int count = reader.ReadMapHeader();
            for (int i = 0; i < count; i++)
            {
                string key = reader.ReadString() ?? string.Empty;
                switch (key)
                {
                    case "spec": spec = NetworkSpecFormatter.Instance.Deserialize(ref reader, options); break;
                    case "parameters": parameters = PackedArrays.ReadFloats(ref reader); break;
                    case "labels": labels = PackedArrays.ReadStrings(ref reader); break;
                    case "meanImage": meanImage = PackedArrays.ReadFloats(ref reader); break;
                    case "meanImageSize": meanImageSize = reader.ReadInt32(); break;
                    case "inputScale": inputScale = reader.ReadSingle(); break;
                    default:
                        if (!TrainingStateFormatter.ReadField(key, ref reader, state)) reader.Skip();
                        break;
                }
            }
            if (spec == null) throw new MessagePackSerializationException("the network spec is missing");
            if (meanImage.Length != 3 * meanImageSize * meanImageSize)
                throw new MessagePackSerializationException($"its mean image holds {meanImage.Length} values, not 3x{meanImageSize}x{meanImageSize}");
            if (meanImageSize != 0 && meanImageSize < spec.InputSize)
                throw new MessagePackSerializationException($"its mean image is {meanImageSize}x{meanImageSize}, smaller than the network's {spec.InputSize}x{spec.InputSize} input");
            var normalization = meanImageSize == 0
                ? InputNormalization.FromScale(new[] { 0f, 0f, 0f }, 0, new[] { inputScale, inputScale, inputScale })
                : InputNormalization.FromStoredMean(meanImage, meanImageSize, spec.InputSize, inputScale);
            return new Checkpoint(TrainedModelFormatter.Checked(spec, parameters, labels, normalization), state);
        }
    }
}
