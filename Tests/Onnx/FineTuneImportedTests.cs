using System;
using NUnit.Framework;
using Sightline.Cpu;
using Sightline.Engines;
using Sightline.Onnx;

namespace Sightline.Tests.Onnx
{
    /// <summary>An imported network fine-tunes on the CPU engine with a new classifier head.</summary>
    public class FineTuneImportedTests
    {
        [Test]
        public void ImportedTorchvisionLayoutTrainsWithANewHead()
        {
            var spec = OnnxTestModels.SmallTorchvisionLayout(7);
            var imported = OnnxImporter.Read(OnnxTestModels.TorchvisionGraph(spec, OnnxTestModels.RandomParameters(spec, 121)), "small.onnx");
            var tuned = imported.WithNewClasses(new[] { "crate", "barrel", "door" }, 5);
            Assert.That(tuned.Spec.Classes, Is.EqualTo(3));
            int fc8 = tuned.Spec["fc8"].WeightOffset;
            Assert.That(OnnxTestModels.FirstDifference(tuned.Parameters.AsSpan(0, fc8).ToArray(), imported.Parameters.AsSpan(0, fc8).ToArray()), Is.EqualTo(-1),
                "everything below fc8 is kept");

            using var engine = new CpuEngine(tuned.Spec, 4);
            engine.SetParameters(tuned.Parameters);
            var x = OnnxTestModels.RandomInput(tuned.Spec, 4, 122);
            var labels = new[] { 0, 1, 2, 1 };
            float before = EvalLoss(engine, x, labels);
            var logits = new float[4 * 3];
            for (int step = 0; step < 10; step++)
            {
                engine.Forward(x, 4, logits, true);
                Assert.That(float.IsNaN(engine.Backward(labels)), Is.False);
                engine.Update(new SgdSettings(0.002f));
            }
            Assert.That(EvalLoss(engine, x, labels), Is.LessThan(before), "a few SGD steps on one batch lower its (dropout-free) loss");
        }

        // Mean softmax cross-entropy of an inference forward (no dropout noise).
        static float EvalLoss(CpuEngine engine, float[] x, int[] labels)
        {
            var logits = new float[labels.Length * 3];
            engine.Forward(x, labels.Length, logits, false);
            double loss = 0;
            for (int n = 0; n < labels.Length; n++)
            {
                double max = Math.Max(logits[n * 3], Math.Max(logits[n * 3 + 1], logits[n * 3 + 2]));
                double sum = 0;
                for (int c = 0; c < 3; c++) sum += Math.Exp(logits[n * 3 + c] - max);
                loss += Math.Log(sum) + max - logits[n * 3 + labels[n]];
            }
            return (float)(loss / labels.Length);
        }
    }
}
