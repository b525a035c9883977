using System;
using System.Linq;
using NUnit.Framework;
using Sightline.Cpu;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Tests.Core.Cpu
{
    public class CpuEngineTests
    {
        // 4 classes, 64x64 input, an eighth of the paper's width: every layer of the paper, small enough for a unit test.
        static NetworkSpec Tiny(float dropout = 0.5f) => new NetworkSpec("tiny", 4, 64, 0.125f, 2, true, true, dropout);

        [Test]
        public void EveryLayerOutputHasTheSpecShape()
        {
            var spec = NetworkSpec.Mini(10);
            using var engine = new CpuEngine(spec, 2, new CpuEngineOptions { ThreadCount = 2 });
            var input = GradientCheck.Random(2 * spec.InputShape.Size, 1);
            var logits = new float[2 * spec.Classes];
            engine.Forward(input, 2, logits, false);
            foreach (var layer in spec.Layers)
                Assert.That(engine.GetActivation(layer.Name).Length, Is.EqualTo(2 * layer.Output.Size), layer.Name);
            Assert.That(spec["pool1"].Output, Is.EqualTo(new TensorShape(24, 11, 11)));
            Assert.That(spec["pool5"].Output, Is.EqualTo(new TensorShape(64, 2, 2)));
            Assert.That(engine.GetActivation("fc8").ToArray(), Is.EqualTo(logits));
            foreach (var v in logits) Assert.That(float.IsFinite(v), Is.True);
        }

        [Test]
        public void NewParametersReachAForwardAfterAnEarlierOne()
        {
            // The engine keeps the convolution weights packed between forwards: a SetParameters must reach the next one.
            var spec = Tiny();
            var input = GradientCheck.Random(spec.InputShape.Size, 3);
            var other = new float[spec.ParameterCount];
            ParameterInitializer.Initialize(spec, 99, other);
            var expected = new float[spec.Classes];
            using (var fresh = new CpuEngine(spec, 1, new CpuEngineOptions { ThreadCount = 2, InitSeed = 99 }))
                fresh.Forward(input, 1, expected, false);
            var logits = new float[spec.Classes];
            using var engine = new CpuEngine(spec, 1, new CpuEngineOptions { ThreadCount = 2, InitSeed = 1 });
            engine.Forward(input, 1, logits, false);
            Assert.That(logits, Is.Not.EqualTo(expected), "two seeds gave the same logits: the check below would prove nothing");
            engine.SetParameters(other);
            engine.Forward(input, 1, logits, false);
            Assert.That(logits, Is.EqualTo(expected));
        }

        [Test]
        public void PaperNetworkRunsWithThePapersShapes()
        {
            var spec = NetworkSpec.Paper(1000);
            using var engine = new CpuEngine(spec, 1, new CpuEngineOptions { ThreadCount = 2 });
            var input = GradientCheck.Random(spec.InputShape.Size, 2);
            var logits = new float[spec.Classes];
            engine.Forward(input, 1, logits, false);
            Assert.That(engine.GetActivation("conv1").Length, Is.EqualTo(96 * 55 * 55));
            Assert.That(engine.GetActivation("pool2").Length, Is.EqualTo(256 * 13 * 13));
            Assert.That(engine.GetActivation("pool5").Length, Is.EqualTo(256 * 6 * 6));
            Assert.That(engine.GetActivation("fc7").Length, Is.EqualTo(4096));
            foreach (var v in logits) Assert.That(float.IsFinite(v), Is.True);
        }

        /// <summary>Steps of SGD on a fixed batch of 8 from fixed weights; the parameters after (also used by the GEMM kernel tests).</summary>
        internal static float[] Train(NetworkSpec spec, int threads, int steps, out float lastLoss)
        {
            using var engine = new CpuEngine(spec, 8, new CpuEngineOptions { ThreadCount = threads, InitSeed = 11 });
            engine.DropoutSeed = 5;
            var input = GradientCheck.Random(8 * spec.InputShape.Size, 3);
            var labels = new[] { 0, 1, 2, 3, 0, 1, 2, 3 };
            var logits = new float[8 * spec.Classes];
            lastLoss = 0;
            for (int s = 0; s < steps; s++)
            {
                engine.Forward(input, 8, logits, true);
                lastLoss = engine.Backward(labels);
                engine.Update(new SgdSettings(0.01f));
            }
            var parameters = new float[spec.ParameterCount];
            engine.GetParameters(parameters);
            return parameters;
        }

        [Test]
        public void SameSeedGivesBitwiseTheSameTrainingTwice()
        {
            var a = Train(Tiny(), 2, 3, out float lossA);
            var b = Train(Tiny(), 2, 3, out float lossB);
            Assert.That(lossB, Is.EqualTo(lossA));
            Assert.That(b, Is.EqualTo(a));
        }

        [Test]
        public void ThreadCountDoesNotChangeTheResult()
        {
            var one = Train(Tiny(), 1, 2, out float lossOne);
            var three = Train(Tiny(), 3, 2, out float lossThree);
            Assert.That(lossThree, Is.EqualTo(lossOne));
            Assert.That(three, Is.EqualTo(one));
        }

        [TestCase(Activation.Relu, false)]
        [TestCase(Activation.Tanh, false)]
        [TestCase(Activation.Relu, true)]
        public void GradientsMatchFiniteDifferencesThroughTheWholeNetwork(Activation activation, bool lrnAcrossTowers)
        {
            // Dropout stays on: its mask depends only on (seed, step), which the finite differences do not change.
            var spec = Tiny().WithActivation(activation).WithLrnAcrossTowers(lrnAcrossTowers);
            Assert.That(spec.Layers.Where(l => l.Kind == LayerKind.LocalResponseNorm).Select(l => l.Groups), Is.All.EqualTo(lrnAcrossTowers ? 1 : 2));
            Assert.That(spec.Layers.Count(l => l.Kind == (activation == Activation.Tanh ? LayerKind.Tanh : LayerKind.Relu)), Is.EqualTo(7));
            int batch = 2;
            using var engine = new CpuEngine(spec, batch, new CpuEngineOptions { ThreadCount = 2, InitSeed = 21 });
            engine.DropoutSeed = 9;
            var input = GradientCheck.Random(batch * spec.InputShape.Size, 22);
            var labels = new[] { 1, 3 };
            var logits = new float[batch * spec.Classes];
            var parameters = new float[spec.ParameterCount];
            var gradients = new float[spec.ParameterCount];
            engine.GetParameters(parameters);
            engine.Forward(input, batch, logits, true);
            engine.Backward(labels);
            engine.GetGradients(gradients);

            double Loss()
            {
                engine.SetParameters(parameters);
                engine.Forward(input, batch, logits, true);
                return SoftmaxCrossEntropy.Forward(spec.Classes, batch, logits, labels, Span<float>.Empty);
            }

            foreach (var layer in spec.Layers)
            {
                if (!layer.HasParameters) continue;
                // The layer's three largest gradients (weights or biases): well above float noise in the loss.
                var order = new int[layer.ParameterCount];
                var magnitude = new float[layer.ParameterCount];
                for (int i = 0; i < order.Length; i++)
                {
                    order[i] = layer.WeightOffset + i;
                    magnitude[i] = -Math.Abs(gradients[layer.WeightOffset + i]);
                }
                Array.Sort(magnitude, order);
                for (int pick = 0; pick < 3; pick++)
                {
                    int at = order[pick];
                    float saved = parameters[at];
                    // tanh saturates near +-1, where max-pool windows hold near-ties that a larger step would cross.
                    float eps = activation == Activation.Tanh ? 2e-4f : 1e-3f;
                    parameters[at] = saved + eps;
                    double plus = Loss();
                    parameters[at] = saved - eps;
                    double minus = Loss();
                    parameters[at] = saved;
                    double numeric = (plus - minus) / (2 * eps);
                    Assert.That(numeric, Is.EqualTo(gradients[at]).Within(0.05 * Math.Abs(gradients[at]) + 2e-4), $"{layer.Name} parameter {at - layer.WeightOffset}");
                }
            }
        }

        [Test]
        public void TinyNetworkLearnsThirtyTwoFixedImagesPerfectly()
        {
            var spec = Tiny();
            int batch = 32;
            using var engine = new CpuEngine(spec, batch, new CpuEngineOptions { ThreadCount = 2, InitSeed = 1 });
            engine.DropoutSeed = 2;
            var input = GradientCheck.Random(batch * spec.InputShape.Size, 31);
            var labels = new int[batch];
            var random = new Sightline.Randomness.SeededRandom(32);
            for (int i = 0; i < batch; i++) labels[i] = random.NextInt(spec.Classes);
            var logits = new float[batch * spec.Classes];
            int step;
            double accuracy = 0;
            for (step = 1; step <= 400; step++)
            {
                engine.Forward(input, batch, logits, true);
                engine.Backward(labels);
                engine.Update(new SgdSettings(0.01f));
                if (step % 10 != 0) continue;
                engine.Forward(input, batch, logits, false);
                accuracy = Accuracy(logits, labels, spec.Classes);
                if (accuracy == 1.0) break;
            }
            Assert.That(accuracy, Is.EqualTo(1.0), $"training accuracy after {step - 1} steps");
            TestContext.WriteLine($"100% training accuracy after {step} steps");
        }

        static double Accuracy(float[] logits, int[] labels, int classes)
        {
            int right = 0;
            for (int b = 0; b < labels.Length; b++)
            {
                int best = 0;
                for (int c = 1; c < classes; c++) if (logits[b * classes + c] > logits[b * classes + best]) best = c;
                if (best == labels[b]) right++;
            }
            return right / (double)labels.Length;
        }

        [Test]
        public void TrainingStepsAllocateNothing()
        {
#if !NET
            Assert.Ignore("GC.GetTotalAllocatedBytes is a .NET (Core) API");
#else
            var spec = Tiny();
            using var engine = new CpuEngine(spec, 4, new CpuEngineOptions { ThreadCount = 2 });
            var input = GradientCheck.Random(4 * spec.InputShape.Size, 41);
            var labels = new[] { 0, 1, 2, 3 };
            var logits = new float[4 * spec.Classes];
            var settings = new SgdSettings(0.01f);
            void Step()
            {
                engine.Forward(input, 4, logits, true);
                engine.Backward(labels);
                engine.Update(settings);
                engine.Forward(input, 4, logits, false);
            }
            Step(); // first use creates the layers' reusable job objects
            Step();
            // The count is process-wide, so a background thread (tiered JIT, another test's leftover task) can add to
            // one measurement; an engine that allocates per step adds to every one. Hence the least of three.
            long allocated = long.MaxValue;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                long before = GC.GetTotalAllocatedBytes(true);
                for (int i = 0; i < 3; i++) Step();
                allocated = Math.Min(allocated, GC.GetTotalAllocatedBytes(true) - before);
            }
            Assert.That(allocated, Is.LessThan(1024), $"{allocated} bytes allocated by 3 training steps (the least of three measurements)");
#endif
        }

        [Test]
        public void BackwardWithoutATrainingForwardIsRefused()
        {
            var spec = Tiny();
            using var engine = new CpuEngine(spec, 1);
            var logits = new float[spec.Classes];
            engine.Forward(new float[spec.InputShape.Size], 1, logits, false);
            Assert.Throws<InvalidOperationException>(() => engine.Backward(new[] { 0 }));
        }

        [Test]
        public void WrongSizesAreRefusedWithWhatIsExpected()
        {
            var spec = Tiny();
            using var engine = new CpuEngine(spec, 2);
            var logits = new float[2 * spec.Classes];
            var e = Assert.Throws<ArgumentException>(() => engine.Forward(new float[10], 2, logits, false));
            Assert.That(e!.Message, Does.Contain((2 * spec.InputShape.Size).ToString()));
            Assert.Throws<ArgumentOutOfRangeException>(() => engine.Forward(new float[3 * spec.InputShape.Size], 3, new float[3 * spec.Classes], false));
            Assert.Throws<ArgumentException>(() => engine.SetParameters(new float[5]));
        }

        // The five flat copies share one checked copy: each refuses a wrong length by name before touching either side,
        // round-trips, and refuses a disposed engine.
        [Test]
        public void FlatCopiesCheckLengthBeforeCopyingAndRefuseADisposedEngine()
        {
            var spec = Tiny();
            var engine = new CpuEngine(spec, 2);
            int count = (int)spec.ParameterCount;
            var before = new float[count];
            engine.GetParameters(before);
            var shortValues = new float[count - 1];
            for (int i = 0; i < shortValues.Length; i++) shortValues[i] = 1000f + i;
            var e = Assert.Throws<ArgumentException>(() => engine.SetParameters(shortValues));
            Assert.That(e!.Message, Does.StartWith("parameters buffer has " + (count - 1)));
            Assert.That(Assert.Throws<ArgumentException>(() => engine.SetMomentum(shortValues))!.Message, Does.StartWith("momentum buffer"));
            Assert.That(Assert.Throws<ArgumentException>(() => engine.GetGradients(new float[count + 1]))!.Message, Does.StartWith("gradients buffer"));
            Assert.That(Assert.Throws<ArgumentException>(() => engine.GetMomentum(new float[1]))!.Message, Does.StartWith("momentum buffer"));
            var after = new float[count];
            engine.GetParameters(after);
            Assert.That(after, Is.EqualTo(before), "a refused SetParameters copied nothing");
            var momentum = new float[count];
            for (int i = 0; i < count; i++) momentum[i] = i * 0.25f;
            engine.SetMomentum(momentum);
            var back = new float[count];
            engine.GetMomentum(back);
            Assert.That(back, Is.EqualTo(momentum));
            engine.Dispose();
            Assert.Throws<ObjectDisposedException>(() => engine.GetParameters(after));
            Assert.Throws<ObjectDisposedException>(() => engine.SetParameters(after));
            Assert.Throws<ObjectDisposedException>(() => engine.GetGradients(after));
            Assert.Throws<ObjectDisposedException>(() => engine.GetMomentum(after));
            Assert.Throws<ObjectDisposedException>(() => engine.SetMomentum(after));
        }
    }
}
