using System;
using Sightline.Model;

namespace Sightline.Engines
{
    /// <summary>
    /// An engine that trains (CPU, CUDA): an <see cref="IInferenceEngine"/> with the backward pass, the SGD update and
    /// the optimiser state. Gradients and momentum use the parameters' flat layout (<see cref="NetworkSpec.Layers"/>).
    /// </summary>
    public interface IEngine : IInferenceEngine
    {
        /// <summary>
        /// After a training Forward: softmax cross-entropy against labels [batch], gradients of the mean loss into the
        /// gradient buffer (overwritten, not accumulated). Returns the mean loss.
        /// </summary>
        float Backward(ReadOnlySpan<int> labels);

        void GetGradients(Span<float> gradients);

        /// <summary>One SGD step over the flat buffer (SgdSettings), then the step counter advances.</summary>
        void Update(in SgdSettings settings);

        /// <summary>Optimiser state: the momentum buffer, same layout as the parameters.</summary>
        void GetMomentum(Span<float> momentum);
        void SetMomentum(ReadOnlySpan<float> momentum);

        /// <summary>Seed of the dropout masks; with <see cref="Step"/> it determines every mask.</summary>
        ulong DropoutSeed { get; set; }
        /// <summary>Training steps taken (updates applied); the dropout mask's counter.</summary>
        long Step { get; set; }
    }
}
