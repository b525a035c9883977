using System;
using System.Linq;
using Sightline.Onnx.Proto;

namespace Sightline.Onnx
{
    /// <summary>An ONNX node's attributes with the defaults the operator set gives them, and how errors name a node.</summary>
    internal static class NodeAttributes
    {
        public static long[] Ints(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray() ?? Array.Empty<long>();

        public static long IntAttr(NodeProto node, string name, long fallback)
        {
            var a = node.Attribute.FirstOrDefault(x => x.Name == name);
            return a == null ? fallback : a.I;
        }

        public static float FloatAttr(NodeProto node, string name, float fallback)
        {
            var a = node.Attribute.FirstOrDefault(x => x.Name == name);
            return a == null ? fallback : a.F;
        }

        public static string StringAttr(NodeProto node, string name)
        {
            var a = node.Attribute.FirstOrDefault(x => x.Name == name);
            return a == null ? "" : a.S.ToStringUtf8();
        }

        /// <summary>"node 'conv1' (Conv)", or the node's index when it has no name.</summary>
        public static string Label(NodeProto node, int index) =>
            $"node '{(string.IsNullOrEmpty(node.Name) ? "#" + index : node.Name)}' ({node.OpType})";
    }
}
