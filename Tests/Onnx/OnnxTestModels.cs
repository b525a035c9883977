using System;
using System.Collections.Generic;
using System.IO;
using Sightline.Classification;
using Sightline.Imaging;
using Sightline.Model;
using Sightline.Onnx.Format;
using Sightline.Onnx.Proto;
using Sightline.Randomness;

namespace Sightline.Tests.Onnx
{
    /// <summary>Models with random weights, foreign graphs built node by node, and a plain-loop reference forward.</summary>
    internal static class OnnxTestModels
    {
        /// <summary>He-uniform weights (activations stay O(1) through the network) and small random biases.</summary>
        public static float[] RandomParameters(NetworkSpec spec, ulong seed)
        {
            var random = new SeededRandom(seed);
            var p = new float[spec.ParameterCount];
            foreach (var layer in spec.Layers)
            {
                if (!layer.HasParameters) continue;
                float a = (float)Math.Sqrt(6.0 / layer.FanIn);
                for (int i = 0; i < layer.WeightCount; i++) p[layer.WeightOffset + i] = (random.NextFloat() * 2f - 1f) * a;
                for (int i = 0; i < layer.BiasCount; i++) p[layer.BiasOffset + i] = (random.NextFloat() * 2f - 1f) * 0.1f;
            }
            return p;
        }

        public static string[] Labels(int classes)
        {
            var labels = new string[classes];
            for (int i = 0; i < classes; i++) labels[i] = "label " + (char)('A' + i % 26) + i;
            return labels;
        }

        public static InputNormalization RandomMeanImage(int size, ulong seed)
        {
            var random = new SeededRandom(seed);
            var mean = new float[3 * size * size];
            for (int i = 0; i < mean.Length; i++) mean[i] = 100f + 50f * random.NextFloat();
            return InputNormalization.MeanImage(mean, size);
        }

        public static TrainedModel Mini(ulong seed = 1) =>
            new TrainedModel(NetworkSpec.Mini(10), RandomParameters(NetworkSpec.Mini(10), seed), Labels(10), RandomMeanImage(96, seed + 1));

        public static float[] RandomInput(NetworkSpec spec, int batch, ulong seed)
        {
            var random = new SeededRandom(seed);
            var x = new float[batch * spec.InputShape.Size];
            for (int i = 0; i < x.Length; i++) x[i] = random.NextFloat() * 2f - 1f;
            return x;
        }

        public static Frame RandomFrame(int width, int height, ulong seed)
        {
            var random = new SeededRandom(seed);
            var rgb = new byte[width * height * 3];
            for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)random.NextInt(256);
            return new Frame(rgb, width, height);
        }

        public static string TempPath(string name) =>
            Path.Combine(Path.GetTempPath(), "sightline-tests-" + Guid.NewGuid().ToString("N").Substring(0, 8) + "-" + name);

        /// <summary>
        /// An AlexNet in the node structure PyTorch's exporter gives torchvision.models.alexnet: Conv/Relu/MaxPool
        /// features, AveragePool 1x1 (the adaptive 6x6 pool at 224), Flatten, Gemm(transB=1)/Relu classifier; no
        /// LRN, no groups, no metadata. With <paramref name="matMul"/>, the classifier is Reshape + MatMul/Add
        /// (weights [in, out]) as other exporters write it.
        /// </summary>
        public static byte[] TorchvisionGraph(NetworkSpec spec, float[] parameters, bool matMul = false)
        {
            var g = new GraphBuilder("main_graph");
            g.Input("input", "batch_size", 3, spec.InputSize, spec.InputSize);
            string x = "input";
            int feature = 0, classifier = 0;
            bool flat = false;
            foreach (var layer in spec.Layers)
            {
                switch (layer.Kind)
                {
                    case LayerKind.Convolution:
                    {
                        string prefix = $"features.{feature}";
                        var w = g.Initializer(prefix + ".weight", parameters.AsSpan(layer.WeightOffset, layer.WeightCount), layer.Output.Channels, layer.Input.Channels, layer.Kernel, layer.Kernel);
                        var b = g.Initializer(prefix + ".bias", parameters.AsSpan(layer.BiasOffset, layer.BiasCount), layer.BiasCount);
                        x = g.Node("Conv", $"/features/features.{feature}/Conv", new[] { x, w, b },
                            GraphBuilder.Ints("dilations", 1, 1), GraphBuilder.Int("group", 1),
                            GraphBuilder.Ints("kernel_shape", layer.Kernel, layer.Kernel),
                            GraphBuilder.Ints("pads", layer.Pad, layer.Pad, layer.Pad, layer.Pad),
                            GraphBuilder.Ints("strides", layer.Stride, layer.Stride));
                        feature++;
                        break;
                    }
                    case LayerKind.Relu:
                        x = flat ? g.Node("Relu", $"/classifier/classifier.{classifier++}/Relu", new[] { x })
                                 : g.Node("Relu", $"/features/features.{feature++}/Relu", new[] { x });
                        break;
                    case LayerKind.MaxPool:
                        x = g.Node("MaxPool", $"/features/features.{feature++}/MaxPool", new[] { x },
                            GraphBuilder.Int("ceil_mode", 0), GraphBuilder.Ints("dilations", 1, 1),
                            GraphBuilder.Ints("kernel_shape", layer.Kernel, layer.Kernel),
                            GraphBuilder.Ints("pads", 0, 0, 0, 0), GraphBuilder.Ints("strides", 2, 2));
                        break;
                    case LayerKind.FullyConnected:
                    {
                        if (!flat)
                        {
                            x = g.Node("AveragePool", "/avgpool/AveragePool", new[] { x },
                                GraphBuilder.Int("ceil_mode", 0), GraphBuilder.Int("count_include_pad", 1),
                                GraphBuilder.Ints("kernel_shape", 1, 1), GraphBuilder.Ints("pads", 0, 0, 0, 0), GraphBuilder.Ints("strides", 1, 1));
                            if (matMul)
                            {
                                var shape = g.Int64Initializer("flatten_shape", new long[] { -1, layer.Input.Size }, 2);
                                x = g.Node("Reshape", "/Reshape", new[] { x, shape });
                            }
                            else x = g.Node("Flatten", "/Flatten", new[] { x }, GraphBuilder.Int("axis", 1));
                            flat = true;
                        }
                        classifier++; // torchvision's classifier.0 / .3 are the Dropouts eval mode drops
                        string prefix = $"classifier.{classifier}";
                        int outputs = layer.Output.Channels, inputs = layer.Input.Size;
                        var b = g.Initializer(prefix + ".bias", parameters.AsSpan(layer.BiasOffset, layer.BiasCount), layer.BiasCount);
                        if (matMul)
                        {
                            var transposed = new float[layer.WeightCount];
                            for (int o = 0; o < outputs; o++)
                                for (int n = 0; n < inputs; n++) transposed[n * outputs + o] = parameters[layer.WeightOffset + o * inputs + n];
                            var w = g.Initializer(prefix + ".weight_t", transposed, inputs, outputs);
                            x = g.Node("MatMul", $"/classifier/classifier.{classifier}/MatMul", new[] { x, w });
                            x = g.Node("Add", $"/classifier/classifier.{classifier}/Add", new[] { b, x });
                        }
                        else
                        {
                            var w = g.Initializer(prefix + ".weight", parameters.AsSpan(layer.WeightOffset, layer.WeightCount), outputs, inputs);
                            x = g.Node("Gemm", $"/classifier/classifier.{classifier}/Gemm", new[] { x, w, b },
                                GraphBuilder.Float("alpha", 1f), GraphBuilder.Float("beta", 1f), GraphBuilder.Int("transB", 1));
                        }
                        classifier++;
                        break;
                    }
                    case LayerKind.Dropout:
                        break;
                    default:
                        throw new InvalidOperationException($"torchvision's layout has no {layer.Kind} ({layer.Name})");
                }
            }
            g.Graph.Node[g.Graph.Node.Count - 1].Output[0] = "output";
            g.Output("output", "batch_size", spec.Classes);
            return Google.Protobuf.MessageExtensions.ToByteArray(g.Model(null, "pytorch", "2.9.0"));
        }

        /// <summary>A small network in torchvision's layout (one tower, no LRN) that imports fast.</summary>
        public static NetworkSpec SmallTorchvisionLayout(int classes = 7) =>
            new NetworkSpec("small", classes, 80, new[] { 8, 12, 16, 12, 8, 24, 20 }, 1, false, true, 0.5f);

        /// <summary>Plain loops over the spec (grouped convolutions, per-tower LRN): the semantics the export must keep.</summary>
        public static float[] ReferenceForward(NetworkSpec spec, float[] p, float[] input, int batch)
        {
            var output = new float[batch * spec.Classes];
            for (int n = 0; n < batch; n++)
            {
                var x = new float[spec.InputShape.Size];
                Array.Copy(input, n * x.Length, x, 0, x.Length);
                foreach (var layer in spec.Layers) x = Layer(layer, p, x);
                Array.Copy(x, 0, output, n * spec.Classes, spec.Classes);
            }
            return output;
        }

        static float[] Layer(LayerSpec l, float[] p, float[] x)
        {
            var i = l.Input;
            var o = l.Output;
            var y = new float[o.Size];
            switch (l.Kind)
            {
                case LayerKind.Convolution:
                {
                    int inPer = i.Channels / l.Groups, outPer = o.Channels / l.Groups;
                    for (int oc = 0; oc < o.Channels; oc++)
                    {
                        int g = oc / outPer;
                        for (int oy = 0; oy < o.Height; oy++)
                            for (int ox = 0; ox < o.Width; ox++)
                            {
                                double sum = p[l.BiasOffset + oc];
                                for (int ic = 0; ic < inPer; ic++)
                                    for (int ky = 0; ky < l.Kernel; ky++)
                                    {
                                        int iy = oy * l.Stride - l.Pad + ky;
                                        if (iy < 0 || iy >= i.Height) continue;
                                        for (int kx = 0; kx < l.Kernel; kx++)
                                        {
                                            int ix = ox * l.Stride - l.Pad + kx;
                                            if (ix < 0 || ix >= i.Width) continue;
                                            sum += x[((g * inPer + ic) * i.Height + iy) * i.Width + ix] *
                                                   p[l.WeightOffset + ((oc * inPer + ic) * l.Kernel + ky) * l.Kernel + kx];
                                        }
                                    }
                                y[(oc * o.Height + oy) * o.Width + ox] = (float)sum;
                            }
                    }
                    return y;
                }
                case LayerKind.Relu:
                    for (int k = 0; k < y.Length; k++) y[k] = Math.Max(0f, x[k]);
                    return y;
                case LayerKind.Tanh:
                    for (int k = 0; k < y.Length; k++) y[k] = (float)Math.Tanh(x[k]);
                    return y;
                case LayerKind.LocalResponseNorm:
                {
                    int per = i.Channels / l.Groups, plane = i.Height * i.Width;
                    for (int c = 0; c < i.Channels; c++)
                    {
                        int g0 = c / per * per;
                        int lo = Math.Max(g0, c - (l.LrnSize - 1) / 2), hi = Math.Min(g0 + per - 1, c + l.LrnSize / 2);
                        for (int s = 0; s < plane; s++)
                        {
                            double sq = 0;
                            for (int j = lo; j <= hi; j++) sq += (double)x[j * plane + s] * x[j * plane + s];
                            y[c * plane + s] = (float)(x[c * plane + s] / Math.Pow(l.LrnK + l.LrnAlpha / l.LrnSize * sq, l.LrnBeta));
                        }
                    }
                    return y;
                }
                case LayerKind.MaxPool:
                    for (int c = 0; c < o.Channels; c++)
                        for (int oy = 0; oy < o.Height; oy++)
                            for (int ox = 0; ox < o.Width; ox++)
                            {
                                float m = float.NegativeInfinity;
                                for (int ky = 0; ky < l.Kernel; ky++)
                                    for (int kx = 0; kx < l.Kernel; kx++)
                                        m = Math.Max(m, x[(c * i.Height + oy * l.Stride + ky) * i.Width + ox * l.Stride + kx]);
                                y[(c * o.Height + oy) * o.Width + ox] = m;
                            }
                    return y;
                case LayerKind.FullyConnected:
                    for (int u = 0; u < o.Channels; u++)
                    {
                        double sum = p[l.BiasOffset + u];
                        for (int k = 0; k < i.Size; k++) sum += x[k] * p[l.WeightOffset + u * i.Size + k];
                        y[u] = (float)sum;
                    }
                    return y;
                case LayerKind.Dropout:
                    return x;
                default:
                    throw new InvalidOperationException(l.Kind.ToString());
            }
        }

        /// <summary>Index of the first element that differs (bitwise), -1 when equal; NUnit's collection compare is too slow for 60 M floats.</summary>
        public static int FirstDifference(float[] a, float[] b)
        {
            if (a.Length != b.Length) return Math.Min(a.Length, b.Length);
            for (int k = 0; k < a.Length; k++)
                if (BitConverter.SingleToInt32Bits(a[k]) != BitConverter.SingleToInt32Bits(b[k])) return k;
            return -1;
        }

        public static float MaxAbsDifference(float[] a, float[] b)
        {
            if (a.Length != b.Length) throw new ArgumentException($"lengths differ: {a.Length} vs {b.Length}");
            float max = 0f;
            for (int k = 0; k < a.Length; k++) max = Math.Max(max, Math.Abs(a[k] - b[k]));
            return max;
        }
    }
}
