using System;

namespace Sightline.Cpu
{
    /// <summary>
    /// tanh on any tensor, element by element. Like <see cref="Relu"/>, backward needs only the output
    /// (d tanh(x)/dx = 1 - tanh(x)^2), so the engine runs it in place on the layer before.
    /// </summary>
    public static unsafe class Tanh
    {
        const int Chunk = Relu.Chunk;

        /// <summary>output[i] = tanh(input[i]); input and output may be the same span.</summary>
        public static void Forward(CpuContext context, ReadOnlySpan<float> input, Span<float> output, int count)
        {
            if (input.Length < count || output.Length < count) throw new ArgumentException($"tanh: {count} elements, spans of {input.Length} and {output.Length}");
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

        /// <summary>dInput[i] = dOutput[i] * (1 - output[i]^2); dInput and dOutput may be the same span.</summary>
        public static void Backward(CpuContext context, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int count)
        {
            if (output.Length < count || dOutput.Length < count || dInput.Length < count) throw new ArgumentException($"tanh backward: {count} elements, spans of {output.Length}, {dOutput.Length} and {dInput.Length}");
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
                int start = item * Chunk, end = Math.Min(Count, start + Chunk);
                for (int i = start; i < end; i++) Output[i] = MathF.Tanh(Input[i]);
            }
        }

        sealed class BackwardJob : ParallelJob
        {
            public float* Output, DOutput, DInput;
            public int Count;

            public override void Execute(int item, int worker)
            {
                int start = item * Chunk, end = Math.Min(Count, start + Chunk);
                for (int i = start; i < end; i++)
                {
                    float y = Output[i];
                    DInput[i] = DOutput[i] * (1f - y * y);
                }
            }
        }
    }
}
