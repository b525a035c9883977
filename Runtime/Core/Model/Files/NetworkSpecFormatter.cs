using MessagePack;
using MessagePack.Formatters;
using Sightline.Model;

namespace Sightline.Model.Files
{
    /// <summary>Every option of a <see cref="NetworkSpec"/> as a string-keyed map (unknown keys are skipped, missing ones take the defaults).</summary>
    public sealed class NetworkSpecFormatter : IMessagePackFormatter<NetworkSpec>
    {
        public static readonly NetworkSpecFormatter Instance = new NetworkSpecFormatter();

        public void Serialize(ref MessagePackWriter writer, NetworkSpec value, MessagePackSerializerOptions options)
        {
            // Explicit widths (imported networks, e.g. torchvision's) are a tenth key only when present, so files of
            // width-multiplier specs are unchanged and older readers skip the key.
            // Likewise the activation: written only for tanh, so ReLU files are byte for byte what they were and files
            // from before the switch (no key) read as ReLU.
            bool tanh = value.Activation != Activation.Relu;
            // And LRN across towers: written only when true (files without the key are per-tower LRN, the paper's).
            bool across = value.LrnAcrossTowers;
            writer.WriteMapHeader(9 + (value.LayerWidths == null ? 0 : 1) + (tanh ? 1 : 0) + (across ? 1 : 0));
            writer.Write("preset"); writer.Write(value.Preset);
            writer.Write("classes"); writer.Write(value.Classes);
            writer.Write("inputSize"); writer.Write(value.InputSize);
            writer.Write("width"); writer.Write(value.Width);
            writer.Write("towers"); writer.Write(value.Towers);
            writer.Write("lrn"); writer.Write(value.LocalResponseNorm);
            writer.Write("overlappingPooling"); writer.Write(value.OverlappingPooling);
            writer.Write("dropProbability"); writer.Write(value.DropProbability);
            writer.Write("init"); writer.Write((int)value.Init);
            if (tanh) { writer.Write("activation"); writer.Write((int)value.Activation); }
            if (across) { writer.Write("lrnAcrossTowers"); writer.Write(true); }
            if (value.LayerWidths == null) return;
            writer.Write("layerWidths");
            writer.WriteArrayHeader(value.LayerWidths.Count);
            foreach (var w in value.LayerWidths) writer.Write(w);
        }

        public NetworkSpec Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            string preset = NetworkSpec.MiniPreset;
            int classes = 0, inputSize = 0, towers = 2, init = 0, activation = 0;
            float width = 1f, drop = 0.5f;
            bool lrn = true, overlapping = true, across = false;
            int[]? widths = null;
            int count = reader.ReadMapHeader();
            for (int i = 0; i < count; i++)
            {
                switch (reader.ReadString())
                {
                    case "preset": preset = reader.ReadString() ?? preset; break;
                    case "classes": classes = reader.ReadInt32(); break;
                    case "inputSize": inputSize = reader.ReadInt32(); break;
                    case "width": width = reader.ReadSingle(); break;
                    case "towers": towers = reader.ReadInt32(); break;
                    case "lrn": lrn = reader.ReadBoolean(); break;
                    case "overlappingPooling": overlapping = reader.ReadBoolean(); break;
                    case "dropProbability": drop = reader.ReadSingle(); break;
                    case "init": init = reader.ReadInt32(); break;
                    case "activation": activation = reader.ReadInt32(); break;
                    case "lrnAcrossTowers": across = reader.ReadBoolean(); break;
                    case "layerWidths":
                        widths = new int[reader.ReadArrayHeader()];
                        for (int w = 0; w < widths.Length; w++) widths[w] = reader.ReadInt32();
                        break;
                    default: reader.Skip(); break;
                }
            }
            if (widths != null) return new NetworkSpec(preset, classes, inputSize, widths, towers, lrn, overlapping, drop, (InitScheme)init, (Activation)activation, across);
            return new NetworkSpec(preset, classes, inputSize, width, towers, lrn, overlapping, drop, (InitScheme)init, (Activation)activation, across);
        }
    }
}
