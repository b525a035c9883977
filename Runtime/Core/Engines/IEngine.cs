using System;
using Sightline.Model;

namespace Sightline.Engines
{
    /// <summary>
    /// What every engine does (CPU, CUDA, ONNX Runtime for inference). Tensors cross this interface as host spans in
    /// NCHW fp32; an engine keeps its own copies (on a GPU, on the device).
    ///
    /// Parameters live in one flat buffer laid out by <see cref="NetworkSpec.Layers"/> (weights then bias per layer;
    /// OIHW for convolution, [out, in] for fully connected). Gradients and momentum use the same layout.
    /// </summary>
    public interface IEngine : IDisposable
    {
        /// <summary>A short name for reports: "cpu", "cuda", "onnxruntime-cpu".</summary>
        string Name { get; }
        NetworkSpec Spec { get; }
        /// <summary>The largest batch this engine was allocated for.</summary>
        int MaxBatch { get; }
        /// <summary>False for inference-only engines (ONNX Runtime): Backward and Update throw NotSupportedException.</summary>
        bool CanTrain { get; }

        void SetParameters(ReadOnlySpan<float> parameters);
        void GetParameters(Span<float> parameters);

        /// <summary>
        /// input: [batch, 3, H, W] (mean-subtracted), logits: [batch, classes].
        /// Training mode applies dropout with the mask of <see cref="DropoutMask"/> for (dropoutSeed, step).
        /// </summary>
        void Forward(ReadOnlySpan<float> input, int batch, Span<float> logits, bool training);

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
