using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Sightline.Onnx.Proto;

namespace Sightline.Onnx.Format
{
    /// <summary>Builds an ONNX graph node by node (the exporter, and tests that make foreign graphs such as torchvision's).</summary>
    internal sealed class GraphBuilder
    {
        public const long IrVersion = 8; // IR version 8 goes with opset 17 (onnx/docs/Versioning.md)
        public const long Opset = 17;

        public GraphBuilder(string name)
        {
            Graph = new GraphProto { Name = name };
        }

        public GraphProto Graph { get; }

        /// <summary>Adds a node; returns its first output (named after the node unless outputs are given).</summary>
        public string Node(string opType, string name, string[] inputs, params AttributeProto[] attributes) =>
            NodeWithOutputs(opType, name, inputs, new[] { name }, attributes)[0];

        public string[] NodeWithOutputs(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
        {
            var node = new NodeProto { OpType = opType, Name = name };
            node.Input.AddRange(inputs);
            node.Output.AddRange(outputs);
            node.Attribute.AddRange(attributes);
            Graph.Node.Add(node);
            return outputs;
        }

        public string Initializer(string name, ReadOnlySpan<float> data, params long[] dims)
        {
            Graph.Initializer.Add(FloatTensor(name, data, dims));
            return name;
        }

        public string Int64Initializer(string name, long[] data, params long[] dims)
        {
            var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
            tensor.Dims.AddRange(dims);
            tensor.Int64Data.AddRange(data);
            Graph.Initializer.Add(tensor);
            return name;
        }

        public void Input(string name, params object[] dims) => Graph.Input.Add(FloatValue(name, dims));
        public void Output(string name, params object[] dims) => Graph.Output.Add(FloatValue(name, dims));

        public ModelProto Model(IEnumerable<KeyValuePair<string, string>>? metadata = null, string producer = "sightline", string producerVersion = "")
        {
            var model = new ModelProto
            {
                IrVersion = IrVersion,
                ProducerName = producer,
                ProducerVersion = producerVersion,
                Graph = Graph,
            };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
            if (metadata != null)
                foreach (var pair in metadata) model.MetadataProps.Add(new StringStringEntryProto { Key = pair.Key, Value = pair.Value });
            return model;
        }

        public static TensorProto FloatTensor(string name, ReadOnlySpan<float> data, params long[] dims)
        {
            var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
            tensor.Dims.AddRange(dims);
            tensor.RawData = ByteString.CopyFrom(ToLittleEndian(data));
            return tensor;
        }

        public static AttributeProto Int(string name, long value) =>
            new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

        public static AttributeProto Float(string name, float value) =>
            new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

        public static AttributeProto Ints(string name, params long[] values)
        {
            var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
            attribute.Ints.AddRange(values);
            return attribute;
        }

        public static AttributeProto Tensor(string name, TensorProto value) =>
            new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };

        static ValueInfoProto FloatValue(string name, object[] dims)
        {
            var shape = new TensorShapeProto();
            foreach (var dim in dims)
            {
                if (dim is string symbol) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = symbol });
                else shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim) });
            }
            return new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
            };
        }

        // ONNX raw_data is little-endian whatever the machine.
        static ReadOnlySpan<byte> ToLittleEndian(ReadOnlySpan<float> data)
        {
            if (BitConverter.IsLittleEndian) return MemoryMarshal.AsBytes(data);
            var bytes = new byte[data.Length * 4];
            for (int i = 0; i < data.Length; i++)
            {
                var b = BitConverter.GetBytes(data[i]);
                Array.Reverse(b);
                Buffer.BlockCopy(b, 0, bytes, i * 4, 4);
            }
            return bytes;
        }
    }
}
