#nullable enable
using System;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Unity.Classification
{
    /// <summary>
    /// An inference engine whose Forward is marked <see cref="ClassificationMarkers.Inference"/> in the Unity Profiler
    /// (on the classifier's worker thread, where the network runs). Everything else passes through; disposing it
    /// disposes the engine.
    /// </summary>
    sealed class ProfiledEngine : IInferenceEngine
    {
        readonly IInferenceEngine _engine;

        public ProfiledEngine(IInferenceEngine engine) => _engine = engine ?? throw new ArgumentNullException(nameof(engine));

        public string Name => _engine.Name;
        public NetworkSpec Spec => _engine.Spec;
        public int MaxBatch => _engine.MaxBatch;
        public bool CanTrain => false;
        public void SetParameters(ReadOnlySpan<float> parameters) => _engine.SetParameters(parameters);
        public void GetParameters(Span<float> parameters) => _engine.GetParameters(parameters);

        public void Forward(ReadOnlySpan<float> input, int batch, Span<float> logits, bool training)
        {
            using (ClassificationMarkers.Inference.Auto()) _engine.Forward(input, batch, logits, training);
        }

        public void Dispose() => _engine.Dispose();
    }
}
