using System;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Dnn
{
    /// <summary>
    /// A 2-d cross-correlation (what deep learning calls convolution) with padding, stride, dilation, groups and a
    /// math type (cudnnConvolutionDescriptor_t). Compute type is fp32.
    /// </summary>
    public sealed unsafe class ConvolutionDescriptor : DnnDescriptor
    {
        const int CrossCorrelation = 1; // CUDNN_CROSS_CORRELATION
        public ConvolutionDescriptor(int padH, int padW, int strideH, int strideW, int groups = 1, DnnMathType math = DnnMathType.Default, int dilationH = 1, int dilationW = 1)
        {
            if (padH < 0 || padW < 0) throw new ArgumentOutOfRangeException(nameof(padH), $"padding must not be negative, got {padH}x{padW}");
            if (strideH <= 0 || strideW <= 0) throw new ArgumentOutOfRangeException(nameof(strideH), $"stride must be positive, got {strideH}x{strideW}");
            if (dilationH <= 0 || dilationW <= 0) throw new ArgumentOutOfRangeException(nameof(dilationH), $"dilation must be positive, got {dilationH}x{dilationW}");
            if (groups <= 0) throw new ArgumentOutOfRangeException(nameof(groups), groups, "groups must be at least 1");
            PadH = padH; PadW = padW; StrideH = strideH; StrideW = strideW; DilationH = dilationH; DilationW = dilationW;
            Groups = groups;
            Math = math;
            Api = CudaLibraries.Cudnn;
            Create(Api.cudnnCreateConvolutionDescriptor, Api.cudnnDestroyConvolutionDescriptor, "cudnnCreateConvolutionDescriptor");
            Configured(Api.cudnnSetConvolution2dDescriptor(Handle, padH, padW, strideH, strideW, dilationH, dilationW, CrossCorrelation, (int)DnnDataType.Float),
                "cudnnSetConvolution2dDescriptor");
            Configured(Api.cudnnSetConvolutionGroupCount(Handle, groups), "cudnnSetConvolutionGroupCount");
            Configured(Api.cudnnSetConvolutionMathType(Handle, (int)math), "cudnnSetConvolutionMathType");
        }

        public int PadH { get; }
        public int PadW { get; }
        public int StrideH { get; }
        public int StrideW { get; }
        public int DilationH { get; }
        public int DilationW { get; }
        public int Groups { get; }
        public DnnMathType Math { get; }

        /// <summary>The output shape, computed here; checks that channels and groups agree.</summary>
        public (int N, int C, int H, int W) OutputShape(TensorDescriptor x, FilterDescriptor w) =>
            OutputShape(x.N, x.C, x.H, x.W, w.K, w.C, w.H, w.W, PadH, PadW, StrideH, StrideW, DilationH, DilationW, Groups);

        /// <summary>Shape arithmetic without cuDNN (also what tests check without a GPU).</summary>
        public static (int N, int C, int H, int W) OutputShape(int n, int c, int h, int w, int k, int filterC, int kh, int kw,
            int padH, int padW, int strideH, int strideW, int dilationH, int dilationW, int groups)
        {
            if (c != filterC * groups)
                throw new ArgumentException($"input has {c} channels but the filter takes {filterC} per group x {groups} groups = {filterC * groups}");
            if (k % groups != 0)
                throw new ArgumentException($"{k} output channels do not split into {groups} groups");
            int effH = (kh - 1) * dilationH + 1, effW = (kw - 1) * dilationW + 1;
            int oh = (h + 2 * padH - effH) / strideH + 1;
            int ow = (w + 2 * padW - effW) / strideW + 1;
            if (h + 2 * padH < effH || w + 2 * padW < effW || oh <= 0 || ow <= 0)
                throw new ArgumentException($"a {kh}x{kw} filter (dilation {dilationH}x{dilationW}) does not fit a {h}x{w} input padded by {padH}x{padW}");
            return (n, k, oh, ow);
        }
    }
}
