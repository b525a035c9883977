using System;
using Sightline.Engines;

namespace Sightline.Cpu
{
    /// <summary>
    /// Inverted dropout with the shared counter-based mask (<see cref="DropoutMask"/>): element i of the batch's
    /// activation [B, N] survives when Keep(seed, layer, step, i, p) and is then scaled by 1 / (1 - p). The mask is a
    /// pure function, so the backward pass recomputes it instead of storing it.
    /// </summary>
    public static unsafe class Dropout
    {
        public static void Forward(CpuContext context, ulong seed, int dropoutIndex, long step, float dropProbability, int count,
            ReadOnlySpan<float> input, Span<float> output)
        {
            if (input.Length < count || output.Length < count) throw new ArgumentException($"dropout: {count} elements, spans of {input.Length} and {output.Length}");
            Run(context, seed, dropoutIndex, step, dropProbability, count, input, output);
        }

        /// <summary>dInput = dOutput where the forward mask kept the element, times 1 / (1 - p); 0 elsewhere. dInput may be dOutput.</summary>
        public static void Backward(CpuContext context, ulong seed, int dropoutIndex, long step, float dropProbability, int count,
            ReadOnlySpan<float> dOutput, Span<float> dInput)
        {
            if (dOutput.Length < count || dInput.Length < count) throw new ArgumentException($"dropout backward: {count} elements, spans of {dOutput.Length} and {dInput.Length}");
            Run(context, seed, dropoutIndex, step, dropProbability, count, dOutput, dInput);
        }

        // Forward and backward are the same masked scaling.
        static void Run(CpuContext context, ulong seed, int dropoutIndex, long step, float p, int count, ReadOnlySpan<float> source, Span<float> destination)
        {
            if (!(p >= 0f) || p >= 1f) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1)");
            fixed (float* src = source)
            fixed (float* dst = destination)
            {
                var job = context.Job<MaskJob>();
                job.Seed = seed;
                job.Index = dropoutIndex;
                job.Step = step;
                job.P = p;
                job.Scale = 1f / (1f - p);
                job.Count = count;
                job.Source = src;
                job.Destination = dst;
                context.RunElements(count, job);
            }
        }

        sealed class MaskJob : ParallelJob
        {
            public ulong Seed;
            public int Index, Count;
            public long Step;
            public float P, Scale;
            public float* Source, Destination;

            public override void Execute(int item, int worker)
            {
                var (start, end) = CpuContext.ElementRange(item, Count);
                for (int i = start; i < end; i++)
                    Destination[i] = DropoutMask.Keep(Seed, Index, Step, i, P) ? Source[i] * Scale : 0f;
            }
        }
    }
}
