using System;
using System.Collections.Generic;
using System.Linq;
using Google.Protobuf;
using Sightline.Onnx.Proto;
using static Sightline.Onnx.NodeAttributes;

namespace Sightline.Onnx
{
    /// <summary>
    /// Recognises the subgraph torch.onnx writes for nn.LocalResponseNorm (PyTorch 1.13 and 2.x have no LRN symbolic):
    /// Mul(x, x), Unsqueeze(axis 1), Reshape to [N, 1, C, H, W], Pad of the channel axis by size/2 before and
    /// (size - 1)/2 after, AveragePool [size, 1, 1], Squeeze of axis 1 (an If on the pooled shape, either branch),
    /// Reshape to x's shape, Mul(alpha), Add(k), Pow(beta), Div(x, .). That is ONNX LRN exactly: the average pool
    /// divides the zero-padded window sum by size, as LRN's alpha / size does. The Shape/Gather/Unsqueeze/Concat/Slice/
    /// Transpose/Cast/ConstantOfShape plumbing that computes the Reshape targets and the pads is folded: pads to their
    /// values, and x's shape to placeholders for its dimensions, so a Reshape target is checked to be x's own shape
    /// whatever the batch and image size. Any node of the region that does not fit is refused by name.
    /// </summary>
    internal sealed class DecomposedLrn
    {
        // Placeholders for x's dimensions (known only at run time); far from any real size and from INT64_MIN, which
        // torch uses as an open Slice end.
        const long DimensionPlaceholder = long.MinValue / 2;

        enum Stage { Squared, Unsqueezed, Reshaped, Pooled, Squeezed, Restored, Scaled, Shifted, Powered }

        sealed class Ints
        {
            public long[] Values = Array.Empty<long>();
            public long[] Dims = Array.Empty<long>();
        }

        static readonly HashSet<string> Plumbing = new HashSet<string>(StringComparer.Ordinal)
        {
            "Shape", "Gather", "Unsqueeze", "Concat", "ConstantOfShape", "Reshape", "Slice", "Transpose", "Cast", "Equal",
            "Add", "Sub", "Mul", "Div", "Squeeze", "Identity",
        };

        readonly GraphConstants _constants;
        readonly Func<string, OnnxImportException> _fail;

        public DecomposedLrn(GraphConstants constants, Func<string, OnnxImportException> fail)
        {
            _constants = constants;
            _fail = fail;
        }

        public static bool Starts(NodeProto node, string x) =>
            node.OpType == "Mul" && node.Input.Count == 2 && node.Input[0] == x && node.Input[1] == x && node.Output.Count == 1;

        /// <summary>nodes[start] is Mul(x, x); returns the index of the pattern's closing Div(x, .).</summary>
        public int Match(IList<NodeProto> nodes, int start, string x, long groups, out GraphStep step)
        {
            string begin = Label(nodes[start], start);
            string data = nodes[start].Output[0];
            var stage = Stage.Squared;
            var folded = new Dictionary<string, Ints>(StringComparer.Ordinal);
            var unknown = new HashSet<string>(StringComparer.Ordinal); // plumbing whose value only exists at run time
            long size = 0, padBefore = 0, padAfter = 0;
            float alpha = 0, bias = 0, beta = 0;
            string Where(string label) => $"{label}, inside what {begin} starts as torch's decomposed LocalResponseNorm of '{x}',";

            for (int i = start + 1; i < nodes.Count; i++)
            {
                var node = nodes[i];
                string label = Label(node, i);
                if (node.OpType == "Constant")
                {
                    _constants.Define(node, label);
                    continue;
                }
                if (node.Output.Count != 1 || node.Output[0] == "") throw _fail($"{Where(label)} has {node.Output.Count} outputs; the pattern's nodes have one");
                string output = node.Output[0];
                bool readsX = node.Input.Contains(x), readsData = node.Input.Contains(data);

                if (node.OpType == "Shape" && node.Input.Count == 1 && (readsX || readsData))
                {
                    if (readsX && node.Attribute.Count == 0)
                        folded[output] = new Ints { Values = Enumerable.Range(0, 4).Select(d => DimensionPlaceholder + d).ToArray(), Dims = new long[] { 4 } };
                    else unknown.Add(output);
                    continue;
                }
                if (readsX && node.OpType != "Div")
                    throw _fail($"{Where(label)} reads '{x}' where the pattern only squares it, takes its shape and finally divides it");

                if (readsData || (node.OpType == "If" && stage == Stage.Pooled))
                {
                    string expected = Expected(stage);
                    switch (stage)
                    {
                        case Stage.Squared when node.OpType == "Unsqueeze" && node.Input[0] == data && Axes(node, 1, folded, label).SequenceEqual(new long[] { 1 }):
                            stage = Stage.Unsqueezed;
                            break;
                        case Stage.Unsqueezed when node.OpType == "Reshape" && node.Input.Count == 2 && node.Input[0] == data:
                            RequireShape(node, folded, new[] { DimensionPlaceholder, 1, DimensionPlaceholder + 1, DimensionPlaceholder + 2, DimensionPlaceholder + 3 }, label, Where(label));
                            stage = Stage.Reshaped;
                            break;
                        case Stage.Reshaped when node.OpType == "Pad" && node.Input[0] == data:
                            var pads = Pads(node, folded, label, Where(label));
                            for (int p = 0; p < 10; p++)
                                if (p != 2 && p != 7 && pads[p] != 0)
                                    throw _fail($"{Where(label)} pads [{string.Join(",", pads)}]; the pattern pads only the channel axis");
                            padBefore += pads[2];
                            padAfter += pads[7];
                            break;
                        case Stage.Reshaped when node.OpType == "AveragePool" && node.Input[0] == data:
                            size = PoolSize(node, label, Where(label));
                            stage = Stage.Pooled;
                            break;
                        case Stage.Pooled when node.OpType == "If":
                            RequireSqueezeBranches(node, data, label, Where(label));
                            stage = Stage.Squeezed;
                            break;
                        case Stage.Pooled when node.OpType == "Squeeze" && node.Input[0] == data && Axes(node, 1, folded, label).SequenceEqual(new long[] { 1 }):
                            stage = Stage.Squeezed;
                            break;
                        case Stage.Squeezed when node.OpType == "Reshape" && node.Input.Count == 2 && node.Input[0] == data:
                            RequireShape(node, folded, new[] { DimensionPlaceholder, DimensionPlaceholder + 1, DimensionPlaceholder + 2, DimensionPlaceholder + 3 }, label, Where(label));
                            stage = Stage.Restored;
                            break;
                        case Stage.Restored when node.OpType == "Mul":
                            alpha = Scalar(node, data, label, Where(label), "alpha");
                            stage = Stage.Scaled;
                            break;
                        case Stage.Scaled when node.OpType == "Add":
                            bias = Scalar(node, data, label, Where(label), "k");
                            stage = Stage.Shifted;
                            break;
                        case Stage.Shifted when node.OpType == "Pow" && node.Input.Count == 2 && node.Input[0] == data:
                            beta = Scalar(node, data, label, Where(label), "beta");
                            stage = Stage.Powered;
                            break;
                        case Stage.Powered when node.OpType == "Div" && node.Input.Count == 2 && node.Input[0] == x && node.Input[1] == data:
                            if (padBefore != size / 2 || padAfter != (size - 1) / 2)
                                throw _fail($"{begin} starts torch's decomposed LocalResponseNorm of size {size}, but its channels are padded by {padBefore} before and {padAfter} after instead of {size / 2} and {(size - 1) / 2}");
                            step = new GraphStep
                            {
                                Op = GraphOp.Lrn, Node = $"{begin} to {label} (torch's decomposed LocalResponseNorm)", Groups = groups,
                                Size = size, Alpha = alpha, Beta = beta, Bias = bias,
                            };
                            return i;
                        default:
                            throw _fail($"{Where(label)} is a {node.OpType} where the pattern has {expected}: only torch.onnx's LocalResponseNorm subgraph is recognised");
                    }
                    data = output;
                    continue;
                }

                if (!Plumbing.Contains(node.OpType))
                    throw _fail($"{Where(label)} uses operator '{node.OpType}', which is not part of the pattern (next: {Expected(stage)})");
                foreach (var input in node.Input)
                    if (input != "" && !folded.ContainsKey(input) && !unknown.Contains(input) && !_constants.Contains(input))
                        throw _fail($"{Where(label)} reads '{input}', which comes from outside the pattern");
                var value = Fold(node, folded);
                if (value == null) unknown.Add(output);
                else folded[output] = value;
            }
            throw _fail($"{begin} squares '{x}' as torch's decomposed LocalResponseNorm begins, but the graph ends before the pattern's {Expected(stage)}");
        }

        static string Expected(Stage stage)
        {
            switch (stage)
            {
                case Stage.Squared: return "Unsqueeze(axis 1) of the square";
                case Stage.Unsqueezed: return "Reshape to [N, 1, C, H, W]";
                case Stage.Reshaped: return "Pad of the channels or AveragePool [size, 1, 1]";
                case Stage.Pooled: return "Squeeze of axis 1 (or an If that squeezes it)";
                case Stage.Squeezed: return "Reshape back to the input's shape";
                case Stage.Restored: return "Mul by the constant alpha";
                case Stage.Scaled: return "Add of the constant k";
                case Stage.Shifted: return "Pow by the constant beta";
                default: return "Div of the input by the normaliser";
            }
        }

        long[] Axes(NodeProto node, int index, Dictionary<string, Ints> folded, string label)
        {
            if (node.Input.Count > index && node.Input[index] != "")
                return Value(node.Input[index], folded)?.Values ?? throw _fail($"{label} has axes that are not constant");
            return Ints(node, "axes");
        }

        void RequireShape(NodeProto node, Dictionary<string, Ints> folded, long[] expected, string label, string where)
        {
            var target = Value(node.Input[1], folded)?.Values ?? throw _fail($"{where} reshapes to a shape that does not fold to a constant");
            bool ok = target.Length == expected.Length && target.Count(t => t == -1) <= 1;
            for (int d = 0; ok && d < target.Length; d++) ok = target[d] == expected[d] || target[d] == -1;
            if (!ok) throw _fail($"{where} reshapes to [{Describe(target)}] instead of [{Describe(expected)}]");
        }

        long[] Pads(NodeProto node, Dictionary<string, Ints> folded, string label, string where)
        {
            string mode = StringAttr(node, "mode");
            if (mode != "" && mode != "constant") throw _fail($"{where} pads in mode '{mode}'; the pattern pads with zeros");
            if (node.Input.Count > 2 && node.Input[2] != "")
            {
                var (fill, _) = _constants.Tensor(node, 2, label, "constant_value");
                if (fill.Any(v => v != 0f)) throw _fail($"{where} pads with {fill[0]}; the pattern pads with zeros");
            }
            var pads = node.Input.Count > 1 && node.Input[1] != ""
                ? Value(node.Input[1], folded)?.Values ?? throw _fail($"{where} has pads that do not fold to constants")
                : Ints(node, "pads");
            if (pads.Length != 10) throw _fail($"{where} has {pads.Length} pads; the pattern pads a 5-D tensor (10)");
            return pads;
        }

        long PoolSize(NodeProto node, string label, string where)
        {
            var kernel = Ints(node, "kernel_shape");
            if (kernel.Length != 3 || kernel[0] < 1 || kernel[1] != 1 || kernel[2] != 1)
                throw _fail($"{where} averages over [{string.Join(",", kernel)}]; the pattern averages over [size, 1, 1]");
            var autoPad = StringAttr(node, "auto_pad");
            if (Ints(node, "strides").Any(s => s != 1) || Ints(node, "pads").Any(p => p != 0) || IntAttr(node, "ceil_mode", 0) != 0 ||
                (autoPad != "" && autoPad != "NOTSET"))
                throw _fail($"{where} strides, pads or rounds; the pattern's average pool does none of these");
            return kernel[0];
        }

        // The If torch writes around Squeeze: its condition is the pooled tensor's axis 1 being 1 (always, here), and
        // either branch (Squeeze of axis 1, or Identity) gives the same values, which the next Reshape lays out as x.
        void RequireSqueezeBranches(NodeProto node, string data, string label, string where)
        {
            foreach (var name in new[] { "then_branch", "else_branch" })
            {
                var attribute = node.Attribute.FirstOrDefault(a => a.Name == name);
                var branch = attribute == null ? null : GraphOf(attribute);
                if (branch == null) throw _fail($"{where} has no readable {name}");
                var work = branch.Node.Where(n => n.OpType != "Constant").ToList();
                var constants = branch.Node.Where(n => n.OpType == "Constant").ToDictionary(n => n.Output.Count == 1 ? n.Output[0] : "", n => n);
                bool ok = work.Count == 1 && work[0].Input.Count >= 1 && work[0].Input[0] == data && branch.Output.Count == 1 && work[0].Output.Count == 1 &&
                          work[0].Output[0] == branch.Output[0].Name;
                if (ok && work[0].OpType == "Squeeze")
                {
                    long[] axes = Ints(work[0], "axes");
                    if (work[0].Input.Count > 1 && constants.TryGetValue(work[0].Input[1], out var c))
                    {
                        var t = c.Attribute.FirstOrDefault(a => a.Name == "value")?.T;
                        axes = t == null ? Array.Empty<long>() : Int64Values(t);
                    }
                    ok = axes.SequenceEqual(new long[] { 1 });
                }
                else ok = ok && work[0].OpType == "Identity";
                if (!ok) throw _fail($"{where} has a {name} that is not Squeeze(axis 1) or Identity of '{data}'");
            }
        }

        // The subset of onnx.proto compiled here has no AttributeProto.g; protobuf keeps it as an unknown field (6, bytes).
        static GraphProto? GraphOf(AttributeProto attribute)
        {
            try
            {
                var input = new CodedInputStream(attribute.ToByteArray());
                uint tag;
                while ((tag = input.ReadTag()) != 0)
                {
                    if (tag == ((6u << 3) | 2u)) return GraphProto.Parser.ParseFrom(input.ReadBytes());
                    input.SkipLastField();
                }
            }
            catch (InvalidProtocolBufferException)
            {
            }
            return null;
        }

        float Scalar(NodeProto node, string data, string label, string where, string role)
        {
            if (node.Input.Count != 2) throw _fail($"{where} has {node.Input.Count} inputs");
            int other = node.Input[0] == data ? 1 : 0;
            if (node.OpType == "Pow" && other != 1) throw _fail($"{where} raises a constant to the normaliser; the pattern raises the normaliser to beta");
            if (!_constants.Contains(node.Input[other])) throw _fail($"{where} {role} '{node.Input[other]}' is not a constant");
            var (values, _) = _constants.Tensor(node, other, label, role);
            if (values.Length != 1) throw _fail($"{where} {role} has {values.Length} values; the pattern's is one scalar");
            return values[0];
        }

        Ints? Value(string name, Dictionary<string, Ints> folded)
        {
            if (folded.TryGetValue(name, out var value)) return value;
            var tensor = _constants.Find(name);
            if (tensor == null || tensor.DataType != (int)TensorProto.Types.DataType.Int64) return null;
            return new Ints { Values = Int64Values(tensor), Dims = tensor.Dims.ToArray() };
        }

        static long[] Int64Values(TensorProto tensor) =>
            tensor.HasRawData ? GraphConstants.Int64FromRaw(tensor.RawData.ToByteArray()) : tensor.Int64Data.ToArray();

        // Evaluates int64 shape arithmetic; null where a value depends on a tensor only known at run time.
        Ints? Fold(NodeProto node, Dictionary<string, Ints> folded)
        {
            var inputs = node.Input.Select(n => n == "" ? null : Value(n, folded)).ToList();
            if (inputs.Count == 0 || inputs[0] == null) return null;
            var a = inputs[0]!;
            bool placeholders = a.Values.Any(IsPlaceholder);
            switch (node.OpType)
            {
                case "Gather":
                {
                    if (inputs.Count < 2 || inputs[1] == null || a.Dims.Length != 1 || IntAttr(node, "axis", 0) != 0) return null;
                    var idx = inputs[1]!;
                    var values = new long[idx.Values.Length];
                    for (int k = 0; k < values.Length; k++)
                    {
                        long j = idx.Values[k] < 0 ? idx.Values[k] + a.Values.Length : idx.Values[k];
                        if (j < 0 || j >= a.Values.Length) return null;
                        values[k] = a.Values[j];
                    }
                    return new Ints { Values = values, Dims = idx.Dims };
                }
                case "Unsqueeze":
                {
                    var axes = inputs.Count > 1 && inputs[1] != null ? inputs[1]!.Values : Ints(node, "axes");
                    var dims = a.Dims.ToList();
                    foreach (var axis in axes.Select(v => v < 0 ? v + a.Dims.Length + axes.Length : v).OrderBy(v => v))
                    {
                        if (axis < 0 || axis > dims.Count) return null;
                        dims.Insert((int)axis, 1);
                    }
                    return new Ints { Values = a.Values, Dims = dims.ToArray() };
                }
                case "Concat":
                {
                    if (inputs.Any(v => v == null || v.Dims.Length != 1) || IntAttr(node, "axis", 0) != 0) return null;
                    var values = inputs.SelectMany(v => v!.Values).ToArray();
                    return new Ints { Values = values, Dims = new long[] { values.Length } };
                }
                case "ConstantOfShape":
                {
                    if (placeholders || a.Values.Any(v => v < 0) || a.Values.Aggregate(1L, (p, v) => p * v) > 64) return null;
                    var t = node.Attribute.FirstOrDefault(x => x.Name == "value")?.T;
                    long fill = 0;
                    if (t != null)
                    {
                        if (t.DataType != (int)TensorProto.Types.DataType.Int64) return null;
                        var v = Int64Values(t);
                        if (v.Length != 1) return null;
                        fill = v[0];
                    }
                    long count = a.Values.Aggregate(1L, (p, v) => p * v);
                    return new Ints { Values = Enumerable.Repeat(fill, (int)count).ToArray(), Dims = a.Values };
                }
                case "Reshape":
                {
                    if (inputs.Count < 2 || inputs[1] == null) return null;
                    var shape = inputs[1]!.Values.ToArray();
                    if (shape.Any(v => v < -1) || shape.Count(v => v == -1) > 1) return null;
                    for (int d = 0; d < shape.Length; d++)
                        if (shape[d] == 0)
                        {
                            if (d >= a.Dims.Length) return null;
                            shape[d] = a.Dims[d];
                        }
                    long known = shape.Where(v => v != -1).Aggregate(1L, (p, v) => p * v);
                    if (known == 0) return null;
                    for (int d = 0; d < shape.Length; d++)
                        if (shape[d] == -1) shape[d] = a.Values.Length / known;
                    if (shape.Aggregate(1L, (p, v) => p * v) != a.Values.Length) return null;
                    return new Ints { Values = a.Values, Dims = shape };
                }
                case "Slice":
                {
                    // Rows of a 1-D or 2-D int tensor along axis 0 (torch reverses its [dims, 2] pad pairs this way).
                    if (inputs.Count < 3 || inputs[1] == null || inputs[2] == null || a.Dims.Length < 1 || a.Dims.Length > 2) return null;
                    if (inputs.Count > 3 && (inputs[3] == null || inputs[3]!.Values.Length != 1 || (inputs[3]!.Values[0] != 0 && inputs[3]!.Values[0] != -a.Dims.Length))) return null;
                    long step = inputs.Count > 4 ? inputs[4]?.Values.FirstOrDefault() ?? 0 : 1;
                    if (step == 0 || inputs[1]!.Values.Length != 1 || inputs[2]!.Values.Length != 1) return null;
                    long rows = a.Dims[0], width = a.Dims.Length == 2 ? a.Dims[1] : 1;
                    long startAt = Clamp(inputs[1]!.Values[0], rows, step), end = Clamp(inputs[2]!.Values[0], rows, step);
                    var picked = new List<long>();
                    for (long r = startAt; step > 0 ? r < end : r > end; r += step)
                        for (long c = 0; c < width; c++) picked.Add(a.Values[r * width + c]);
                    long count = picked.Count / width;
                    return new Ints { Values = picked.ToArray(), Dims = a.Dims.Length == 2 ? new[] { count, width } : new[] { count } };
                }
                case "Transpose":
                {
                    if (a.Dims.Length == 1) return a;
                    var perm = Ints(node, "perm");
                    if (a.Dims.Length != 2 || (perm.Length != 0 && !perm.SequenceEqual(new long[] { 1, 0 }))) return null;
                    long rows = a.Dims[0], cols = a.Dims[1];
                    var values = new long[a.Values.Length];
                    for (long r = 0; r < rows; r++)
                        for (long c = 0; c < cols; c++) values[c * rows + r] = a.Values[r * cols + c];
                    return new Ints { Values = values, Dims = new[] { cols, rows } };
                }
                case "Cast":
                    return IntAttr(node, "to", 0) == (long)TensorProto.Types.DataType.Int64 ? a : null;
                case "Identity":
                    return a;
                case "Add":
                case "Sub":
                case "Mul":
                case "Div":
                {
                    if (inputs.Count != 2 || inputs[1] == null) return null;
                    var b = inputs[1]!;
                    if (placeholders || b.Values.Any(IsPlaceholder)) return null;
                    if (b.Values.Length != 1 && b.Values.Length != a.Values.Length) return null;
                    var values = new long[a.Values.Length];
                    for (int k = 0; k < values.Length; k++)
                    {
                        long y = b.Values[b.Values.Length == 1 ? 0 : k];
                        if (node.OpType == "Div" && y == 0) return null;
                        values[k] = node.OpType == "Add" ? a.Values[k] + y : node.OpType == "Sub" ? a.Values[k] - y : node.OpType == "Mul" ? a.Values[k] * y : a.Values[k] / y;
                    }
                    return new Ints { Values = values, Dims = a.Dims };
                }
                default:
                    return null;
            }
        }

        static long Clamp(long index, long length, long step)
        {
            if (index < 0) index += length;
            return step > 0 ? Math.Max(0, Math.Min(length, index)) : Math.Max(-1, Math.Min(length - 1, index));
        }

        static bool IsPlaceholder(long v) => v >= DimensionPlaceholder && v < DimensionPlaceholder + 4;

        static string Describe(long[] shape) =>
            string.Join(", ", shape.Select(v => IsPlaceholder(v) ? "NCHW"[(int)(v - DimensionPlaceholder)].ToString() : v.ToString()));
    }
}
