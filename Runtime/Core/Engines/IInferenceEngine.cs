using System;
using Sightline.Model;

namespace Sightline.Engines
{
    /// <summary>
    /// What every engine does, including inference-only ones (ONNX Runtime): hold a network's parameters and run it
    /// forward. Tensors cross this interface as host spans in NCHW fp32; an engine keeps its own copies (on a GPU, on
    /// the device). Engines that also train implement <see cref="IEngine"/>.
    ///
    /// Parameters live in one flat buffer laid out by <see cref="NetworkSpec.Layers"/> (weights then bias per layer;
    /// OIHW for convolution, [out, in] for fully connected).
    /// </summary>
    public interface IInferenceEngine : IDisposable
    {
        /// <summary>A short name for reports: "cpu", "cuda", "onnxruntime-cpu".</summary>
        string Name { get; }
        NetworkSpec Spec { get; }
        /// <summary>The largest batch this engine was allocated for.</summary>
        int MaxBatch { get; }
        /// <summary>True when this engine is an <see cref="IEngine"/> that trains (false for ONNX Runtime).</summary>
        bool CanTrain { get; }

        void SetParameters(ReadOnlySpan<float> parameters);
        void GetParameters(Span<float> parameters);

        /// <summary>
        /// input: [batch, 3, H, W] (mean-subtracted), logits: [batch, classes]. <paramref name="training"/> is for
        /// engines that train (<see cref="IEngine"/>): it applies dropout with the mask of <see cref="DropoutMask"/>
        /// for (dropoutSeed, step) and keeps what <see cref="IEngine.Backward"/> needs; an inference-only engine
        /// throws NotSupportedException for it.
        /// </summary>
        void Forward(ReadOnlySpan<float> input, int batch, Span<float> logits, bool training);
    }
}
