// Needs ONNX Runtime: in Unity, com.github.asus4.onnxruntime (the asmdef's versionDefines set SIGHTLINE_ONNXRUNTIME).
#if SIGHTLINE_ONNXRUNTIME
using System;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Engines;
using Sightline.Model;
using Sightline.Onnx;

namespace Sightline.Tests.Onnx
{
    public class OnnxRuntimeEngineTests
    {
        [Test]
        public void ExportedMiniMatchesThePlainLoopReference()
        {
            var model = OnnxTestModels.Mini(11);
            var x = OnnxTestModels.RandomInput(model.Spec, 2, 12);
            var expected = OnnxTestModels.ReferenceForward(model.Spec, model.Parameters, x, 2);
            using var engine = new OnnxRuntimeEngine(model, 2);
            var logits = new float[2 * model.Spec.Classes];
            engine.Forward(x, 2, logits, false);
            Assert.That(OnnxTestModels.MaxAbsDifference(logits, expected), Is.LessThan(1e-4f),
                "grouped convolutions and per-tower LRN as ONNX compute what the spec says");
        }

        [Test]
        public void SingleTowerAndTwoByTwoPoolingAblationMatchesTheReference()
        {
            var spec = NetworkSpec.Mini(6).WithAblations(1, true, false);
            var model = new TrainedModel(spec, OnnxTestModels.RandomParameters(spec, 21), null, InputNormalization.None);
            var x = OnnxTestModels.RandomInput(spec, 1, 22);
            using var engine = new OnnxRuntimeEngine(model);
            var logits = new float[spec.Classes];
            engine.Forward(x, 1, logits, false);
            Assert.That(OnnxTestModels.MaxAbsDifference(logits, OnnxTestModels.ReferenceForward(spec, model.Parameters, x, 1)), Is.LessThan(1e-4f));
        }

        [Test]
        public void SetParametersChangesTheOutputAndGetParametersReturnsThem()
        {
            var model = OnnxTestModels.Mini(31);
            var other = OnnxTestModels.RandomParameters(model.Spec, 32);
            var x = OnnxTestModels.RandomInput(model.Spec, 1, 33);
            using var engine = new OnnxRuntimeEngine(model);
            engine.SetParameters(other);
            var logits = new float[10];
            engine.Forward(x, 1, logits, false);
            Assert.That(OnnxTestModels.MaxAbsDifference(logits, OnnxTestModels.ReferenceForward(model.Spec, other, x, 1)), Is.LessThan(1e-4f));
            var back = new float[model.Spec.ParameterCount];
            engine.GetParameters(back);
            Assert.That(OnnxTestModels.FirstDifference(back, other), Is.EqualTo(-1));
        }

        [Test]
        public void IsInferenceOnly()
        {
            using var engine = new OnnxRuntimeEngine(OnnxTestModels.Mini());
            Assert.That(engine.CanTrain, Is.False);
            Assert.That(engine.Name, Is.EqualTo("onnxruntime-cpu"));
            Assert.Throws<NotSupportedException>(() => engine.Backward(new[] { 0 }));
            Assert.Throws<NotSupportedException>(() => engine.Update(new SgdSettings(0.01f)));
            Assert.Throws<NotSupportedException>(() => engine.GetGradients(new float[engine.Spec.ParameterCount]));
            var x = new float[engine.Spec.InputShape.Size];
            Assert.Throws<NotSupportedException>(() => engine.Forward(x, 1, new float[10], true));
        }

        [Test]
        public void InputOfTheWrongSizeIsRefusedWithTheNetworksSize()
        {
            using var engine = new OnnxRuntimeEngine(OnnxTestModels.Mini(), 2);
            var wrong = new float[3 * 64 * 64];
            var e = Assert.Throws<ArgumentException>(() => engine.Forward(wrong, 1, new float[10], false));
            Assert.That(e!.Message, Does.Contain("96"));
            Assert.Throws<ArgumentOutOfRangeException>(() => engine.Forward(new float[3 * 3 * 96 * 96], 3, new float[30], false));
        }

        [Test]
        public void CudaRequestedWithoutTheGpuPackageFallsBackToTheCpuAndSaysWhy()
        {
            string? logged = null;
            var options = new OnnxRuntimeOptions { UseCuda = true, Log = m => logged = m };
            using var engine = new OnnxRuntimeEngine(OnnxTestModels.Mini(), 1, options);
            if (engine.UsesCuda) Assert.Ignore("the CUDA execution provider is available here; the fallback is not exercised");
            Assert.That(engine.CudaFallbackReason, Does.Contain("CUDA"));
            Assert.That(logged, Is.EqualTo(engine.CudaFallbackReason));
            var logits = new float[10];
            engine.Forward(new float[engine.Spec.InputShape.Size], 1, logits, false);
            Assert.That(logits, Has.Some.Not.EqualTo(0f), "still runs, on the CPU");
        }

        [Test]
        public void DisposeReleasesTheSession()
        {
            var engine = new OnnxRuntimeEngine(OnnxTestModels.Mini());
            engine.Dispose();
            Assert.That(engine.IsDisposed, Is.True);
            Assert.Throws<ObjectDisposedException>(() => engine.Forward(new float[engine.Spec.InputShape.Size], 1, new float[10], false));
            engine.Dispose(); // twice is harmless
        }
    }
}
#endif
