using System;

namespace Sightline.Cpu
{
    /// <summary>
    /// Fully connected layer. Layouts: input [B, In] (any [B, C, H, W] flattened in NCHW order), weights [Out, In],
    /// bias [Out], output [B, Out]: out[b, o] = bias[o] + sum_i w[o, i] in[b, i].
    /// </summary>
    public static unsafe class FullyConnected
    {
        /// <summary>GEMM packing space for this layer's products at batch <paramref name="maxBatch"/>.</summary>
        public static void Reserve(CpuContext context, int inputs, int outputs, int maxBatch)
        {
            Gemm.Reserve(context, maxBatch, outputs, inputs);
            Gemm.Reserve(context, outputs, inputs, maxBatch);
            Gemm.Reserve(context, maxBatch, inputs, outputs);
        }

        public static void Forward(CpuContext context, int inputs, int outputs, int batch,
            ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
        {
            Check(inputs, outputs, batch, input.Length, weights.Length, bias.Length, output.Length);
            fixed (float* pIn = input)
            fixed (float* pW = weights)
            fixed (float* pOut = output)
            {
                // Rows start at the bias, then GEMM accumulates: out [B, Out] += in [B, In] x W^T [In, Out].
                for (int b = 0; b < batch; b++) bias.Slice(0, outputs).CopyTo(output.Slice(b * outputs, outputs));
                Gemm.Multiply(context, false, true, batch, outputs, inputs, pIn, inputs, pW, inputs, pOut, outputs, true);
            }
        }

        /// <summary>Gradients of weights and bias (overwritten) and, unless <paramref name="dInput"/> is empty, of the input (overwritten).</summary>
        public static void Backward(CpuContext context, int inputs, int outputs, int batch,
            ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> dOutput,
            Span<float> dInput, Span<float> dWeights, Span<float> dBias)
        {
            Check(inputs, outputs, batch, input.Length, weights.Length, dBias.Length, dOutput.Length);
            if (dWeights.Length < (long)inputs * outputs) throw new ArgumentException($"fully connected weight gradient: {dWeights.Length} floats, needs {(long)inputs * outputs}");
            if (!dInput.IsEmpty && dInput.Length < (long)batch * inputs) throw new ArgumentException($"fully connected input gradient: {dInput.Length} floats, needs {(long)batch * inputs}");
            fixed (float* pIn = input)
            fixed (float* pW = weights)
            fixed (float* pdOut = dOutput)
            fixed (float* pdIn = dInput)
            fixed (float* pdW = dWeights)
            fixed (float* pdB = dBias)
            {
                // dW [Out, In] = dOut^T [Out, B] x in [B, In]
                Gemm.Multiply(context, true, false, outputs, inputs, batch, pdOut, outputs, pIn, inputs, pdW, inputs, false);
                // dIn [B, In] = dOut [B, Out] x W [Out, In]
                if (!dInput.IsEmpty) Gemm.Multiply(context, false, false, batch, inputs, outputs, pdOut, outputs, pW, inputs, pdIn, inputs, false);
                Planes.SumPerChannel(context, pdOut, pdB, batch, outputs, 1);
            }
        }

        static void Check(int inputs, int outputs, int batch, int input, int weights, int bias, int output)
        {
            if (inputs < 1 || outputs < 1 || batch < 1) throw new ArgumentException($"fully connected {inputs} -> {outputs}, batch {batch}: sizes must be positive");
            if (input < (long)batch * inputs) throw new ArgumentException($"fully connected input: {input} floats, needs {(long)batch * inputs}");
            if (weights < (long)inputs * outputs) throw new ArgumentException($"fully connected weights: {weights} floats, needs {(long)inputs * outputs}");
            if (bias < outputs) throw new ArgumentException($"fully connected bias: {bias} floats, needs {outputs}");
            if (output < (long)batch * outputs) throw new ArgumentException($"fully connected output: {output} floats, needs {(long)batch * outputs}");
        }
    }
}
