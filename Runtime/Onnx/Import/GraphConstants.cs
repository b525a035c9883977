using System;
using System.Collections.Generic;
using System.Linq;
using Sightline.Onnx.Format;
using Sightline.Onnx.Proto;

namespace Sightline.Onnx
{
    /// <summary>
    /// The constant tensors of an ONNX graph (initializers and Constant nodes) by name, read as the float weights or
    /// int64 shapes the importer needs, with errors that name the file, the node and the tensor.
    /// </summary>
    internal sealed class GraphConstants
    {
        readonly Dictionary<string, TensorProto> _constants = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        readonly string _source;

        public GraphConstants(string source)
        {
            _source = source;
        }

        public void Set(string name, TensorProto tensor) => _constants[name] = tensor;

        public bool Contains(string name) => _constants.ContainsKey(name);

        public TensorProto? Find(string name) => _constants.TryGetValue(name, out var tensor) ? tensor : null;

        /// <summary>Records a Constant node's tensor under its output's name.</summary>
        public void Define(NodeProto node, string label)
        {
            var value = node.Attribute.FirstOrDefault(a => a.Name == "value")?.T;
            if (value == null || node.Output.Count != 1) throw Fail($"{label} is a Constant without a tensor 'value'");
            Set(node.Output[0], value);
        }

        public (float[] data, long[] dims) Tensor(NodeProto node, int index, string label, string role)
        {
            if (node.Input.Count <= index || node.Input[index] == "") throw Fail($"{label} has no {role} input");
            string name = node.Input[index];
            if (!_constants.TryGetValue(name, out var tensor))
                throw Fail($"{label} {role} '{name}' is not an initializer or constant; only constant weights can be imported");
            var dims = tensor.Dims.ToArray();
            long count = 1;
            foreach (var d in dims) count *= d;
            if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
                throw Fail($"{label} {role} '{name}' is stored in an external file; save the model with its weights inside (one .onnx file)");
            float[] data;
            switch ((TensorProto.Types.DataType)tensor.DataType)
            {
                case TensorProto.Types.DataType.Float:
                    data = tensor.HasRawData ? OnnxMetadata.FromLittleEndian(tensor.RawData.ToByteArray()) : tensor.FloatData.ToArray();
                    break;
                case TensorProto.Types.DataType.Int64:
                    data = tensor.HasRawData
                        ? Int64FromRaw(tensor.RawData.ToByteArray()).Select(v => (float)v).ToArray()
                        : tensor.Int64Data.Select(v => (float)v).ToArray();
                    break;
                default:
                    throw Fail($"{label} {role} '{name}' has data type {(TensorProto.Types.DataType)tensor.DataType}; only float weights can be imported");
            }
            if (data.Length != count)
                throw Fail($"{label} {role} '{name}' should hold {count} values ([{string.Join(", ", dims)}]) but holds {data.Length} (truncated or corrupted)");
            return (data, dims);
        }

        public long[] Int64s(NodeProto node, int index, string label)
        {
            string name = node.Input[index];
            if (!_constants.TryGetValue(name, out var tensor)) throw Fail($"{label} shape '{name}' is not constant");
            if (tensor.DataType != (int)TensorProto.Types.DataType.Int64) throw Fail($"{label} shape '{name}' is not int64");
            return tensor.HasRawData ? Int64FromRaw(tensor.RawData.ToByteArray()) : tensor.Int64Data.ToArray();
        }

        public static long[] Int64FromRaw(byte[] bytes)
        {
            var values = new long[bytes.Length / 8];
            for (int i = 0; i < values.Length; i++)
            {
                long v = 0;
                for (int b = 7; b >= 0; b--) v = (v << 8) | bytes[i * 8 + b];
                values[i] = v;
            }
            return values;
        }

        OnnxImportException Fail(string message) => new OnnxImportException($"{_source}: {message}");
    }
}
