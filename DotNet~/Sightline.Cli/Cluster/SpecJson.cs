using System.Linq;
using Sightline.Model;
using Sightline.Onnx.Format;

namespace Sightline.Cli.Cluster
{
    /// <summary>
    /// The network as the PyTorch references read it (Tests/Reference/sightline_network.py, alexnet_reference.py): every
    /// layer's kind, shapes, geometry and its slice of the flat parameter buffer, plus the spec in Sightline's text form.
    /// </summary>
    public static class SpecJson
    {
        public static object Document(NetworkSpec spec) => new
        {
            classes = spec.Classes,
            inputSize = spec.InputSize,
            towers = spec.Towers,
            text = OnnxMetadata.FormatSpec(spec),
            init = spec.Init.ToString(),
            parameters = spec.ParameterCount,
            layers = Layers(spec),
        };

        public static object[] Layers(NetworkSpec spec) => spec.Layers.Select(l => (object)new
        {
            name = l.Name,
            kind = l.Kind.ToString(),
            input = new[] { l.Input.Channels, l.Input.Height, l.Input.Width },
            output = new[] { l.Output.Channels, l.Output.Height, l.Output.Width },
            kernel = l.Kernel,
            stride = l.Stride,
            pad = l.Pad,
            groups = l.Groups,
            weightOffset = l.WeightOffset,
            weightCount = l.WeightCount,
            biasOffset = l.BiasOffset,
            biasCount = l.BiasCount,
            lrnSize = l.LrnSize,
            lrnAlpha = l.LrnAlpha,
            lrnBeta = l.LrnBeta,
            lrnK = l.LrnK,
            dropProbability = l.DropProbability,
            dropoutIndex = l.DropoutIndex,
        }).ToArray();
    }
}
