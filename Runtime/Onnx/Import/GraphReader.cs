using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Sightline.Classification;
using Sightline.Model;
using Sightline.Onnx.Format;
using Sightline.Onnx.Proto;
using static Sightline.Onnx.NodeAttributes;

namespace Sightline.Onnx
{
    /// <summary>
    /// Walks an ONNX graph as the chain of layers AlexNet is, turns it into a NetworkSpec and a flat parameter buffer,
    /// and checks every layer against the spec's geometry. One instance per model.
    /// </summary>
    internal sealed class GraphReader
    {
        static readonly (int kernel, int stride, int pad)[] ConvGeometry = { (11, 4, 2), (5, 1, 2), (3, 1, 1), (3, 1, 1), (3, 1, 1) };
        const string Supported = "Conv, Relu, Tanh, LRN, Split+LRN+Concat, torch.onnx's decomposed LocalResponseNorm (Mul ... Pow, Div), MaxPool, AveragePool (1x1 identity), Dropout, Identity, Flatten, Reshape, Gemm, MatMul+Add, Constant";

        readonly ModelProto _model;
        readonly string _source;
        readonly OnnxImportOptions _options;
        readonly GraphConstants _constants;
        readonly DecomposedLrn _decomposedLrn;
        readonly Dictionary<string, string> _metadata = new Dictionary<string, string>(StringComparer.Ordinal);

        public GraphReader(ModelProto model, string source, OnnxImportOptions options)
        {
            _model = model;
            _source = source;
            _options = options;
            _constants = new GraphConstants(source);
            _decomposedLrn = new DecomposedLrn(_constants, Fail);
        }

        public TrainedModel Read()
        {
            var graph = _model.Graph;
            if (graph == null || graph.Node.Count == 0)
                throw Fail("has no graph (not an ONNX model, or a truncated one)");
            foreach (var opset in _model.OpsetImport)
                if ((opset.Domain == "" || opset.Domain == "ai.onnx") && opset.Version < 7)
                    throw Fail($"uses ONNX opset {opset.Version}; Sightline reads opset 7 and later");
            foreach (var entry in _model.MetadataProps) _metadata[entry.Key] = entry.Value;
            foreach (var tensor in graph.Initializer) _constants.Set(tensor.Name, tensor);

            var inputs = graph.Input.Where(v => !_constants.Contains(v.Name)).ToList();
            if (inputs.Count != 1) throw Fail($"has {inputs.Count} graph inputs; an AlexNet has one image input");
            if (graph.Output.Count != 1) throw Fail($"has {graph.Output.Count} graph outputs; an AlexNet has one (the logits)");
            int inputSize = InputSize(inputs[0]);

            var steps = Walk(graph, inputs[0].Name);
            var spec = BuildSpec(steps, inputSize);
            var parameters = GraphParameters.Copy(steps, spec, Fail);
            var labels = _options.Labels ?? (_metadata.ContainsKey(OnnxMetadata.LabelsKey) ? OnnxMetadata.ReadLabels(_metadata) : null);
            if (labels != null && labels.Count != spec.Classes)
                throw Fail($"has {spec.Classes} outputs but {labels.Count} labels were given");
            InputNormalization normalization;
            try
            {
                normalization = _options.Normalization ??
                    (_metadata.ContainsKey(OnnxMetadata.MeanKey) ? OnnxMetadata.ReadNormalization(_metadata) : InputNormalization.TorchvisionImageNet);
            }
            catch (Exception e) when (e is FormatException || e is ArgumentException || e is KeyNotFoundException || e is OverflowException)
            {
                throw Fail($"has unreadable normalisation metadata ({e.Message})");
            }
            try
            {
                return new TrainedModel(spec, parameters, labels, normalization);
            }
            catch (ArgumentException e)
            {
                throw Fail(e.Message);
            }
        }

        int InputSize(ValueInfoProto input)
        {
            var dims = input.Type?.TensorType?.Shape?.Dim;
            if (input.Type?.TensorType == null || input.Type.TensorType.ElemType != (int)TensorProto.Types.DataType.Float)
                throw Fail($"input '{input.Name}' is not a float tensor");
            if (dims == null || dims.Count != 4) throw Fail($"input '{input.Name}' is not 4-dimensional [batch, 3, height, width]");
            if (dims[1].HasDimValue && dims[1].DimValue != 3) throw Fail($"input '{input.Name}' has {dims[1].DimValue} channels; AlexNet takes 3 (RGB)");
            long h = dims[2].HasDimValue ? dims[2].DimValue : 0, w = dims[3].HasDimValue ? dims[3].DimValue : 0;
            if (h == 0 || w == 0)
            {
                if (_metadata.TryGetValue(OnnxMetadata.InputSizeKey, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int size)) return size;
                throw Fail($"input '{input.Name}' has no fixed height and width and no {OnnxMetadata.InputSizeKey} metadata");
            }
            if (h != w) throw Fail($"input '{input.Name}' is {h}x{w}; Sightline's AlexNet takes square images");
            return (int)h;
        }

        List<GraphStep> Walk(GraphProto graph, string input)
        {
            var steps = new List<GraphStep>();
            string current = input;
            var nodes = graph.Node;
            for (int i = 0; i < nodes.Count; i++)
            {
                var node = nodes[i];
                string label = Label(node, i);
                if (node.Domain != "" && node.Domain != "ai.onnx")
                    throw Fail($"{label} is from operator domain '{node.Domain}'; Sightline imports standard ONNX operators only ({Supported})");
                if (node.OpType == "Constant")
                {
                    _constants.Define(node, label);
                    continue;
                }
                if (node.Input.Count == 0 || node.Input[0] != current)
                    throw Fail($"{label} does not continue the layer chain (it reads '{(node.Input.Count > 0 ? node.Input[0] : "")}', expected '{current}'): only a plain AlexNet chain can be imported");
                switch (node.OpType)
                {
                    case "Conv":
                        steps.Add(Conv(node, label));
                        break;
                    case "Relu":
                        steps.Add(new GraphStep { Op = GraphOp.Relu, Node = label });
                        break;
                    case "Tanh":
                        steps.Add(new GraphStep { Op = GraphOp.Tanh, Node = label });
                        break;
                    case "LRN":
                        steps.Add(Lrn(node, label, 1));
                        break;
                    case "Mul" when DecomposedLrn.Starts(node, current):
                        i = _decomposedLrn.Match(nodes, i, current, 1, out var normalisation);
                        steps.Add(normalisation);
                        current = OutputOf(nodes[i], Label(nodes[i], i));
                        continue;
                    case "Split":
                        i = TowerLrn(nodes, i, label, steps);
                        current = OutputOf(nodes[i], Label(nodes[i], i));
                        continue;
                    case "MaxPool":
                        steps.Add(Pool(node, label));
                        break;
                    case "AveragePool":
                        IdentityAveragePool(node, label);
                        break;
                    case "Dropout":
                    case "Identity":
                        break;
                    case "Flatten":
                        if (IntAttr(node, "axis", 1) != 1) throw Fail($"{label} flattens from axis {IntAttr(node, "axis", 1)}; AlexNet flattens from axis 1");
                        steps.Add(new GraphStep { Op = GraphOp.Flatten, Node = label });
                        break;
                    case "Reshape":
                        Reshape(node, label);
                        steps.Add(new GraphStep { Op = GraphOp.Flatten, Node = label });
                        break;
                    case "Gemm":
                        steps.Add(Gemm(node, label));
                        break;
                    case "MatMul":
                        steps.Add(MatMul(nodes, ref i, label));
                        current = OutputOf(nodes[i], Label(nodes[i], i));
                        continue;
                    default:
                        throw Fail($"{label} uses operator '{node.OpType}', which Sightline cannot import (supported: {Supported})");
                }
                current = OutputOf(node, label);
            }
            if (current != graph.Output[0].Name)
                throw Fail($"the layer chain ends at '{current}' but the graph output is '{graph.Output[0].Name}'");
            return steps;
        }

        GraphStep Conv(NodeProto node, string label)
        {
            var kernel = Ints(node, "kernel_shape");
            var strides = Ints(node, "strides");
            var pads = Ints(node, "pads");
            var dilations = Ints(node, "dilations");
            if (dilations.Any(d => d != 1)) throw Fail($"{label} has dilations {string.Join(",", dilations)}; AlexNet's are 1");
            var autoPad = StringAttr(node, "auto_pad");
            if (autoPad != "" && autoPad != "NOTSET") throw Fail($"{label} uses auto_pad {autoPad}; explicit pads are required");
            var (w, dims) = _constants.Tensor(node, 1, label, "weight");
            if (dims.Length != 4) throw Fail($"{label} weight has {dims.Length} dimensions; a 2-D convolution's has 4 (OIHW)");
            if (kernel.Length == 0) kernel = new[] { dims[2], dims[3] };
            var step = new GraphStep
            {
                Op = GraphOp.Conv, Node = label, Weight = w, WeightDims = dims,
                Kernel = Square(kernel, label, "kernel_shape"),
                Stride = strides.Length == 0 ? 1 : Square(strides, label, "strides"),
                Pad = pads.Length == 0 ? 0 : Same(pads, label, "pads"),
                Groups = IntAttr(node, "group", 1),
            };
            if (node.Input.Count > 2 && node.Input[2] != "") step.BiasData = _constants.Tensor(node, 2, label, "bias").data;
            return step;
        }

        GraphStep Lrn(NodeProto node, string label, long groups) => new GraphStep
        {
            Op = GraphOp.Lrn, Node = label, Groups = groups,
            Size = IntAttr(node, "size", 0),
            Alpha = FloatAttr(node, "alpha", 1e-4f),
            Beta = FloatAttr(node, "beta", 0.75f),
            Bias = FloatAttr(node, "bias", 1f),
        };

        // Split(axis 1) -> one LRN per part -> Concat(axis 1): LRN whose window stays inside each tower's channels.
        int TowerLrn(IList<NodeProto> nodes, int i, string label, List<GraphStep> steps)
        {
            var split = nodes[i];
            if (IntAttr(split, "axis", 0) != 1) throw Fail($"{label} splits along axis {IntAttr(split, "axis", 0)}; only a channel split before LRN is supported");
            int parts = split.Output.Count;
            if (parts < 1) throw Fail($"{label} is a Split without outputs");
            if (split.Input.Count > 1 && split.Input[1] != "")
            {
                var sizes = _constants.Tensor(split, 1, label, "split").data;
                if (sizes.Distinct().Count() != 1) throw Fail($"{label} splits the channels unequally; towers are equal halves");
            }
            GraphStep? first = null;
            var lrnOutputs = new string[parts];
            int at = i + 1;
            for (int p = 0; p < parts; p++)
            {
                at = SkipConstants(nodes, at);
                if (at >= nodes.Count) throw Fail($"{label} is a Split not followed by one LRN per part and a Concat");
                var lrn = nodes[at];
                string lrnLabel = Label(lrn, at);
                GraphStep step;
                if (DecomposedLrn.Starts(lrn, split.Output[p]))
                    at = _decomposedLrn.Match(nodes, at, split.Output[p], parts, out step);
                else if (lrn.OpType == "LRN" && lrn.Input.Count == 1 && lrn.Input[0] == split.Output[p])
                    step = Lrn(lrn, lrnLabel, parts);
                else
                    throw Fail($"{lrnLabel} follows {label}, but only LRN (an LRN node or torch's decomposed LocalResponseNorm) on each split part, in order, is supported");
                if (first != null && (step.Size != first.Size || step.Alpha != first.Alpha || step.Beta != first.Beta || step.Bias != first.Bias))
                    throw Fail($"{step.Node} has other LRN constants than {first.Node}");
                first ??= step;
                lrnOutputs[p] = OutputOf(nodes[at], Label(nodes[at], at));
                at++;
            }
            int concatIndex = SkipConstants(nodes, at);
            if (concatIndex >= nodes.Count) throw Fail($"{label} is a Split whose LRN parts are never concatenated");
            var concat = nodes[concatIndex];
            string concatLabel = Label(concat, concatIndex);
            if (concat.OpType != "Concat" || IntAttr(concat, "axis", 0) != 1 || !concat.Input.SequenceEqual(lrnOutputs))
                throw Fail($"{concatLabel} ({concat.OpType}) should concatenate the LRN parts of {label} along axis 1, in order");
            steps.Add(first!);
            return concatIndex;
        }

        int SkipConstants(IList<NodeProto> nodes, int at)
        {
            for (; at < nodes.Count && nodes[at].OpType == "Constant"; at++) _constants.Define(nodes[at], Label(nodes[at], at));
            return at;
        }

        GraphStep Pool(NodeProto node, string label)
        {
            var kernel = Ints(node, "kernel_shape");
            var strides = Ints(node, "strides");
            var pads = Ints(node, "pads");
            if (pads.Any(p => p != 0)) throw Fail($"{label} pads by {string.Join(",", pads)}; AlexNet's pools do not pad");
            if (IntAttr(node, "ceil_mode", 0) != 0) throw Fail($"{label} uses ceil_mode; AlexNet's pools round down");
            if (Ints(node, "dilations").Any(d => d != 1)) throw Fail($"{label} has dilations; AlexNet's pools have none");
            if (node.Output.Count > 1 && node.Output[1] != "") throw Fail($"{label} also outputs indices; not supported");
            return new GraphStep
            {
                Op = GraphOp.Pool, Node = label,
                Kernel = Square(kernel, label, "kernel_shape"),
                Stride = strides.Length == 0 ? 1 : Square(strides, label, "strides"),
            };
        }

        // torchvision's AdaptiveAvgPool2d((6, 6)) on a 6x6 map exports as a 1x1 average pool: the identity.
        void IdentityAveragePool(NodeProto node, string label)
        {
            var kernel = Ints(node, "kernel_shape");
            var strides = Ints(node, "strides");
            var pads = Ints(node, "pads");
            if (kernel.Any(k => k != 1) || strides.Any(s => s != 1) || pads.Any(p => p != 0))
                throw Fail($"{label} averages over {string.Join("x", kernel)} windows; only the identity 1x1 average pool (torchvision's adaptive pool at 224 input) is supported");
        }

        void Reshape(NodeProto node, string label)
        {
            if (node.Input.Count < 2) throw Fail($"{label} has no shape input");
            var shape = _constants.Int64s(node, 1, label);
            if (shape.Length != 2 || (shape[0] != 0 && shape[0] != -1 && shape[0] != 1 && shape[1] != -1))
                throw Fail($"{label} reshapes to [{string.Join(",", shape)}]; only flattening to [batch, features] is supported");
        }

        GraphStep Gemm(NodeProto node, string label)
        {
            if (FloatAttr(node, "alpha", 1f) != 1f || FloatAttr(node, "beta", 1f) != 1f)
                throw Fail($"{label} scales by alpha/beta other than 1; not supported");
            if (IntAttr(node, "transA", 0) != 0) throw Fail($"{label} transposes its input (transA); not supported");
            var (w, dims) = _constants.Tensor(node, 1, label, "weight");
            if (dims.Length != 2) throw Fail($"{label} weight has {dims.Length} dimensions; a fully connected layer's has 2");
            var step = new GraphStep { Op = GraphOp.Fc, Node = label, Weight = w, WeightDims = dims, WeightIsInputMajor = IntAttr(node, "transB", 0) == 0 };
            if (node.Input.Count > 2 && node.Input[2] != "") step.BiasData = _constants.Tensor(node, 2, label, "bias").data;
            return step;
        }

        // MatMul(x, W[in, out]) optionally followed by Add(., b): the other exporters' fully connected layer.
        GraphStep MatMul(IList<NodeProto> nodes, ref int i, string label)
        {
            var node = nodes[i];
            var (w, dims) = _constants.Tensor(node, 1, label, "weight");
            if (dims.Length != 2) throw Fail($"{label} weight has {dims.Length} dimensions; a fully connected layer's has 2");
            var step = new GraphStep { Op = GraphOp.Fc, Node = label, Weight = w, WeightDims = dims, WeightIsInputMajor = true };
            if (i + 1 < nodes.Count && nodes[i + 1].OpType == "Add" && nodes[i + 1].Input.Count == 2)
            {
                var add = nodes[i + 1];
                string output = OutputOf(node, label);
                int other = add.Input[0] == output ? 1 : add.Input[1] == output ? 0 : -1;
                if (other >= 0 && _constants.Contains(add.Input[other]))
                {
                    step.BiasData = _constants.Tensor(add, other, Label(add, i + 1), "bias").data;
                    i++;
                }
            }
            return step;
        }

        NetworkSpec BuildSpec(List<GraphStep> steps, int inputSize)
        {
            var convs = steps.Where(s => s.Op == GraphOp.Conv).ToList();
            var lrns = steps.Where(s => s.Op == GraphOp.Lrn).ToList();
            var pools = steps.Where(s => s.Op == GraphOp.Pool).ToList();
            var fcs = steps.Where(s => s.Op == GraphOp.Fc).ToList();
            bool lrn = lrns.Count > 0;
            // One non-linearity throughout: the first one found (ReLU or tanh) is the one every hidden layer must have.
            var first = steps.FirstOrDefault(s => s.Op == GraphOp.Relu || s.Op == GraphOp.Tanh);
            var a = first?.Op ?? GraphOp.Relu;
            var activation = a == GraphOp.Tanh ? Activation.Tanh : Activation.Relu;
            var other = a == GraphOp.Tanh ? GraphOp.Relu : GraphOp.Tanh;
            var mixed = steps.FirstOrDefault(s => s.Op == other);
            if (mixed != null) throw Fail($"{mixed.Node} is a {other} but {first!.Node} is a {a}; Sightline's AlexNet uses one non-linearity (ReLU or tanh) after every hidden layer");
            // The order AlexNet has: C A [L] P C A [L] P C A C A C A P F (G A){2} G, A the activation.
            var expected = new List<GraphOp> { GraphOp.Conv, a };
            if (lrn) expected.Add(GraphOp.Lrn);
            expected.AddRange(new[] { GraphOp.Pool, GraphOp.Conv, a });
            if (lrn) expected.Add(GraphOp.Lrn);
            expected.AddRange(new[] { GraphOp.Pool, GraphOp.Conv, a, GraphOp.Conv, a, GraphOp.Conv, a, GraphOp.Pool, GraphOp.Flatten, GraphOp.Fc, a, GraphOp.Fc, a, GraphOp.Fc });
            for (int i = 0; i < Math.Max(expected.Count, steps.Count); i++)
            {
                if (i < steps.Count && i < expected.Count && steps[i].Op == expected[i]) continue;
                if (i >= steps.Count) throw Fail($"the graph ends after {steps[steps.Count - 1].Node}, where AlexNet continues with {expected[i]}");
                if (i >= expected.Count) throw Fail($"{steps[i].Node} comes after AlexNet's last layer (fc8)");
                throw Fail($"{steps[i].Node} is a {steps[i].Op} where AlexNet has a {expected[i]} (layer {i + 1} of the chain)");
            }

            for (int c = 0; c < 5; c++)
            {
                var (k, s, p) = ConvGeometry[c];
                var conv = convs[c];
                if (conv.Kernel != k || conv.Stride != s || conv.Pad != p)
                    throw Fail($"{conv.Node} is a {conv.Kernel}x{conv.Kernel} convolution with stride {conv.Stride} and pad {conv.Pad}; AlexNet's conv{c + 1} is {k}x{k}, stride {s}, pad {p}");
            }
            long towers = convs[1].Groups;
            if (convs[0].Groups != 1 || convs[2].Groups != 1)
                throw Fail($"{(convs[0].Groups != 1 ? convs[0].Node : convs[2].Node)} is grouped; AlexNet's conv1 and conv3 see both towers");
            if (towers != 1 && towers != 2) throw Fail($"{convs[1].Node} has {towers} groups; AlexNet has one or two towers");
            foreach (int c in new[] { 3, 4 })
                if (convs[c].Groups != towers) throw Fail($"{convs[c].Node} has {convs[c].Groups} groups but conv2 has {towers}");
            // A two-tower network's LRN either stays inside each tower (split, LRN, concat: the paper's) or spans all
            // channels (one LRN): different networks, imported each as what it is (NetworkSpec.LrnAcrossTowers).
            bool across = towers == 2 && lrns.Count > 0 && lrns[0].Groups == 1;
            foreach (var l in lrns)
            {
                if (l.Groups != 1 && l.Groups != towers) throw Fail($"{l.Node} normalises within {l.Groups} channel groups but the network has {towers} towers");
                if (l.Groups != lrns[0].Groups)
                    throw Fail($"{l.Node} normalises within {l.Groups} channel group{(l.Groups == 1 ? "" : "s")} but {lrns[0].Node} within {lrns[0].Groups}; Sightline's AlexNet normalises every LRN layer alike (per tower, or across both towers)");
                if (l.Size != 5 || !Near(l.Alpha, 1e-4f) || !Near(l.Beta, 0.75f) || !Near(l.Bias, 2f))
                    throw Fail($"{l.Node} has LRN size {l.Size}, alpha {l.Alpha}, beta {l.Beta}, bias {l.Bias}; Sightline's AlexNet uses 5, 1e-4, 0.75, 2 (Documentation~/network.md)");
            }
            long poolKernel = pools[0].Kernel;
            foreach (var pool in pools)
                if (pool.Stride != 2 || pool.Kernel != poolKernel || (poolKernel != 3 && poolKernel != 2))
                    throw Fail($"{pool.Node} is a {pool.Kernel}x{pool.Kernel} pool with stride {pool.Stride}; AlexNet pools 3x3 (or 2x2 in the ablation) with stride 2, the same everywhere");

            var widths = new int[NetworkSpec.WidthCount];
            for (int c = 0; c < 5; c++) widths[c] = (int)convs[c].WeightDims[0];
            for (int f = 0; f < 2; f++) widths[5 + f] = FcOut(fcs[f]);
            int classes = FcOut(fcs[2]);

            NetworkSpec derived;
            try
            {
                bool torchvision = activation == Activation.Relu && towers == 1 && !lrn && poolKernel == 3 && inputSize == 224 && widths.SequenceEqual(new[] { 64, 192, 384, 256, 256, 4096, 4096 });
                derived = new NetworkSpec(torchvision ? NetworkSpec.TorchvisionPreset : "imported", classes, inputSize, widths, (int)towers, lrn, poolKernel == 3, activation: activation, lrnAcrossTowers: across);
            }
            catch (SpecException e)
            {
                throw Fail($"does not describe a buildable AlexNet: {e.Message}");
            }
            if (!_metadata.TryGetValue(OnnxMetadata.SpecKey, out var specText)) return derived;

            NetworkSpec stated;
            try { stated = OnnxMetadata.ParseSpec(specText); }
            catch (Exception e) when (e is FormatException || e is ArgumentException || e is OverflowException)
            {
                throw Fail($"has unreadable {OnnxMetadata.SpecKey} metadata '{specText}': {e.Message}");
            }
            if (stated.ParameterCount != derived.ParameterCount || stated.Classes != derived.Classes || stated.InputSize != derived.InputSize ||
                stated.Towers != derived.Towers || stated.LocalResponseNorm != derived.LocalResponseNorm || stated.OverlappingPooling != derived.OverlappingPooling ||
                stated.Activation != derived.Activation || stated.LrnAcrossTowers != derived.LrnAcrossTowers)
                throw Fail($"says its network is {stated} but its graph is {derived}");
            for (int i = 0; i < stated.Layers.Count; i++)
                if (stated.Layers[i].Output != derived.Layers[i].Output)
                    throw Fail($"says its network is {stated} but its {derived.Layers[i].Name} outputs {derived.Layers[i].Output}, not {stated.Layers[i].Output}");
            return stated;
        }

        static int FcOut(GraphStep fc) => (int)(fc.WeightIsInputMajor ? fc.WeightDims[1] : fc.WeightDims[0]);

        long Square(long[] values, string label, string attribute)
        {
            if (values.Length != 2 || values[0] != values[1]) throw Fail($"{label} {attribute} is [{string.Join(",", values)}]; AlexNet's are square 2-D");
            return values[0];
        }

        long Same(long[] values, string label, string attribute)
        {
            if (values.Length != 4 || values.Any(v => v != values[0])) throw Fail($"{label} {attribute} is [{string.Join(",", values)}]; AlexNet pads all four sides equally");
            return values[0];
        }

        static bool Near(float a, float b) => Math.Abs(a - b) <= 1e-6f * Math.Max(1f, Math.Abs(b));

        // A damaged file can hold a node without outputs; indexing Output[0] then threw ArgumentOutOfRangeException (found by fuzzing).
        string OutputOf(NodeProto node, string label)
        {
            if (node.Output.Count == 0 || node.Output[0] == "") throw Fail($"{label} has no output");
            return node.Output[0];
        }

        OnnxImportException Fail(string message) => new OnnxImportException($"{_source}: {message}");
    }
}
