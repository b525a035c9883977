using System;
using NUnit.Framework;
using Sightline.Cpu;
using Sightline.Model;
using Sightline.Engines;

namespace Sightline.Tests.Core.Cpu
{
    public class PointwiseLayerTests
    {
        [Test]
        public void ReluForwardAndBackward()
        {
            float[] x = { -2f, -0f, 0.5f, 3f, -1e-7f, 1e-7f };
            var y = new float[x.Length];
            using var context = new CpuContext(2);
            ActivationLayer.Forward(context, Activation.Relu, x, y, x.Length);
            Assert.That(y, Is.EqualTo(new[] { 0f, 0f, 0.5f, 3f, 0f, 1e-7f }));
            float[] dy = { 1, 2, 3, 4, 5, 6 };
            var dx = new float[x.Length];
            ActivationLayer.Backward(context, Activation.Relu, y, dy, dx, x.Length);
            Assert.That(dx, Is.EqualTo(new[] { 0f, 0f, 3f, 4f, 0f, 6f }));
        }

        // ActivationLayer replaced the separate Relu and Tanh layers: every chunk (and ReLU's vector body and scalar
        // tail) must give the bits of those layers' element formulas, out of place and in place.
        [TestCase(Activation.Relu)]
        [TestCase(Activation.Tanh)]
        public void ActivationGivesTheElementFormulaBitForBitAcrossChunks(Activation function)
        {
            int count = 2 * 16384 + 37; // two full parallel chunks and a ragged third
            var x = GradientCheck.Random(count, 51, 3.0);
            for (int i = 0; i < count; i += 101) x[i] = i % 202 == 0 ? -0f : 0f;
            // NaN and infinities in the vector body and in the scalar tail: ReLU's NaN must not depend on which.
            foreach (int i in new[] { 3, 1001, 16384 + 5, count - 2 }) x[i] = float.NaN;
            x[77] = float.PositiveInfinity;
            x[count - 1] = float.NegativeInfinity;
            var dy = GradientCheck.Random(count, 52);
            var y = new float[count];
            var dx = new float[count];
            using var context = new CpuContext(2);
            ActivationLayer.Forward(context, function, x, y, count);
            var inPlace = (float[])x.Clone();
            ActivationLayer.Forward(context, function, inPlace, inPlace, count);
            ActivationLayer.Backward(context, function, y, dy, dx, count);
            var dInPlace = (float[])dy.Clone();
            ActivationLayer.Backward(context, function, y, dInPlace, dInPlace, count);
            for (int i = 0; i < count; i++)
            {
                float wantY = function == Activation.Tanh ? MathF.Tanh(x[i]) : x[i] > 0f ? x[i] : 0f;
                float wantDx = function == Activation.Tanh ? dy[i] * (1f - wantY * wantY) : wantY > 0f ? dy[i] : 0f;
                int want = BitConverter.SingleToInt32Bits(wantY), wantD = BitConverter.SingleToInt32Bits(wantDx);
                if (BitConverter.SingleToInt32Bits(y[i]) != want || BitConverter.SingleToInt32Bits(inPlace[i]) != want)
                    Assert.Fail($"{function} forward, element {i} of {x[i]:R}: {y[i]:R} (in place {inPlace[i]:R}), want {wantY:R}");
                if (BitConverter.SingleToInt32Bits(dx[i]) != wantD || BitConverter.SingleToInt32Bits(dInPlace[i]) != wantD)
                    Assert.Fail($"{function} backward, element {i}: {dx[i]:R} (in place {dInPlace[i]:R}), want {wantDx:R}");
            }
        }

        [Test]
        public void ReluBackwardMatchesFiniteDifferences()
        {
            var x = GradientCheck.Random(40000, 21); // more than one parallel chunk
            for (int i = 0; i < x.Length; i++) if (Math.Abs(x[i]) < 0.05f) x[i] = 0.5f; // keep away from the kink
            var projection = GradientCheck.Random(x.Length, 22);
            var y = new float[x.Length];
            using var context = new CpuContext(2);
            double Loss()
            {
                ActivationLayer.Forward(context, Activation.Relu, x, y, x.Length);
                return GradientCheck.Dot(y, projection);
            }
            Loss();
            var dx = new float[x.Length];
            ActivationLayer.Backward(context, Activation.Relu, y, projection, dx, x.Length);
            var sample = new float[64];
            var sampleGrad = new float[64];
            // Check a strided sample (every element would be 80,000 forward passes).
            for (int s = 0; s < sample.Length; s++) sampleGrad[s] = dx[s * 613];
            for (int s = 0; s < sample.Length; s++)
            {
                int i = s * 613;
                float saved = x[i];
                x[i] = saved + 1e-2f; double plus = Loss();
                x[i] = saved - 1e-2f; double minus = Loss();
                x[i] = saved;
                Assert.That((plus - minus) / 2e-2, Is.EqualTo(sampleGrad[s]).Within(1e-3), $"element {i}");
            }
        }

        [Test]
        public void DropoutKeepsExactlyTheSharedMaskAndScalesByTheInverseKeepProbability()
        {
            int count = 50000;
            var x = GradientCheck.Random(count, 31);
            var y = new float[count];
            using var context = new CpuContext(2);
            Dropout.Forward(context, 99, 1, 7, 0.5f, count, x, y);
            int kept = 0;
            for (int i = 0; i < count; i++)
            {
                bool keep = DropoutMask.Keep(99, 1, 7, i, 0.5f);
                Assert.That(y[i], Is.EqualTo(keep ? x[i] * 2f : 0f), $"element {i}");
                if (keep) kept++;
            }
            Assert.That(kept / (double)count, Is.EqualTo(0.5).Within(0.01));

            var dy = GradientCheck.Random(count, 32);
            var dx = new float[count];
            Dropout.Backward(context, 99, 1, 7, 0.5f, count, dy, dx);
            for (int i = 0; i < count; i += 7)
                Assert.That(dx[i], Is.EqualTo(DropoutMask.Keep(99, 1, 7, i, 0.5f) ? dy[i] * 2f : 0f), $"gradient {i}");
        }

        [Test]
        public void DropoutMaskChangesWithStepAndLayer()
        {
            int count = 1000;
            var x = new float[count];
            for (int i = 0; i < count; i++) x[i] = 1f;
            var a = new float[count];
            var b = new float[count];
            var c = new float[count];
            using var context = new CpuContext(1);
            Dropout.Forward(context, 5, 0, 1, 0.5f, count, x, a);
            Dropout.Forward(context, 5, 0, 2, 0.5f, count, x, b);
            Dropout.Forward(context, 5, 1, 1, 0.5f, count, x, c);
            Assert.That(b, Is.Not.EqualTo(a));
            Assert.That(c, Is.Not.EqualTo(a));
        }

        [Test]
        public void FullyConnectedBackwardMatchesFiniteDifferences()
        {
            int inputs = 13, outputs = 7, batch = 3;
            var x = GradientCheck.Random(batch * inputs, 41);
            var w = GradientCheck.Random(inputs * outputs, 42, 0.3);
            var bias = GradientCheck.Random(outputs, 43);
            var projection = GradientCheck.Random(batch * outputs, 44);
            var y = new float[batch * outputs];
            using var context = new CpuContext(2);
            double Loss()
            {
                FullyConnected.Forward(context, inputs, outputs, batch, x, w, bias, y);
                return GradientCheck.Dot(y, projection);
            }
            var dx = new float[x.Length];
            var dw = new float[w.Length];
            var db = new float[bias.Length];
            FullyConnected.Backward(context, inputs, outputs, batch, x, w, projection, dx, dw, db);
            GradientCheck.Check("dInput", x, dx, Loss, 1e-2f, 1e-3, 1e-3);
            GradientCheck.Check("dWeights", w, dw, Loss, 1e-2f, 1e-3, 1e-3);
            GradientCheck.Check("dBias", bias, db, Loss, 1e-2f, 1e-3, 1e-3);
        }

        [Test]
        public void FullyConnectedKnownAnswer()
        {
            // [1 2] x [[1 0] [0 1] [1 1]]^T + [10 20 30] = [11 22 33]
            float[] x = { 1, 2 };
            float[] w = { 1, 0, 0, 1, 1, 1 };
            float[] bias = { 10, 20, 30 };
            var y = new float[3];
            using var context = new CpuContext(1);
            FullyConnected.Forward(context, 2, 3, 1, x, w, bias, y);
            Assert.That(y, Is.EqualTo(new[] { 11f, 22f, 33f }));
        }

        [Test]
        public void CrossEntropyOfEqualLogitsIsLogClassesAndItsGradientMatchesFiniteDifferences()
        {
            int classes = 5, batch = 3;
            var zeros = new float[batch * classes];
            Assert.That(SoftmaxCrossEntropy.Forward(classes, batch, zeros, new[] { 0, 3, 4 }, Span<float>.Empty), Is.EqualTo(Math.Log(5)).Within(1e-6));

            var logits = GradientCheck.Random(batch * classes, 51, 2);
            int[] labels = { 2, 0, 4 };
            var grad = new float[logits.Length];
            SoftmaxCrossEntropy.Forward(classes, batch, logits, labels, grad);
            GradientCheck.Check("dLogits", logits, grad, () => SoftmaxCrossEntropy.Forward(classes, batch, logits, labels, Span<float>.Empty), 1e-2f, 1e-2, 1e-4);

            var probabilities = new float[logits.Length];
            SoftmaxCrossEntropy.Softmax(classes, batch, logits, probabilities);
            for (int b = 0; b < batch; b++)
            {
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += probabilities[b * classes + c];
                Assert.That(sum, Is.EqualTo(1.0).Within(1e-6));
                Assert.That(grad[b * classes + labels[b]], Is.EqualTo((probabilities[b * classes + labels[b]] - 1f) / batch).Within(1e-6));
            }
        }

        [Test]
        public void CrossEntropyRefusesALabelOutsideTheClasses()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => SoftmaxCrossEntropy.Forward(3, 1, new float[3], new[] { 3 }, Span<float>.Empty));
            Assert.That(e!.Message, Does.Contain("outside 0..2"));
        }
    }
}
