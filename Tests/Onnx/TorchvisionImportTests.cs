// Needs ONNX Runtime: in Unity, com.github.asus4.onnxruntime (the asmdef's versionDefines set SIGHTLINE_ONNXRUNTIME).
#if SIGHTLINE_ONNXRUNTIME
using System.IO;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Model;
using Sightline.Onnx;

namespace Sightline.Tests.Onnx
{
    /// <summary>AlexNets exported from PyTorch in torchvision's layout (graphs built here with the same node structure).</summary>
    public class TorchvisionImportTests
    {
        [Test]
        public void TorchvisionAlexNetImportsAsTheTorchvisionSpecAndMatchesOnnxRuntime()
        {
            var spec = NetworkSpec.Torchvision(10);
            var parameters = OnnxTestModels.RandomParameters(spec, 41);
            var path = OnnxTestModels.TempPath("torchvision.onnx");
            File.WriteAllBytes(path, OnnxTestModels.TorchvisionGraph(spec, parameters));
            try
            {
                var model = OnnxImporter.Load(path);
                Assert.That(model.Spec.Preset, Is.EqualTo(NetworkSpec.TorchvisionPreset));
                Assert.That(model.Spec.IsCompatibleWith(spec), Is.True);
                Assert.That(OnnxTestModels.FirstDifference(model.Parameters, parameters), Is.EqualTo(-1));
                Assert.That(model.Labels[3], Is.EqualTo("class3"), "no labels in a PyTorch export");
                Assert.That(model.Normalization.PixelScale, Is.EqualTo(1f / 255f), "torchvision's ImageNet preprocessing by default");

                // ONNX Runtime on the original file and on our re-export of the imported model agree.
                var x = OnnxTestModels.RandomInput(spec, 1, 42);
                var original = new float[10];
                var ours = new float[10];
                using (var foreign = OnnxRuntimeEngine.FromFile(path)) foreign.Forward(x, 1, original, false);
                using (var reexported = new OnnxRuntimeEngine(model)) reexported.Forward(x, 1, ours, false);
                Assert.That(OnnxTestModels.MaxAbsDifference(original, ours), Is.LessThan(1e-4f));
                Assert.That(original, Has.Some.Not.EqualTo(0f));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestCase(false)]
        [TestCase(true)]
        public void SmallTorchvisionLayoutImportsAndMatchesTheReference(bool matMul)
        {
            var spec = OnnxTestModels.SmallTorchvisionLayout();
            var parameters = OnnxTestModels.RandomParameters(spec, 51);
            var bytes = OnnxTestModels.TorchvisionGraph(spec, parameters, matMul);
            var model = OnnxImporter.Read(bytes, "small.onnx", new OnnxImportOptions { Normalization = InputNormalization.None });
            Assert.That(model.Spec.LayerWidths, Is.EqualTo(new[] { 8, 12, 16, 12, 8, 24, 20 }));
            Assert.That(model.Spec.Towers, Is.EqualTo(1));
            Assert.That(model.Spec.LocalResponseNorm, Is.False);
            Assert.That(OnnxTestModels.FirstDifference(model.Parameters, parameters), Is.EqualTo(-1), matMul ? "MatMul weights [in, out] are transposed back" : "Gemm weights copy as they are");

            var path = OnnxTestModels.TempPath("small.onnx");
            File.WriteAllBytes(path, bytes);
            try
            {
                var x = OnnxTestModels.RandomInput(spec, 2, 52);
                var logits = new float[2 * spec.Classes];
                using (var engine = OnnxRuntimeEngine.FromFile(path, 2)) engine.Forward(x, 2, logits, false);
                Assert.That(OnnxTestModels.MaxAbsDifference(logits, OnnxTestModels.ReferenceForward(model.Spec, model.Parameters, x, 2)), Is.LessThan(1e-4f));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Test]
        public void LabelsCanBeGivenForAForeignModel()
        {
            var spec = OnnxTestModels.SmallTorchvisionLayout(3);
            var bytes = OnnxTestModels.TorchvisionGraph(spec, OnnxTestModels.RandomParameters(spec, 61));
            var model = OnnxImporter.Read(bytes, "small.onnx", new OnnxImportOptions { Labels = new[] { "cat", "dog", "cow" } });
            Assert.That(model.Labels, Is.EqualTo(new[] { "cat", "dog", "cow" }));
            var e = Assert.Throws<OnnxImportException>(() => OnnxImporter.Read(bytes, "small.onnx", new OnnxImportOptions { Labels = new[] { "cat" } }));
            Assert.That(e!.Message, Does.Contain("small.onnx").And.Contain("3 outputs"));
        }
    }
}
#endif
