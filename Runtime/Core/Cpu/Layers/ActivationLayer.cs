using System;
using System.Numerics;
using Sightline.Model;

namespace Sightline.Cpu
{
    /// <summary>
    /// The network's non-linearity (<see cref="Activation"/>: ReLU or tanh) on any tensor, element by element. Forward
    /// may run in place (output = input); backward needs only the output (for ReLU out &gt; 0 exactly where in &gt; 0,
    /// for tanh d tanh(x)/dx = 1 - tanh(x)^2), which is why the engine runs it in place on the layer before.
    /// </summary>
    public static unsafe class ActivationLayer
    {
        /// <summary>ReLU: output[i] = input[i] &gt; 0 ? input[i] : 0 (NaN gives 0); tanh: output[i] = tanh(input[i]). Input and output may be the same span.</summary>
        public static void Forward(CpuContext context, Activation function, ReadOnlySpan<float> input, Span<float> output, int count)
        {
            if (input.Length < count || output.Length < count) throw new ArgumentException($"{function}: {count} elements, spans of {input.Length} and {output.Length}");
            fixed (float* pIn = input)
            fixed (float* pOut = output)
            {
                var job = context.Job<ForwardJob>();
                job.Function = Checked(function);
                job.Input = pIn;
                job.Output = pOut;
                job.Count = count;
                context.RunElements(count, job);
            }
        }

        /// <summary>
        /// ReLU: dInput[i] = output[i] &gt; 0 ? dOutput[i] : 0; tanh: dInput[i] = dOutput[i] * (1 - output[i]^2).
        /// dInput and dOutput may be the same span.
        /// </summary>
        public static void Backward(CpuContext context, Activation function, ReadOnlySpan<float> output, ReadOnlySpan<float> dOutput, Span<float> dInput, int count)
        {
            if (output.Length < count || dOutput.Length < count || dInput.Length < count) throw new ArgumentException($"{function} backward: {count} elements, spans of {output.Length}, {dOutput.Length} and {dInput.Length}");
            fixed (float* pOut = output)
            fixed (float* pdOut = dOutput)
            fixed (float* pdIn = dInput)
            {
                var job = context.Job<BackwardJob>();
                job.Function = Checked(function);
                job.Output = pOut;
                job.DOutput = pdOut;
                job.DInput = pdIn;
                job.Count = count;
                context.RunElements(count, job);
            }
        }

        static Activation Checked(Activation function) =>
            function == Activation.Relu || function == Activation.Tanh ? function : throw new ArgumentOutOfRangeException(nameof(function), function, "unknown activation");

        sealed class ForwardJob : ParallelJob
        {
            public Activation Function;
            public float* Input, Output;
            public int Count;

            public override void Execute(int item, int worker)
            {
                var (i, end) = CpuContext.ElementRange(item, Count);
                if (Function == Activation.Tanh)
                {
                    for (; i < end; i++) Output[i] = MathF.Tanh(Input[i]);
                    return;
                }
                // x > 0 ? x : 0 in both loops (NaN and -0 give +0, as the CUDA kernels do): Vector.Max is IEEE
                // maximum on .NET 9 and later, which passes NaN on, and maxps before that, so it would make a NaN's
                // result depend on the runtime and on where the vector loop ends.
                int w = Vector<float>.Count;
                if (Vector.IsHardwareAccelerated)
                    for (; i + w <= end; i += w)
                    {
                        var x = *(Vector<float>*)(Input + i);
                        *(Vector<float>*)(Output + i) = Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero), x, Vector<float>.Zero);
                    }
                for (; i < end; i++) Output[i] = Input[i] > 0f ? Input[i] : 0f;
            }
        }

        sealed class BackwardJob : ParallelJob
        {
            public Activation Function;
            public float* Output, DOutput, DInput;
            public int Count;

            public override void Execute(int item, int worker)
            {
                var (i, end) = CpuContext.ElementRange(item, Count);
                if (Function == Activation.Tanh)
                {
                    for (; i < end; i++)
                    {
                        float y = Output[i];
                        DInput[i] = DOutput[i] * (1f - y * y);
                    }
                    return;
                }
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
