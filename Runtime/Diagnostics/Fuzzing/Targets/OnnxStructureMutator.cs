using System.Collections.Generic;
using Sightline.Onnx.Proto;
using Sightline.Randomness;

namespace Sightline.Onnx
{
    /// <summary>
    /// Damage at the level of the ONNX graph rather than its bytes: byte mutations of a protobuf mostly hit the
    /// weights (accepted) or break the encoding (refused by the parser), and rarely reach the graph reader's checks.
    /// These keep the protobuf valid and break the model: nodes removed, swapped or emptied, operators renamed,
    /// attributes, dimensions and metadata set to extreme values, initializers dropped.
    /// </summary>
    static class OnnxStructureMutator
    {
        static readonly long[] ExtremeLongs = { 0, -1, 1, 2, 3, int.MaxValue, (long)int.MaxValue + 1, long.MaxValue, long.MinValue };
        static readonly string[] Operators = { "Conv", "Relu", "LRN", "Split", "Concat", "MaxPool", "AveragePool", "Dropout", "Identity", "Flatten", "Reshape", "Gemm", "MatMul", "Add", "Constant", "Softmax", "" };
        static readonly string[] MetadataValues = { "", "-1", "0", "99999999999", "NaN", "1e40", "a\nb", ",,,", "3,3,3", "1,2" };

        public static void Mutate(ModelProto model, SeededRandom random, List<string> log)
        {
            var graph = model.Graph;
            if (graph == null) return;
            var nodes = graph.Node;
            switch (random.NextInt(10))
            {
                case 0:
                    if (nodes.Count == 0) return;
                    int remove = random.NextInt(nodes.Count);
                    log.Add($"remove node {remove}");
                    nodes.RemoveAt(remove);
                    break;
                case 1:
                    if (nodes.Count < 2) return;
                    int a = random.NextInt(nodes.Count), b = random.NextInt(nodes.Count);
                    log.Add($"swap nodes {a} and {b}");
                    var tmp = nodes[a];
                    nodes[a] = nodes[b];
                    nodes[b] = tmp;
                    break;
                case 2:
                    if (nodes.Count == 0) return;
                    var emptied = nodes[random.NextInt(nodes.Count)];
                    bool inputs = random.NextBool();
                    log.Add($"clear the {(inputs ? "inputs" : "outputs")} of {emptied.Name}");
                    if (inputs) emptied.Input.Clear();
                    else emptied.Output.Clear();
                    break;
                case 3:
                    if (nodes.Count == 0) return;
                    var renamed = nodes[random.NextInt(nodes.Count)];
                    string op = Operators[random.NextInt(Operators.Length)];
                    log.Add($"make {renamed.Name} a '{op}'");
                    renamed.OpType = op;
                    break;
                case 4:
                {
                    var attributes = new List<AttributeProto>();
                    foreach (var node in nodes) attributes.AddRange(node.Attribute);
                    if (attributes.Count == 0) return;
                    var attribute = attributes[random.NextInt(attributes.Count)];
                    long value = ExtremeLongs[random.NextInt(ExtremeLongs.Length)];
                    log.Add($"set attribute {attribute.Name} to {value}");
                    attribute.I = value;
                    attribute.F = random.NextBool() ? float.NaN : value;
                    for (int i = 0; i < attribute.Ints.Count; i++)
                        if (random.NextBool()) attribute.Ints[i] = value;
                    if (random.NextInt(4) == 0) attribute.Ints.Add(value);
                    break;
                }
                case 5:
                {
                    if (graph.Initializer.Count == 0) return;
                    var tensor = graph.Initializer[random.NextInt(graph.Initializer.Count)];
                    long value = ExtremeLongs[random.NextInt(ExtremeLongs.Length)];
                    int which = random.NextInt(tensor.Dims.Count + 1);
                    log.Add($"set dimension {which} of {tensor.Name} to {value}");
                    if (which == tensor.Dims.Count) tensor.Dims.Add(value);
                    else tensor.Dims[which] = value;
                    break;
                }
                case 6:
                {
                    if (graph.Initializer.Count == 0) return;
                    int drop = random.NextInt(graph.Initializer.Count);
                    log.Add($"drop initializer {graph.Initializer[drop].Name}");
                    graph.Initializer.RemoveAt(drop);
                    break;
                }
                case 7:
                {
                    if (graph.Input.Count == 0) return;
                    var dims = graph.Input[random.NextInt(graph.Input.Count)].Type?.TensorType?.Shape?.Dim;
                    if (dims == null || dims.Count == 0) return;
                    int which = random.NextInt(dims.Count);
                    long value = ExtremeLongs[random.NextInt(ExtremeLongs.Length)];
                    log.Add($"set input dimension {which} to {value}");
                    if (random.NextInt(4) == 0) dims[which].ClearDimValue();
                    else dims[which].DimValue = value;
                    break;
                }
                case 8:
                {
                    if (model.MetadataProps.Count == 0) return;
                    var entry = model.MetadataProps[random.NextInt(model.MetadataProps.Count)];
                    string value = MetadataValues[random.NextInt(MetadataValues.Length)];
                    log.Add($"set metadata {entry.Key} to '{value}'");
                    entry.Value = value;
                    break;
                }
                default:
                {
                    if (graph.Initializer.Count == 0) return;
                    var tensor = graph.Initializer[random.NextInt(graph.Initializer.Count)];
                    int type = random.NextInt(17);
                    log.Add($"set data type of {tensor.Name} to {type}");
                    tensor.DataType = type;
                    break;
                }
            }
        }
    }
}
