using System;

namespace Sightline.Cuda.Dnn
{
    /// <summary>Argument checks shared by the descriptors: a bad shape is reported in our words before cuDNN sees it.</summary>
    static class DnnChecks
    {
        public static void Positive(string what, int n, int c, int h, int w)
        {
            if (n <= 0 || c <= 0 || h <= 0 || w <= 0)
                throw new ArgumentOutOfRangeException(what, $"{what} dimensions must be positive, got {n}x{c}x{h}x{w}");
        }

        public static void FloatScaled(DnnDataType type)
        {
            if (type == DnnDataType.Double)
                throw new NotSupportedException("double tensors need double alpha/beta; this binding passes float scaling factors");
        }

        public static void Same(string what, TensorDescriptor a, TensorDescriptor b)
        {
            if (a.N != b.N || a.C != b.C || a.H != b.H || a.W != b.W)
                throw new ArgumentException($"{what}: shapes differ ({a} vs {b})");
        }
    }
}
