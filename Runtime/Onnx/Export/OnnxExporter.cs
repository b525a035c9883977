using System;
using System.IO;
using Google.Protobuf;
using Sightline.Classification;
using Sightline.Model;
using Sightline.Onnx.Format;
using Sightline.Onnx.Proto;

namespace Sightline.Onnx
{
    /// <summary>
    /// Writes a network as ONNX (opset 17): the two towers as grouped Conv (group attribute) and LRN applied to each
    /// tower's channel half (Split, LRN per half, Concat), Gemm for the fully connected layers, no dropout (inverted
    /// dropout is the identity at inference). Input "input" [batch, 3, S, S] is the normalised image; output "logits"
    /// [batch, classes]. metadata_props carry the spec, labels, input size and normalisation.
    /// </summary>
    public static class OnnxExporter
    {
        public const string InputName = "input";
        public const string OutputName = "logits";

        public static byte[] ToBytes(TrainedModel model, string producerVersion = "") => Build(model, producerVersion).ToByteArray();

        /// <summary>Writes the file atomically (temporary file, then rename).</summary>
        public static void Save(TrainedModel model, string path, string producerVersion = "")
        {
            if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("ONNX output path is empty", nameof(path));
            var full = Path.GetFullPath(path);
            var temp = full + ".tmp";
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                Build(model, producerVersion).WriteTo(stream);
                stream.Flush(true);
            }
            // Replace swaps in one step, so a reader never sees a half-written model.
            if (File.Exists(full)) File.Replace(temp, full, null);
            else File.Move(temp, full);
        }

        internal static ModelProto Build(TrainedModel model, string producerVersion)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            var spec = model.Spec;
            var p = model.Parameters;
            var g = new GraphBuilder("sightline_alexnet");
            g.Input(InputName, "batch", 3, spec.InputSize, spec.InputSize);
            string x = InputName;
            bool flat = false;
            foreach (var layer in spec.Layers)
            {
                switch (layer.Kind)
                {
                    case LayerKind.Convolution:
                    {
                        // W: [out, in/groups, k, k] (OIHW, our layout), B: [out]
                        var w = g.Initializer(layer.Name + ".weight", p.AsSpan(layer.WeightOffset, layer.WeightCount),
                            layer.Output.Channels, layer.Input.Channels / layer.Groups, layer.Kernel, layer.Kernel);
                        var b = g.Initializer(layer.Name + ".bias", p.AsSpan(layer.BiasOffset, layer.BiasCount), layer.BiasCount);
                        x = g.Node("Conv", layer.Name, new[] { x, w, b },
                            GraphBuilder.Ints("kernel_shape", layer.Kernel, layer.Kernel),
                            GraphBuilder.Ints("strides", layer.Stride, layer.Stride),
                            GraphBuilder.Ints("pads", layer.Pad, layer.Pad, layer.Pad, layer.Pad),
                            GraphBuilder.Ints("dilations", 1, 1),
                            GraphBuilder.Int("group", layer.Groups));
                        break;
                    }
                    case LayerKind.Relu:
                        x = g.Node("Relu", layer.Name, new[] { x });
                        break;
                    case LayerKind.Tanh:
                        x = g.Node("Tanh", layer.Name, new[] { x });
                        break;
                    case LayerKind.LocalResponseNorm:
                        x = Lrn(g, layer, x);
                        break;
                    case LayerKind.MaxPool:
                        x = g.Node("MaxPool", layer.Name, new[] { x },
                            GraphBuilder.Ints("kernel_shape", layer.Kernel, layer.Kernel),
                            GraphBuilder.Ints("strides", layer.Stride, layer.Stride),
                            GraphBuilder.Ints("pads", 0, 0, 0, 0));
                        break;
                    case LayerKind.FullyConnected:
                    {
                        if (!flat)
                        {
                            // NCHW flattened row-major is the C*H*W order our fc6 weights use.
                            x = g.Node("Flatten", "flatten", new[] { x }, GraphBuilder.Int("axis", 1));
                            flat = true;
                        }
                        // W: [out, in] (our layout) so Gemm computes x W^T + b with transB = 1.
                        var w = g.Initializer(layer.Name + ".weight", p.AsSpan(layer.WeightOffset, layer.WeightCount), layer.Output.Channels, layer.Input.Size);
                        var b = g.Initializer(layer.Name + ".bias", p.AsSpan(layer.BiasOffset, layer.BiasCount), layer.BiasCount);
                        x = g.Node("Gemm", layer.Name, new[] { x, w, b },
                            GraphBuilder.Float("alpha", 1f), GraphBuilder.Float("beta", 1f), GraphBuilder.Int("transB", 1));
                        break;
                    }
                    case LayerKind.Dropout:
                        break; // inverted dropout: the identity at inference (Documentation~/network.md decision)
                    default:
                        throw new NotSupportedException($"layer {layer.Name} of kind {layer.Kind} has no ONNX export");
                }
            }
            // The last Gemm's output is renamed to the graph output.
            g.Graph.Node[g.Graph.Node.Count - 1].Output[0] = OutputName;
            g.Output(OutputName, "batch", spec.Classes);
            return g.Model(OnnxMetadata.Write(model), "sightline", producerVersion);
        }

        static string Lrn(GraphBuilder g, LayerSpec layer, string x)
        {
            var attributes = new[]
            {
                GraphBuilder.Int("size", layer.LrnSize),
                GraphBuilder.Float("alpha", layer.LrnAlpha), // ONNX divides alpha by size, as Documentation~/network.md's decision does
                GraphBuilder.Float("beta", layer.LrnBeta),
                GraphBuilder.Float("bias", layer.LrnK),
            };
            if (layer.Groups == 1) return g.Node("LRN", layer.Name, new[] { x }, attributes);
            // The window stays inside each tower's channel half: split the channels, normalise each part, join.
            var parts = new string[layer.Groups];
            for (int i = 0; i < parts.Length; i++) parts[i] = $"{layer.Name}_split_{i}";
            g.NodeWithOutputs("Split", layer.Name + "_split", new[] { x }, parts, GraphBuilder.Int("axis", 1));
            var normalised = new string[layer.Groups];
            for (int i = 0; i < parts.Length; i++) normalised[i] = g.Node("LRN", $"{layer.Name}_tower{i}", new[] { parts[i] }, attributes);
            return g.Node("Concat", layer.Name, normalised, GraphBuilder.Int("axis", 1));
        }
    }
}
