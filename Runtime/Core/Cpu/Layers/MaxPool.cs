using System;
using System.Numerics;
#if NET
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace Sightline.Cpu
{
    /// <summary>
    /// Max pooling. Layouts: input [B, C, H, W], output [B, C, OH, OW]. The backward pass sends each output's gradient
    /// to the first maximum of its window in row-major order (windows overlap, so an input can collect several).
    /// One work item per (image, channel) plane.
    /// </summary>
    public static unsafe class MaxPool
    {
        public static void Forward(CpuContext context, in PoolGeometry g, int batch, ReadOnlySpan<float> input, Span<float> output)
        {
            if (input.Length < (long)batch * g.InSize || output.Length < (long)batch * g.OutSize)
                throw new ArgumentException($"max pooling: batch {batch} of {g.Channels}x{g.Height}x{g.Width} needs {(long)batch * g.InSize} and {(long)batch * g.OutSize} floats, spans of {input.Length} and {output.Length}");
            fixed (float* pIn = input)
            fixed (float* pOut = output)
            {
                var job = context.Job<ForwardJob>();
                job.Geometry = g;
                job.Input = pIn;
                job.Output = pOut;
                context.Run(batch * g.Channels, job);
            }
        }

        /// <summary>dInput (overwritten) from the forward input and dOutput.</summary>
        public static void Backward(CpuContext context, in PoolGeometry g, int batch, ReadOnlySpan<float> input, ReadOnlySpan<float> dOutput, Span<float> dInput)
        {
            if (input.Length < (long)batch * g.InSize || dInput.Length < (long)batch * g.InSize || dOutput.Length < (long)batch * g.OutSize)
                throw new ArgumentException($"max pooling backward: batch {batch} of {g.Channels}x{g.Height}x{g.Width}: spans too short");
            fixed (float* pIn = input)
            fixed (float* pdOut = dOutput)
            fixed (float* pdIn = dInput)
            {
                var job = context.Job<BackwardJob>();
                job.Geometry = g;
                job.Input = pIn;
                job.DOutput = pdOut;
                job.DInput = pdIn;
                context.Run(batch * g.Channels, job);
            }
        }

        // max(a, b) without a branch (maxss), b when they are equal or either is NaN.
        static float Max(float a, float b)
        {
#if NET
            if (Sse.IsSupported) return Sse.MaxScalar(Vector128.CreateScalarUnsafe(a), Vector128.CreateScalarUnsafe(b)).ToScalar();
#endif
            return a > b ? a : b;
        }

        // -1 when a > b, else 0, from a compare instruction rather than a branch.
        static int GreaterMask(float a, float b)
        {
#if NET
            if (Sse.IsSupported) return Sse.CompareScalarGreaterThan(Vector128.CreateScalarUnsafe(a), Vector128.CreateScalarUnsafe(b)).AsInt32().ToScalar();
#endif
            return a > b ? -1 : 0;
        }

        sealed class ForwardJob : ParallelJob
        {
            public PoolGeometry Geometry;
            public float* Input, Output;

            // Per output row: the column-wise max of the window's rows (vectorised), then the max of each window's
            // columns. No data-dependent branches: those mispredict on half of all comparisons.
            public override void Execute(int item, int worker)
            {
                var g = Geometry;
                int width = g.Width, kernel = g.Kernel, stride = g.Stride, outWidth = g.OutWidth;
                float* src = Input + (long)item * g.Height * width;
                float* dst = Output + (long)item * g.OutHeight * outWidth;
                float* columns = stackalloc float[width];
                int vw = Vector<float>.Count;
                for (int oy = 0; oy < g.OutHeight; oy++, dst += outWidth)
                {
                    float* row = src + (long)oy * stride * width;
                    int x = 0;
                    if (Vector.IsHardwareAccelerated)
                        for (; x + vw <= width; x += vw)
                        {
                            var m = *(Vector<float>*)(row + x);
                            for (int ky = 1; ky < kernel; ky++) m = Vector.Max(m, *(Vector<float>*)(row + ky * width + x));
                            *(Vector<float>*)(columns + x) = m;
                        }
                    for (; x < width; x++)
                    {
                        float m = row[x];
                        for (int ky = 1; ky < kernel; ky++)
                        {
                            m = Max(row[ky * width + x], m);
                        }
                        columns[x] = m;
                    }
                    for (int ox = 0; ox < outWidth; ox++)
                    {
                        float* c = columns + ox * stride;
                        float m = c[0];
                        for (int kx = 1; kx < kernel; kx++) m = Max(c[kx], m);
                        dst[ox] = m;
                    }
                }
            }
        }

        sealed class BackwardJob : ParallelJob
        {
            public PoolGeometry Geometry;
            public float* Input, DOutput, DInput;

            public override void Execute(int item, int worker)
            {
                var g = Geometry;
                int width = g.Width, kernel = g.Kernel, stride = g.Stride, outWidth = g.OutWidth;
                int plane = g.Height * width;
                float* src = Input + (long)item * plane;
                float* dIn = DInput + (long)item * plane;
                float* dOut = DOutput + (long)item * g.OutHeight * outWidth;
                new Span<float>(dIn, plane).Clear();
                for (int oy = 0; oy < g.OutHeight; oy++)
                for (int ox = 0; ox < outWidth; ox++)
                {
                    int start = oy * stride * width + ox * stride;
                    int best = start;
                    float bestValue = src[start];
                    // First maximum in row-major order, chosen with conditional moves rather than branches.
                    for (int ky = 0; ky < kernel; ky++)
                    for (int kx = 0; kx < kernel; kx++)
                    {
                        int at = start + ky * width + kx;
                        float v = src[at];
                        int better = GreaterMask(v, bestValue);
                        best = (at & better) | (best & ~better);
                        bestValue = Max(v, bestValue);
                    }
                    dIn[best] += dOut[oy * outWidth + ox];
                }
            }
        }
    }
}
