using System;
using System.Numerics;
using Sightline.Engines;

namespace Sightline.Cpu
{
    /// <summary>
    /// The paper's momentum SGD over a range of the flat buffers: v = m v - wd lr w - lr g; w = w + v.
    /// The engine calls it per layer with weight decay for weights and without for biases (Documentation~/network.md decision).
    /// Evaluated as ((m v) - ((wd lr) w)) - (lr g) in float, in vector and scalar code alike.
    /// </summary>
    public static unsafe class Sgd
    {
        /// <summary>Updates weights and momentum in place from gradients; <paramref name="applyDecay"/> false for biases.</summary>
        public static void Update(CpuContext context, Span<float> weights, Span<float> momentum, ReadOnlySpan<float> gradients, in SgdSettings settings, bool applyDecay)
        {
            int count = weights.Length;
            if (momentum.Length != count || gradients.Length != count)
                throw new ArgumentException($"SGD: weights {count}, momentum {momentum.Length} and gradients {gradients.Length} must have the same length");
            fixed (float* w = weights)
            fixed (float* v = momentum)
            fixed (float* g = gradients)
            {
                var job = context.Job<UpdateJob>();
                job.W = w;
                job.V = v;
                job.G = g;
                job.Count = count;
                job.Momentum = settings.Momentum;
                job.LearningRate = settings.LearningRate;
                job.Decay = applyDecay ? settings.WeightDecay * settings.LearningRate : 0f;
                context.RunElements(count, job);
            }
        }

        sealed class UpdateJob : ParallelJob
        {
            public float* W, V, G;
            public int Count;
            public float Momentum, LearningRate, Decay;

            public override void Execute(int item, int worker)
            {
                var (i, end) = CpuContext.ElementRange(item, Count);
                int n = Vector<float>.Count;
                if (Vector.IsHardwareAccelerated)
                {
                    var m = new Vector<float>(Momentum);
                    var lr = new Vector<float>(LearningRate);
                    var d = new Vector<float>(Decay);
                    for (; i + n <= end; i += n)
                    {
                        var w = *(Vector<float>*)(W + i);
                        var v = m * *(Vector<float>*)(V + i) - d * w - lr * *(Vector<float>*)(G + i);
                        *(Vector<float>*)(V + i) = v;
                        *(Vector<float>*)(W + i) = w + v;
                    }
                }
                for (; i < end; i++)
                {
                    float w = W[i];
                    float v = Momentum * V[i] - Decay * w - LearningRate * G[i];
                    V[i] = v;
                    W[i] = w + v;
                }
            }
        }
    }
}
