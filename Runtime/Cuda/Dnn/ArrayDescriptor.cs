using System;

namespace Sightline.Cuda.Dnn
{
    /// <summary>
    /// A descriptor of a 4-d array, a tensor or a filter: its outer dimension (images or output channels), channels,
    /// height, width, layout and element type, checked here before cuDNN is touched.
    /// </summary>
    public abstract class ArrayDescriptor : DnnDescriptor
    {
        protected ArrayDescriptor(string what, int outer, int c, int h, int w, DnnTensorFormat format, DnnDataType dataType)
        {
            DnnChecks.Positive(what, outer, c, h, w);
            DnnChecks.FloatScaled(dataType);
            Outer = outer;
            C = c;
            H = h;
            W = w;
            Format = format;
            DataType = dataType;
        }

        /// <summary>Images (N) of a tensor, output channels (K) of a filter.</summary>
        protected int Outer { get; }
        public int C { get; }
        public int H { get; }
        public int W { get; }
        public DnnTensorFormat Format { get; }
        public DnnDataType DataType { get; }
        public long ElementCount => (long)Outer * C * H * W;

        public override string ToString() => $"{Outer}x{C}x{H}x{W} {Format} {DataType}";
    }
}
