using System;

namespace Sightline.Onnx
{
    /// <summary>What a layer of an imported graph is, as <see cref="GraphReader"/> walks it.</summary>
    internal enum GraphOp { Conv, Relu, Tanh, Lrn, Pool, Flatten, Fc }

    /// <summary>One layer of an imported graph with its attributes and constant weights, before the spec is built.</summary>
    internal sealed class GraphStep
    {
        public GraphOp Op;
        public string Node = "";
        public long Kernel, Stride, Pad, Groups = 1;
        public float Alpha, Beta, Bias;
        public long Size;
        public float[]? Weight;
        public long[] WeightDims = Array.Empty<long>();
        public bool WeightIsInputMajor; // [in, out] (Gemm transB = 0, MatMul) instead of [out, in]
        public float[]? BiasData;
    }
}
