// Needs ONNX Runtime: in Unity, com.github.asus4.onnxruntime (the asmdef's versionDefines set SIGHTLINE_ONNXRUNTIME).
#if SIGHTLINE_ONNXRUNTIME
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Cpu;
using Sightline.Model;
using Sightline.Onnx;

namespace Sightline.Tests.Onnx
{
    /// <summary>ONNX Runtime on the exported model is the independent oracle for the CPU engine's forward pass.</summary>
    public class CpuVersusOnnxRuntimeTests
    {
        static float Compare(TrainedModel model, int batch, ulong seed)
        {
            var x = OnnxTestModels.RandomInput(model.Spec, batch, seed);
            var cpu = new float[batch * model.Spec.Classes];
            var ort = new float[batch * model.Spec.Classes];
            using (var engine = new CpuEngine(model.Spec, batch))
            {
                engine.SetParameters(model.Parameters);
                engine.Forward(x, batch, cpu, false);
            }
            using (var engine = new OnnxRuntimeEngine(model, batch)) engine.Forward(x, batch, ort, false);
            Assert.That(ort, Has.Some.Not.EqualTo(0f));
            return OnnxTestModels.MaxAbsDifference(cpu, ort);
        }

        [Test]
        public void PaperPresetWithRandomWeightsMatchesOnnxRuntime()
        {
            var spec = NetworkSpec.Paper(1000);
            var model = new TrainedModel(spec, OnnxTestModels.RandomParameters(spec, 101), null, InputNormalization.None);
            Assert.That(Compare(model, 1, 102), Is.LessThan(1e-4f));
        }

        [Test]
        public void MiniPresetMatchesOnnxRuntime()
        {
            Assert.That(Compare(OnnxTestModels.Mini(103), 2, 104), Is.LessThan(1e-4f));
        }

        [Test]
        public void AblationsMatchOnnxRuntime()
        {
            var spec = NetworkSpec.Mini(5).WithAblations(1, false, false);
            var model = new TrainedModel(spec, OnnxTestModels.RandomParameters(spec, 105), null, InputNormalization.None);
            Assert.That(Compare(model, 2, 106), Is.LessThan(1e-4f));
        }

        [Test]
        public void TanhNetworkMatchesOnnxRuntime()
        {
            var spec = NetworkSpec.Mini(5).WithActivation(Activation.Tanh);
            var model = new TrainedModel(spec, OnnxTestModels.RandomParameters(spec, 107), null, InputNormalization.None);
            Assert.That(Compare(model, 2, 108), Is.LessThan(1e-4f));
        }

        [Test]
        public void LrnAcrossTowersMatchesOnnxRuntime()
        {
            // Exported as one LRN node over all channels; ONNX Runtime's LRN is the independent oracle of that window.
            var spec = NetworkSpec.Mini(5).WithLrnAcrossTowers(true);
            var model = new TrainedModel(spec, OnnxTestModels.RandomParameters(spec, 109), null, InputNormalization.None);
            Assert.That(Compare(model, 2, 110), Is.LessThan(1e-4f));
        }

        [Test]
        public void ImportedTorchvisionLayoutRunsOnTheCpuEngine()
        {
            var spec = OnnxTestModels.SmallTorchvisionLayout();
            var model = OnnxImporter.Read(OnnxTestModels.TorchvisionGraph(spec, OnnxTestModels.RandomParameters(spec, 107)), "small.onnx");
            Assert.That(Compare(model, 2, 108), Is.LessThan(1e-4f));
        }
    }
}
#endif
