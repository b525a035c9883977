using System;

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

        sealed class ForwardJob : ParallelJob
        {
            public PoolGeometry Geometry;
            public float* Input, Output;

            public override void Execute(int item, int worker)
            {
                var g = Geometry;
                float* src = Input + (long)item * g.Height * g.Width;
                float* dst = Output + (long)item * g.OutHeight * g.OutWidth;
                for (int oy = 0; oy < g.OutHeight; oy++)
                for (int ox = 0; ox < g.OutWidth; ox++)
                {
                    float* window = src + (long)oy * g.Stride * g.Width + ox * g.Stride;
                    float best = window[0];
                    for (int ky = 0; ky < g.Kernel; ky++)
                    for (int kx = 0; kx < g.Kernel; kx++)
                    {
                        float v = window[ky * g.Width + kx];
                        if (v > best) best = v;
                    }
                    dst[oy * g.OutWidth + ox] = best;
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
                int plane = g.Height * g.Width;
                float* src = Input + (long)item * plane;
                float* dIn = DInput + (long)item * plane;
                float* dOut = DOutput + (long)item * g.OutHeight * g.OutWidth;
                new Span<float>(dIn, plane).Clear();
                for (int oy = 0; oy < g.OutHeight; oy++)
                for (int ox = 0; ox < g.OutWidth; ox++)
                {
                    int start = oy * g.Stride * g.Width + ox * g.Stride;
                    int best = start;
                    float bestValue = src[start];
                    for (int ky = 0; ky < g.Kernel; ky++)
                    for (int kx = 0; kx < g.Kernel; kx++)
                    {
                        int at = start + ky * g.Width + kx;
                        if (src[at] > bestValue)
                        {
                            bestValue = src[at];
                            best = at;
                        }
                    }
                    dIn[best] += dOut[oy * g.OutWidth + ox];
                }
            }
        }
    }
}
