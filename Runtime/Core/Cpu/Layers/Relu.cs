using System;
using System.Numerics;

namespace Sightline.Cpu
{
    /// <summary>
    /// ReLU on any tensor, element by element. Forward may run in place (output = input); backward needs only the
    /// output (out > 0 exactly where in > 0), which is why the engine runs it in place on the layer before.
    /// </summary>
    public static unsafe class Relu
    {
        internal const int Chunk = 16384;

        /// <summary>output[i] = max(input[i], 0); input and output may be the same span.</summary>
        public static void Forward(CpuContext context, ReadOnlySpan<float> input, Span<float> output, int count)
        {
            if (input.Length < count || output.Length < count) throw new ArgumentException($"ReLU: {count} elements, spans of {input.Length} and {output.Length}");
            fixed (float* pIn = input)
            fixed (float* pOut = output)
            {
                var job = context.Job<ForwardJob>();
                job.Input = pIn;
                job.Output = pOut;
                job.Count = count;
                context.Run((count + Chunk - 1) / Chunk, job);
            }
        }

        /// <summary>dInput[i] = output[i] &gt; 0 ? dOutput[i] : 0; dInput and dOutput may be the same span.</summary>
        public static void Backward(CpuContext context, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int count)
        {
            if (output.Length < count || dOutput.Length < count || dInput.Length < count) throw new ArgumentException($"ReLU backward: {count} elements, spans of {output.Length}, {dOutput.Length} and {dInput.Length}");
            fixed (float* pOut = output)
            fixed (float* pdOut = dOutput)
            fixed (float* pdIn = dInput)
            {
                var job = context.Job<BackwardJob>();
                job.Output = pOut;
                job.DOutput = pdOut;
                job.DInput = pdIn;
                job.Count = count;
                context.Run((count + Chunk - 1) / Chunk, job);
            }
        }

        sealed class ForwardJob : ParallelJob
        {
            public float* Input, Output;
            public int Count;

            public override void Execute(int item, int worker)
            {
                int start = item * Chunk, end = Math.Min(Count, start + Chunk), i = start;
                int w = Vector<float>.Count;
                if (Vector.IsHardwareAccelerated)
                    for (; i + w <= end; i += w)
                        *(Vector<float>*)(Output + i) = Vector.Max(*(Vector<float>*)(Input + i), Vector<float>.Zero);
                for (; i < end; i++) Output[i] = Input[i] > 0f ? Input[i] : 0f;
            }
        }

        sealed class BackwardJob : ParallelJob
        {
            public float* Output, DOutput, DInput;
            public int Count;

            public override void Execute(int item, int worker)
            {
                int start = item * Chunk, end = Math.Min(Count, start + Chunk), i = start;
                int w = Vector<float>.Count;
                if (Vector.IsHardwareAccelerated)
                    for (; i + w <= end; i += w)
                    {
                        var positive = Vector.GreaterThan(*(Vector<float>*)(Output + i), Vector<float>.Zero);
                        *(Vector<float>*)(DInput + i) = Vector.ConditionalSelect(positive, *(Vector<float>*)(DOutput + i), Vector<float>.Zero);
                    }
                for (; i < end; i++) DInput[i] = Output[i] > 0f ? DOutput[i] : 0f;
            }
        }
    }
}
