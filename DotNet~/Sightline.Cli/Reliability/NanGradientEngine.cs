using System;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Cli.Reliability
{
    /// <summary>
    /// Wraps an engine and makes one update apply a NaN gradient: after step <see cref="PoisonStep"/> one weight and its
    /// momentum are NaN, exactly what SGD leaves when a gradient element is NaN. Everything else is the inner engine.
    /// </summary>
    public sealed class NanGradientEngine : IEngine
    {
        readonly IEngine _inner;

        public NanGradientEngine(IEngine inner, long poisonStep, int poisonIndex = 0)
        {
            _inner = inner;
            PoisonStep = poisonStep;
            PoisonIndex = poisonIndex;
        }

        /// <summary>The step (1-based, as <see cref="Step"/> reads after the update) whose gradient is NaN.</summary>
        public long PoisonStep { get; }
        public int PoisonIndex { get; }
        public bool Injected { get; private set; }

        public string Name => _inner.Name;
        public NetworkSpec Spec => _inner.Spec;
        public int MaxBatch => _inner.MaxBatch;
        public bool CanTrain => _inner.CanTrain;
        public ulong DropoutSeed { get => _inner.DropoutSeed; set => _inner.DropoutSeed = value; }
        public long Step { get => _inner.Step; set => _inner.Step = value; }

        public void SetParameters(ReadOnlySpan<float> parameters) => _inner.SetParameters(parameters);
        public void GetParameters(Span<float> parameters) => _inner.GetParameters(parameters);
        public void Forward(ReadOnlySpan<float> input, int batch, Span<float> logits, bool training) => _inner.Forward(input, batch, logits, training);
        public float Backward(ReadOnlySpan<int> labels) => _inner.Backward(labels);
        public void GetGradients(Span<float> gradients) => _inner.GetGradients(gradients);
        public void GetMomentum(Span<float> momentum) => _inner.GetMomentum(momentum);
        public void SetMomentum(ReadOnlySpan<float> momentum) => _inner.SetMomentum(momentum);

        public void Update(in SgdSettings settings)
        {
            _inner.Update(settings);
            if (_inner.Step != PoisonStep || Injected) return;
            Injected = true;
            var values = new float[Spec.ParameterCount];
            _inner.GetParameters(values);
            values[PoisonIndex] = float.NaN;
            _inner.SetParameters(values);
            _inner.GetMomentum(values);
            values[PoisonIndex] = float.NaN;
            _inner.SetMomentum(values);
        }

        public void Dispose() => _inner.Dispose();
    }
}
