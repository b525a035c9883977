using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using Sightline.Model;

namespace Sightline.Onnx.Format
{
    /// <summary>
    /// The metadata_props Sightline writes so an ONNX file carries everything needed to classify: the spec, the labels,
    /// the input size and the normalisation (<see cref="InputNormalization"/>). Plain text except the mean, which is
    /// base64 of little-endian float32.
    /// </summary>
    public static class OnnxMetadata
    {
        public const string FormatVersionKey = "sightline.format_version";
        public const string SpecKey = "sightline.spec";
        public const string LabelsKey = "sightline.labels";
        public const string InputSizeKey = "sightline.input_size";
        public const string MeanKey = "sightline.mean";
        public const string MeanImageSizeKey = "sightline.mean_image_size";
        public const string StdKey = "sightline.std";
        public const string PixelScaleKey = "sightline.pixel_scale";
        /// <summary>
        /// The exact per-channel multiplier (InputNormalization.Scale); written next to the std since the two were
        /// merged, read in its place when present so a model's numbers survive export bit for bit. Files without it
        /// (written before) take 1 / std.
        /// </summary>
        public const string ScaleKey = "sightline.scale";
        public const string FormatVersion = "1";

        static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        internal static List<KeyValuePair<string, string>> Write(TrainedModel model)
        {
            foreach (var label in model.Labels)
                if (label.IndexOf('\n') >= 0 || label.IndexOf('\r') >= 0)
                    throw new ArgumentException($"label '{label.Replace("\n", "\\n")}' contains a line break; labels are stored one per line");
            var n = model.Normalization;
            var mean = new float[n.Mean.Count];
            for (int i = 0; i < mean.Length; i++) mean[i] = n.Mean[i];
            var std = n.Std;
            return new List<KeyValuePair<string, string>>
            {
                Pair(FormatVersionKey, FormatVersion),
                Pair(SpecKey, FormatSpec(model.Spec)),
                Pair(LabelsKey, string.Join("\n", model.Labels)),
                Pair(InputSizeKey, model.Spec.InputSize.ToString(Invariant)),
                Pair(MeanKey, Convert.ToBase64String(LittleEndian(mean))),
                Pair(MeanImageSizeKey, n.MeanImageSize.ToString(Invariant)),
                Pair(StdKey, string.Join(" ", F(std[0]), F(std[1]), F(std[2]))),
                Pair(PixelScaleKey, F(n.PixelScale)),
                Pair(ScaleKey, string.Join(" ", F(n.Scale[0]), F(n.Scale[1]), F(n.Scale[2]))),
            };
        }

        /// <summary>"preset=paper;classes=1000;input=224;width=1;towers=2;lrn=true;overlap=true;drop=0.5;init=He[;widths=...][;activation=Tanh][;lrnAcross=true]" (no activation entry: ReLU, no lrnAcross: LRN per tower, as files from before the switches).</summary>
        public static string FormatSpec(NetworkSpec spec)
        {
            var text = $"preset={spec.Preset};classes={spec.Classes};input={spec.InputSize};width={F(spec.Width)};towers={spec.Towers};" +
                       $"lrn={(spec.LocalResponseNorm ? "true" : "false")};overlap={(spec.OverlappingPooling ? "true" : "false")};drop={F(spec.DropProbability)};init={spec.Init}";
            if (spec.LayerWidths != null) text += ";widths=" + string.Join(",", spec.LayerWidths);
            if (spec.Activation != Activation.Relu) text += ";activation=" + spec.Activation;
            if (spec.LrnAcrossTowers) text += ";lrnAcross=true";
            return text;
        }

        /// <summary>The inverse of <see cref="FormatSpec"/>; throws FormatException or SpecException.</summary>
        public static NetworkSpec ParseSpec(string text)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var part in text.Split(';'))
            {
                int eq = part.IndexOf('=');
                if (eq <= 0) throw new FormatException($"spec entry '{part}' is not key=value");
                values[part.Substring(0, eq).Trim()] = part.Substring(eq + 1).Trim();
            }
            string Get(string key) => values.TryGetValue(key, out var v) ? v : throw new FormatException($"spec has no '{key}'");
            string preset = Get("preset");
            int classes = int.Parse(Get("classes"), Invariant);
            int input = int.Parse(Get("input"), Invariant);
            int towers = int.Parse(Get("towers"), Invariant);
            bool lrn = bool.Parse(Get("lrn"));
            bool overlap = bool.Parse(Get("overlap"));
            float drop = float.Parse(Get("drop"), NumberStyles.Float, Invariant);
            var init = (InitScheme)Enum.Parse(typeof(InitScheme), Get("init"));
            var activation = values.TryGetValue("activation", out var activationText) ? (Activation)Enum.Parse(typeof(Activation), activationText) : Activation.Relu;
            bool across = values.TryGetValue("lrnAcross", out var acrossText) && bool.Parse(acrossText);
            if (values.TryGetValue("widths", out var widthsText))
            {
                var parts = widthsText.Split(',');
                var widths = new int[parts.Length];
                for (int i = 0; i < parts.Length; i++) widths[i] = int.Parse(parts[i], Invariant);
                return new NetworkSpec(preset, classes, input, widths, towers, lrn, overlap, drop, init, activation, across);
            }
            float width = float.Parse(Get("width"), NumberStyles.Float, Invariant);
            return new NetworkSpec(preset, classes, input, width, towers, lrn, overlap, drop, init, activation, across);
        }

        internal static InputNormalization ReadNormalization(IReadOnlyDictionary<string, string> props)
        {
            var mean = FromLittleEndian(Convert.FromBase64String(props[MeanKey]));
            int size = int.Parse(props[MeanImageSizeKey], Invariant);
            float pixelScale = float.Parse(props[PixelScaleKey], NumberStyles.Float, Invariant);
            if (props.TryGetValue(ScaleKey, out var scale)) return InputNormalization.FromScale(mean, size, Three(ScaleKey, scale), pixelScale);
            return InputNormalization.FromStd(mean, size, Three(StdKey, props[StdKey]), pixelScale);
        }

        static float[] Three(string key, string text)
        {
            var parts = text.Split(' ');
            if (parts.Length != 3) throw new FormatException($"{key} needs 3 values, got '{text}'");
            var values = new float[3];
            for (int i = 0; i < 3; i++) values[i] = float.Parse(parts[i], NumberStyles.Float, Invariant);
            return values;
        }

        internal static string[] ReadLabels(IReadOnlyDictionary<string, string> props) => props[LabelsKey].Split('\n');

        internal static float[] FromLittleEndian(byte[] bytes)
        {
            if (bytes.Length % 4 != 0) throw new FormatException($"float data of {bytes.Length} bytes is not a multiple of 4");
            var values = new float[bytes.Length / 4];
            if (BitConverter.IsLittleEndian) MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values);
            else
                for (int i = 0; i < values.Length; i++)
                {
                    var b = new[] { bytes[i * 4 + 3], bytes[i * 4 + 2], bytes[i * 4 + 1], bytes[i * 4] };
                    values[i] = BitConverter.ToSingle(b, 0);
                }
            return values;
        }

        static byte[] LittleEndian(float[] values)
        {
            var bytes = new byte[values.Length * 4];
            Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            if (!BitConverter.IsLittleEndian)
                for (int i = 0; i < bytes.Length; i += 4) Array.Reverse(bytes, i, 4);
            return bytes;
        }

        static string F(float value) => value.ToString("R", Invariant);
        static KeyValuePair<string, string> Pair(string key, string value) => new KeyValuePair<string, string>(key, value);
    }
}
