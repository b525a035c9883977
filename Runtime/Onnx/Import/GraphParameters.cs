using System;
using System.Collections.Generic;
using System.Linq;
using Sightline.Model;

namespace Sightline.Onnx
{
    /// <summary>
    /// Copies the weights and biases of an imported graph's Conv and fully connected steps into the flat parameter
    /// layout of the spec built from them, checking every tensor's shape against the layer it fills. Fully connected
    /// weights stored input-major (MatMul) are transposed to Sightline's output-major rows.
    /// </summary>
    internal static class GraphParameters
    {
        public static float[] Copy(List<GraphStep> steps, NetworkSpec spec, Func<string, OnnxImportException> fail)
        {
            var parameters = new float[spec.ParameterCount];
            var layers = spec.Layers.Where(l => l.HasParameters).ToList();
            var weighted = steps.Where(s => s.Op == GraphOp.Conv || s.Op == GraphOp.Fc).ToList();
            for (int i = 0; i < layers.Count; i++)
            {
                var layer = layers[i];
                var step = weighted[i];
                var w = step.Weight!;
                if (layer.Kind == LayerKind.Convolution)
                {
                    long[] want = { layer.Output.Channels, layer.Input.Channels / layer.Groups, layer.Kernel, layer.Kernel };
                    if (!step.WeightDims.SequenceEqual(want))
                        throw fail($"{step.Node} weight is [{string.Join(", ", step.WeightDims)}] but {layer.Name} of {spec} needs [{string.Join(", ", want)}]");
                    w.AsSpan().CopyTo(parameters.AsSpan(layer.WeightOffset, layer.WeightCount));
                }
                else
                {
                    int outputs = layer.Output.Channels, inputs = layer.Input.Size;
                    long[] want = step.WeightIsInputMajor ? new long[] { inputs, outputs } : new long[] { outputs, inputs };
                    if (!step.WeightDims.SequenceEqual(want))
                        throw fail($"{step.Node} weight is [{string.Join(", ", step.WeightDims)}] but {layer.Name} of {spec} needs [{string.Join(", ", want)}]" +
                                   (layer.Name == "fc6" ? $" (fc6 sees {layer.Input}: does the input size {spec.InputSize} match the one the model was made for?)" : ""));
                    var dst = parameters.AsSpan(layer.WeightOffset, layer.WeightCount);
                    if (!step.WeightIsInputMajor) w.AsSpan().CopyTo(dst);
                    else
                        for (int o = 0; o < outputs; o++)
                            for (int n = 0; n < inputs; n++) dst[o * inputs + n] = w[n * outputs + o];
                }
                if (step.BiasData != null)
                {
                    if (step.BiasData.Length != layer.BiasCount) throw fail($"{step.Node} bias has {step.BiasData.Length} values but {layer.Name} has {layer.BiasCount} outputs");
                    step.BiasData.AsSpan().CopyTo(parameters.AsSpan(layer.BiasOffset, layer.BiasCount));
                }
            }
            return parameters;
        }
    }
}
