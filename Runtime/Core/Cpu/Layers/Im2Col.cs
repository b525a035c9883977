using System;

namespace Sightline.Cpu
{
    /// <summary>
    /// Unfolds one group of one image into the matrix a convolution multiplies (and folds its gradient back).
    /// col: [(Cin/G) K K, OH OW], row r = (c K + ky) K + kx, column oy OW + ox, value in[c, oy S - P + ky, ox S - P + kx] or 0 in the padding.
    /// </summary>
    internal static unsafe class Im2Col
    {
        /// <summary>image: the group's first input channel [Cin/G, H, W]; col as above.</summary>
        public static void Unfold(CpuContext context, in ConvolutionGeometry g, float* image, float* col)
        {
            var job = context.Job<UnfoldJob>();
            job.Geometry = g;
            job.Image = image;
            job.Col = col;
            context.Run(g.PatchSize, job);
        }

        /// <summary>dImage[Cin/G, H, W] = sum of dCol's entries over every place each input pixel was copied to (overwrites dImage).</summary>
        public static void Fold(CpuContext context, in ConvolutionGeometry g, float* dCol, float* dImage)
        {
            var job = context.Job<FoldJob>();
            job.Geometry = g;
            job.Image = dImage;
            job.Col = dCol;
            context.Run(g.InChannelsPerGroup, job);
        }

        // The output columns ox whose input column ox S - P + kx lies inside [0, W): [lo, hi).
        static void ValidRange(int kx, int pad, int stride, int width, int outWidth, out int lo, out int hi)
        {
            int offset = kx - pad;
            lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
            hi = width - 1 - offset < 0 ? 0 : (width - 1 - offset) / stride + 1;
            if (hi > outWidth) hi = outWidth;
            if (lo > hi) lo = hi;
        }

        sealed class UnfoldJob : ParallelJob
        {
            public ConvolutionGeometry Geometry;
            public float* Image, Col;

            public override void Execute(int row, int worker)
            {
                var g = Geometry;
                int k = g.Kernel, s = g.Stride, pad = g.Pad, h = g.InHeight, w = g.InWidth, oh = g.OutHeight, ow = g.OutWidth;
                int kx = row % k, ky = row / k % k, c = row / (k * k);
                float* plane = Image + (long)c * h * w;
                float* dst = Col + (long)row * oh * ow;
                ValidRange(kx, pad, s, w, ow, out int lo, out int hi);
                for (int oy = 0; oy < oh; oy++, dst += ow)
                {
                    int iy = oy * s - pad + ky;
                    if (iy < 0 || iy >= h)
                    {
                        new Span<float>(dst, ow).Clear();
                        continue;
                    }
                    float* src = plane + (long)iy * w + kx - pad;
                    for (int ox = 0; ox < lo; ox++) dst[ox] = 0f;
                    if (s == 1) new ReadOnlySpan<float>(src + lo, hi - lo).CopyTo(new Span<float>(dst + lo, hi - lo));
                    else for (int ox = lo; ox < hi; ox++) dst[ox] = src[ox * s];
                    for (int ox = hi; ox < ow; ox++) dst[ox] = 0f;
                }
            }
        }

        sealed class FoldJob : ParallelJob
        {
            public ConvolutionGeometry Geometry;
            public float* Image, Col;

            // One item per input channel: it owns the channel's plane and reads only that channel's K K rows, in order.
            public override void Execute(int c, int worker)
            {
                var g = Geometry;
                int k = g.Kernel, s = g.Stride, pad = g.Pad, h = g.InHeight, w = g.InWidth, oh = g.OutHeight, ow = g.OutWidth;
                float* plane = Image + (long)c * h * w;
                new Span<float>(plane, h * w).Clear();
                for (int ky = 0; ky < k; ky++)
                for (int kx = 0; kx < k; kx++)
                {
                    float* src = Col + (long)((c * k + ky) * k + kx) * oh * ow;
                    ValidRange(kx, pad, s, w, ow, out int lo, out int hi);
                    for (int oy = 0; oy < oh; oy++, src += ow)
                    {
                        int iy = oy * s - pad + ky;
                        if (iy < 0 || iy >= h) continue;
                        float* dst = plane + (long)iy * w + kx - pad;
                        if (s == 1) for (int ox = lo; ox < hi; ox++) dst[ox] += src[ox];
                        else for (int ox = lo; ox < hi; ox++) dst[ox * s] += src[ox];
                    }
                }
            }
        }
    }
}
