using System;
using System.Numerics;

namespace Sightline.Cpu
{
    /// <summary>
    /// Local response normalisation (see <see cref="LrnGeometry"/> for the formula and window).
    /// Layouts: input, output and their gradients [B, C, H, W]. One work item per (image, group): a group's window
    /// never leaves its channel range, so the towers' halves are independent.
    /// </summary>
    public static unsafe class LocalResponseNorm
    {
        /// <summary>Per-worker scratch this layer needs (the backward pass keeps two [C/G, H, W] planes).</summary>
        public static void Reserve(CpuContext context, in LrnGeometry g) => context.ReserveWorkerScratch(2L * g.ChannelsPerGroup * g.Plane);

        public static void Forward(CpuContext context, in LrnGeometry g, int batch, ReadOnlySpan<float> input, Span<float> output)
        {
            long n = (long)batch * g.ImageSize;
            if (input.Length < n || output.Length < n) throw new ArgumentException($"LRN: {batch} x {g.Channels}x{g.Height}x{g.Width} needs {n} floats, spans of {input.Length} and {output.Length}");
            fixed (float* pIn = input)
            fixed (float* pOut = output)
            {
                var job = context.Job<ForwardJob>();
                job.Geometry = g;
                job.Input = pIn;
                job.Output = pOut;
                context.Run(batch * g.Groups, job);
            }
        }

        /// <summary>dInput from input, the forward output and dOutput (overwrites dInput).</summary>
        public static void Backward(CpuContext context, in LrnGeometry g, int batch, ReadOnlySpan<float> input, ReadOnlySpan<float> output,
            ReadOnlySpan<float> dOutput, Span<float> dInput)
        {
            long n = (long)batch * g.ImageSize;
            if (input.Length < n || output.Length < n || dOutput.Length < n || dInput.Length < n)
                throw new ArgumentException($"LRN backward: {batch} x {g.Channels}x{g.Height}x{g.Width} needs {n} floats in each span");
            fixed (float* pIn = input)
            fixed (float* pOut = output)
            fixed (float* pdOut = dOutput)
            fixed (float* pdIn = dInput)
            {
                var job = context.Job<BackwardJob>();
                job.Geometry = g;
                job.Input = pIn;
                job.Output = pOut;
                job.DOutput = pdOut;
                job.DInput = pdIn;
                job.Context = context;
                context.Run(batch * g.Groups, job);
                job.Context = null;
            }
        }

        // scale[p] = k + alpha/n sum_{j=lo..hi} a[j, p]^2 over one plane; the same operations in vector and scalar code.
        static void Scale(float* a, int plane, int lo, int hi, float k, float coefficient, float* scale)
        {
            int p = 0, w = Vector<float>.Count;
            if (Vector.IsHardwareAccelerated)
            {
                var kv = new Vector<float>(k);
                var cv = new Vector<float>(coefficient);
                for (; p + w <= plane; p += w)
                {
                    var sum = Vector<float>.Zero;
                    for (int j = lo; j <= hi; j++)
                    {
                        var x = *(Vector<float>*)(a + (long)j * plane + p);
                        sum += x * x;
                    }
                    *(Vector<float>*)(scale + p) = kv + cv * sum;
                }
            }
            for (; p < plane; p++)
            {
                float sum = 0f;
                for (int j = lo; j <= hi; j++)
                {
                    float x = a[(long)j * plane + p];
                    sum += x * x;
                }
                scale[p] = k + coefficient * sum;
            }
        }

        // scale^-beta; beta = 3/4 (the paper) without pow: 1 / (sqrt(s) sqrt(sqrt(s))).
        static float PowNegBeta(float s, float beta) =>
            beta == 0.75f ? 1f / (MathF.Sqrt(s) * MathF.Sqrt(MathF.Sqrt(s))) : MathF.Pow(s, -beta);

        // out[p] = x[p] * factor[p] * scale[p]^-beta over one plane.
        static void MultiplyByPow(float* x, float* scale, float beta, float* output, int plane)
        {
            int p = 0, w = Vector<float>.Count;
            if (Vector.IsHardwareAccelerated && beta == 0.75f)
            {
                for (; p + w <= plane; p += w)
                {
                    var s = *(Vector<float>*)(scale + p);
                    var root = Vector.SquareRoot(s);
                    *(Vector<float>*)(output + p) = *(Vector<float>*)(x + p) * (Vector<float>.One / (root * Vector.SquareRoot(root)));
                }
            }
            for (; p < plane; p++) output[p] = x[p] * PowNegBeta(scale[p], beta);
        }

        sealed class ForwardJob : ParallelJob
        {
            public LrnGeometry Geometry;
            public float* Input, Output;

            public override void Execute(int item, int worker)
            {
                var g = Geometry;
                int cg = g.ChannelsPerGroup, plane = g.Plane;
                long offset = (long)item * cg * plane; // item = b G + group, and groups are contiguous channel ranges
                float* a = Input + offset, b = Output + offset;
                float coefficient = g.Alpha / g.Size;
                for (int c = 0; c < cg; c++)
                {
                    int lo = Math.Max(0, c - g.Size / 2), hi = Math.Min(cg - 1, c + (g.Size - 1) / 2);
                    // The scale of channel c is written into its output plane first, then replaced by the result.
                    float* outPlane = b + (long)c * plane;
                    Scale(a, plane, lo, hi, g.K, coefficient, outPlane);
                    MultiplyByPow(a + (long)c * plane, outPlane, g.Beta, outPlane, plane);
                }
            }
        }

        sealed class BackwardJob : ParallelJob
        {
            public LrnGeometry Geometry;
            public float* Input, Output, DOutput, DInput;
            public CpuContext? Context;

            // da[i] = db[i] s[i]^-beta - (2 alpha beta / n) a[i] sum_{j : i in window(j)} db[j] b[j] / s[j]
            public override void Execute(int item, int worker)
            {
                var g = Geometry;
                int cg = g.ChannelsPerGroup, plane = g.Plane;
                long offset = (long)item * cg * plane;
                float* a = Input + offset, b = Output + offset, db = DOutput + offset, da = DInput + offset;
                float coefficient = g.Alpha / g.Size;
                float* scale = Context!.WorkerScratch(worker, 2L * cg * plane);
                float* t = scale + (long)cg * plane;
                for (int c = 0; c < cg; c++)
                {
                    int lo = Math.Max(0, c - g.Size / 2), hi = Math.Min(cg - 1, c + (g.Size - 1) / 2);
                    long o = (long)c * plane;
                    Scale(a, plane, lo, hi, g.K, coefficient, scale + o);
                    Ratio(db + o, b + o, scale + o, t + o, plane);
                }
                float factor = 2f * coefficient * g.Beta;
                for (int c = 0; c < cg; c++)
                {
                    // j such that c is inside window(j): c - (n-1)/2 .. c + n/2.
                    int lo = Math.Max(0, c - (g.Size - 1) / 2), hi = Math.Min(cg - 1, c + g.Size / 2);
                    long o = (long)c * plane;
                    MultiplyByPow(db + o, scale + o, g.Beta, da + o, plane);
                    SubtractCrossTerm(da + o, a + o, t, lo, hi, plane, factor);
                }
            }
        }

        // t[p] = db[p] b[p] / s[p]
        static void Ratio(float* db, float* b, float* s, float* t, int plane)
        {
            int p = 0, w = Vector<float>.Count;
            if (Vector.IsHardwareAccelerated)
                for (; p + w <= plane; p += w)
                    *(Vector<float>*)(t + p) = *(Vector<float>*)(db + p) * *(Vector<float>*)(b + p) / *(Vector<float>*)(s + p);
            for (; p < plane; p++) t[p] = db[p] * b[p] / s[p];
        }

        // da[p] -= factor a[p] sum_{j=lo..hi} t[j, p]
        static void SubtractCrossTerm(float* da, float* a, float* t, int lo, int hi, int plane, float factor)
        {
            int p = 0, w = Vector<float>.Count;
            if (Vector.IsHardwareAccelerated)
            {
                var f = new Vector<float>(factor);
                for (; p + w <= plane; p += w)
                {
                    var sum = Vector<float>.Zero;
                    for (int j = lo; j <= hi; j++) sum += *(Vector<float>*)(t + (long)j * plane + p);
                    *(Vector<float>*)(da + p) -= f * *(Vector<float>*)(a + p) * sum;
                }
            }
            for (; p < plane; p++)
            {
                float sum = 0f;
                for (int j = lo; j <= hi; j++) sum += t[(long)j * plane + p];
                da[p] -= factor * a[p] * sum;
            }
        }
    }
}
