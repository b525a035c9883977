using System;
using System.Collections.Generic;
using System.Threading;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Tests.Core.Classification
{
    /// <summary>
    /// A test engine whose Forward can be held open, so tests control what arrives while a batch runs. Its logit for
    /// class c is input element c (the red value of pixel c for an unnormalised frame the classifier did not resize).
    /// </summary>
    internal sealed class GatedEngine : IEngine
    {
        readonly ManualResetEventSlim _gate = new ManualResetEventSlim(true);
        readonly SemaphoreSlim _entered = new SemaphoreSlim(0);
        readonly List<int> _batches = new List<int>();

        public GatedEngine(int classes = 4, int maxBatch = 4)
        {
            Spec = NetworkSpec.Mini(classes);
            MaxBatch = maxBatch;
        }

        public string Name => "gated";
        public NetworkSpec Spec { get; }
        public int MaxBatch { get; }
        public bool CanTrain => false;
        public bool Disposed { get; private set; }
        /// <summary>When set, Forward throws it (an engine failure the classifier must pass on).</summary>
        public Exception? FailWith { get; set; }
        public ulong DropoutSeed { get; set; }
        public long Step { get; set; }

        public int[] Batches
        {
            get { lock (_batches) return _batches.ToArray(); }
        }

        /// <summary>Later Forward calls wait until <see cref="Open"/>.</summary>
        public void Close() => _gate.Reset();
        public void Open() => _gate.Set();

        /// <summary>Waits until a Forward call has started.</summary>
        public bool WaitEntered(int milliseconds = 10000) => _entered.Wait(milliseconds);

        public void Forward(ReadOnlySpan<float> input, int batch, Span<float> logits, bool training)
        {
            _entered.Release();
            if (!_gate.Wait(30000)) throw new TimeoutException("the test never opened the gate");
            if (FailWith != null) throw FailWith;
            lock (_batches) _batches.Add(batch);
            int size = Spec.InputShape.Size, classes = Spec.Classes;
            for (int n = 0; n < batch; n++)
                for (int c = 0; c < classes; c++) logits[n * classes + c] = input[n * size + c];
        }

        public void SetParameters(ReadOnlySpan<float> parameters) { }
        public void GetParameters(Span<float> parameters) { }
        public float Backward(ReadOnlySpan<int> labels) => throw new NotSupportedException();
        public void GetGradients(Span<float> gradients) => throw new NotSupportedException();
        public void Update(in SgdSettings settings) => throw new NotSupportedException();
        public void GetMomentum(Span<float> momentum) => throw new NotSupportedException();
        public void SetMomentum(ReadOnlySpan<float> momentum) => throw new NotSupportedException();
        public void Dispose() => Disposed = true;

        /// <summary>A 96x96 frame the engine classifies as <paramref name="label"/> (pixel `label` is bright red).</summary>
        public static Sightline.Imaging.Frame FrameOf(int label)
        {
            var rgb = new byte[96 * 96 * 3];
            rgb[label * 3] = 200;
            return new Sightline.Imaging.Frame(rgb, 96, 96);
        }
    }
}
