// Needs ONNX Runtime: in Unity, com.github.asus4.onnxruntime (the asmdef's versionDefines set SIGHTLINE_ONNXRUNTIME).
#if SIGHTLINE_ONNXRUNTIME
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Onnx;

namespace Sightline.Tests.Onnx
{
    /// <summary>The classifier over ONNX Runtime: concurrent callers get their own frame's answer.</summary>
    public class OnnxClassifierTests
    {
        [Test]
        public void EightConcurrentCallersGetTheSameResultsAsOneAtATime()
        {
            var model = OnnxTestModels.Mini(81);
            var frames = Enumerable.Range(0, 8).Select(i => OnnxTestModels.RandomFrame(120 + 10 * i, 100 + 7 * i, (ulong)(90 + i))).ToArray();

            // One at a time, straight through the engine.
            var expected = new LabelScore[8][];
            using (var engine = new OnnxRuntimeEngine(model))
            {
                var x = new float[model.Spec.InputShape.Size];
                var logits = new float[model.Spec.Classes];
                for (int i = 0; i < 8; i++)
                {
                    FramePreprocessor.Prepare(frames[i], 96, model.Normalization, x);
                    engine.Forward(x, 1, logits, false);
                    expected[i] = ClassificationResult.TopK(logits, model.Labels, 5);
                }
            }

            var onnx = new OnnxRuntimeEngine(model, 8);
            using var classifier = new ImageClassifier(onnx, model);
            using var start = new Barrier(8);
            var results = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            {
                start.SignalAndWait();
                return classifier.ClassifyAsync(frames[i]).Result;
            })).ToArray();
            Assert.That(Task.WaitAll(results, 60000), Is.True);
            for (int i = 0; i < 8; i++)
            {
                var got = results[i].Result.Top;
                Assert.That(got.Select(t => t.Index), Is.EqualTo(expected[i].Select(t => t.Index)), $"caller {i}");
                for (int k = 0; k < 5; k++) Assert.That(got[k].Probability, Is.EqualTo(expected[i][k].Probability).Within(1e-5), $"caller {i}, rank {k}");
            }
            Assert.That(classifier.FramesClassified, Is.EqualTo(8));
            Assert.That(classifier.BatchesRun, Is.LessThanOrEqualTo(8));
        }

        [Test]
        public void DisposeReleasesTheOnnxRuntimeSession()
        {
            var model = OnnxTestModels.Mini(82);
            var engine = new OnnxRuntimeEngine(model);
            var classifier = new ImageClassifier(engine, model);
            Assert.That(classifier.ClassifyAsync(OnnxTestModels.RandomFrame(96, 96, 1)).Wait(30000), Is.True);
            classifier.Dispose();
            Assert.That(engine.IsDisposed, Is.True, "the classifier owned the engine and released its native session");
        }
    }
}
#endif
