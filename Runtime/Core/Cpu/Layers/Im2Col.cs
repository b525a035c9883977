using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Sightline.Cpu
{
    /// <summary>
    /// Unfolds one group of one image into (blocks of) the matrix a convolution multiplies, and folds its gradient back.
    /// col: [(Cin/G) K K, OH OW], row r = (c K + ky) K + kx, column oy OW + ox, value in[c, oy S - P + ky, ox S - P + kx] or 0 in the padding.
    /// </summary>
    internal static unsafe class Im2Col
    {
        /// <summary>
        /// Rows [k0, k0 + kLen) and columns [n0, n0 + nLen) of one group's col matrix, straight into GEMM's packed-B
        /// layout: element (k0 + r, n0 + j) goes to [(j / NR) kLen NR + r NR + j % NR]; columns up to the next
        /// multiple of NR are zero. Used by the forward convolution one cache-sized block at a time.
        /// </summary>
        [MethodImpl(GemmKernel.Optimized)]
        public static void PackBlock(in ConvolutionGeometry g, float* image, int k0, int kLen, int n0, int nLen, float* dst)
        {
            int nr = Gemm.NR, k = g.Kernel;
            int padded = (nLen + nr - 1) / nr * nr;
            long panelStride = (long)kLen * nr;
            long planeSize = (long)g.InHeight * g.InWidth;
            // One patch row at a time: gather it into a linear row, then move it into the panels NR floats at a time.
            // Gather writes only [0, nLen), so the zero tail is written once.
            float* line = stackalloc float[padded];
            for (int j = nLen; j < padded; j++) line[j] = 0f;
            // Small layers (a 5x5 output plane at batch 1) gather only a few floats per patch row, so the divisions
            // that place a row are worked out once per block: each kx's valid column range, the first output pixel,
            // and (c, ky, kx) stepped along instead of divided out of the row index.
            int* range = stackalloc int[2 * k];
            for (int x = 0; x < k; x++) ValidRange(x, g.Pad, g.Stride, g.InWidth, g.OutWidth, out range[2 * x], out range[2 * x + 1]);
            int oy0 = n0 / g.OutWidth, ox0 = n0 % g.OutWidth;
            int kx = k0 % k, ky = k0 / k % k, c = k0 / (k * k);
            for (int r = 0; r < kLen; r++)
            {
                Gather(g, image + c * planeSize, ky, kx, range[2 * kx], range[2 * kx + 1], oy0, ox0, nLen, line);
                float* panel = dst + r * nr;
                for (int jp = 0; jp < padded; jp += nr, panel += panelStride) GemmKernel.CopyRow(line + jp, panel);
                if (++kx == k)
                {
                    kx = 0;
                    if (++ky == k) { ky = 0; c++; }
                }
            }
        }

        /// <summary>
        /// Columns [n0, n0 + count) of col's row <paramref name="row"/> into <paramref name="dst"/>: contiguous copies
        /// where the stride is 1, zeros in the padding.
        /// </summary>
        [MethodImpl(GemmKernel.Optimized)]
        public static void Line(in ConvolutionGeometry g, float* image, int row, int n0, int count, float* dst)
        {
            int k = g.Kernel, ow = g.OutWidth;
            int kx = row % k, ky = row / k % k, c = row / (k * k);
            ValidRange(kx, g.Pad, g.Stride, g.InWidth, ow, out int lo, out int hi);
            Gather(g, image + (long)c * g.InHeight * g.InWidth, ky, kx, lo, hi, n0 / ow, n0 % ow, count, dst);
        }

        // Patch row (c, ky, kx) of one channel plane from output pixel (oy, ox) on, count columns into dst; [lo, hi)
        // are the output columns whose input column lies inside the image (ValidRange). Each output row is zeros,
        // a copy (or a strided gather) and zeros, its bounds clamped once per output row.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Gather(in ConvolutionGeometry g, float* plane, int ky, int kx, int lo, int hi, int oy, int ox, int count, float* dst)
        {
            int s = g.Stride, pad = g.Pad, h = g.InHeight, w = g.InWidth, ow = g.OutWidth;
            int vw = Vector<float>.Count;
            float* rowBase = plane + kx - pad;
            int iy = oy * s - pad + ky;
            for (int j = 0; j < count; iy += s)
            {
                int run = Math.Min(ow - ox, count - j);
                int end = ox + run;
                float* d = dst + j - ox; // d[x] is output column x of this output row
                int a = end, z = end;
                if ((uint)iy < (uint)h)
                {
                    a = Math.Min(Math.Max(ox, lo), end);
                    z = Math.Max(Math.Min(end, hi), a);
                }
                int x = ox;
                for (; x < a; x++) d[x] = 0f;
                float* src = rowBase + (long)iy * w;
                if (s == 1)
                {
                    if (Vector.IsHardwareAccelerated)
                        for (; x + vw <= z; x += vw)
                            *(Vector<float>*)(d + x) = *(Vector<float>*)(src + x);
                    for (; x < z; x++) d[x] = src[x];
                }
                else
                {
                    // Strided rows (conv1): walk the source by pointer, four pixels per step.
                    float* sp = src + (long)x * s;
                    for (; x + 4 <= z; x += 4, sp += 4 * s)
                    {
                        d[x] = sp[0];
                        d[x + 1] = sp[s];
                        d[x + 2] = sp[2 * s];
                        d[x + 3] = sp[3 * s];
                    }
                    for (; x < z; x++, sp += s) d[x] = *sp;
                }
                for (; x < end; x++) d[x] = 0f;
                j += run;
                ox = 0;
            }
        }

        /// <summary>
        /// The fold of rows [row0, row0 + rows) of dCol (given with row stride <paramref name="ld"/>, starting at row0,
        /// all OH OW columns): dImage[c, oy S - P + ky, ox S - P + kx] += dColRows[row, oy OW + ox] for each row
        /// (c, ky, kx). Adds into dImage; callers fold rows in order, so the sums do not depend on the blocking.
        /// </summary>
        [MethodImpl(GemmKernel.Optimized)]
        public static void FoldRows(in ConvolutionGeometry g, float* dColRows, int ld, int row0, int rows, float* dImage)
        {
            int k = g.Kernel, s = g.Stride, pad = g.Pad, h = g.InHeight, w = g.InWidth, ow = g.OutWidth;
            int vw = Vector<float>.Count, count = g.OutPlane;
            for (int row = row0; row < row0 + rows; row++)
            {
                int kx = row % k, ky = row / k % k, c = row / (k * k);
                float* plane = dImage + (long)c * h * w;
                float* line = dColRows + (long)(row - row0) * ld;
                ValidRange(kx, pad, s, w, ow, out int lo, out int hi);
                int j = 0, oy = 0, ox = 0;
                while (j < count)
                {
                    int run = Math.Min(ow - ox, count - j);
                    int iy = oy * s - pad + ky;
                    if (iy >= 0 && iy < h)
                    {
                        int a = Math.Max(ox, lo), z = Math.Min(ox + run, hi);
                        float* src = line + j - ox; // src[x] is output column x of this output row
                        float* dst = plane + (long)iy * w + kx - pad;
                        int x = a;
                        if (s == 1)
                        {
                            if (Vector.IsHardwareAccelerated)
                                for (; x + vw <= z; x += vw)
                                    *(Vector<float>*)(dst + x) += *(Vector<float>*)(src + x);
                            for (; x < z; x++) dst[x] += src[x];
                        }
                        else
                        {
                            for (; x < z; x++) dst[x * s] += src[x];
                        }
                    }
                    j += run;
                    ox = 0;
                    oy++;
                }
            }
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
    }
}
