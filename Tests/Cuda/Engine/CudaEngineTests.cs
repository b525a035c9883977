using System;
using NUnit.Framework;
using Sightline.Cpu;
using Sightline.Cuda;
using Sightline.Cuda.Engine;
using Sightline.Engines;
using Sightline.Model;
using Sightline.Randomness;

namespace Sightline.Tests.Cuda.Engine
{
    /// <summary>
    /// The CUDA engine against the CPU engine on the mini network. Needs an NVIDIA GPU: ignored (with the loader's
    /// reason) where CUDA is absent. `sightline check engine` runs the fuller comparison on a GPU machine.
    /// </summary>
    [Category("Gpu")]
    public class CudaEngineTests
    {
        const double Tolerance = 1e-3;

        static CudaEngine CreateOrIgnore(NetworkSpec spec, Placement placement, int maxBatch)
        {
            try
            {
                return new CudaEngine(spec, new CudaEngineOptions { Placement = placement, MaxBatch = maxBatch, WorkspaceBytes = 64L << 20, Algorithms = ConvolutionAlgorithms.Accurate });
            }
            catch (CudaUnavailableException e)
            {
                Assert.Ignore("CUDA is not available: " + e.Message);
                throw;
            }
        }

        static float[] Random(int count, ulong seed, double scale)
        {
            var random = new SeededRandom(seed);
            var values = new float[count];
            for (int i = 0; i < count; i++) values[i] = (float)(random.NextGaussian() * scale);
            return values;
        }

        static double Error(float[] actual, float[] expected)
        {
            double worst = 0, size = 0;
            for (int i = 0; i < actual.Length; i++)
            {
                if (float.IsNaN(actual[i])) return double.NaN;
                worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
                size = Math.Max(size, Math.Abs(expected[i]));
            }
            return worst / Math.Max(size, 1e-12);
        }

        [TestCase("one")]
        [TestCase("0,0")]
        public void TrainingStepMatchesTheCpuEngine(string placement)
        {
            var spec = NetworkSpec.Mini(10);
            const int batch = 6;
            using var gpu = CreateOrIgnore(spec, Placement.Parse(placement), batch);
            using var cpu = new CpuEngine(spec, batch);
            var parameters = new float[spec.ParameterCount];
            cpu.GetParameters(parameters);
            var bias = Random(spec.ParameterCount, 3, 0.1);
            foreach (var layer in spec.Layers)
                for (int i = 0; i < layer.BiasCount; i++) parameters[layer.BiasOffset + i] = bias[layer.BiasOffset + i];
            var input = Random(batch * spec.InputShape.Size, 1, 40);
            var labels = new[] { 0, 1, 2, 3, 4, 9 };
            foreach (IEngine e in new IEngine[] { cpu, gpu })
            {
                e.SetParameters(parameters);
                e.DropoutSeed = 99;
                e.Step = 4;
            }
            var cpuLogits = new float[batch * spec.Classes];
            var gpuLogits = new float[batch * spec.Classes];
            cpu.Forward(input, batch, cpuLogits, true);
            gpu.Forward(input, batch, gpuLogits, true);
            Assert.That(Error(gpuLogits, cpuLogits), Is.LessThan(Tolerance), "logits");
            float cpuLoss = cpu.Backward(labels), gpuLoss = gpu.Backward(labels);
            Assert.That(gpuLoss, Is.EqualTo(cpuLoss).Within(Tolerance * Math.Abs(cpuLoss)));
            var cpuGrad = new float[spec.ParameterCount];
            var gpuGrad = new float[spec.ParameterCount];
            cpu.GetGradients(cpuGrad);
            gpu.GetGradients(gpuGrad);
            foreach (var layer in spec.Layers)
            {
                if (!layer.HasParameters) continue;
                Assert.That(Error(gpuGrad.AsSpan(layer.WeightOffset, layer.WeightCount).ToArray(), cpuGrad.AsSpan(layer.WeightOffset, layer.WeightCount).ToArray()), Is.LessThan(Tolerance), layer.Name + " weights");
                Assert.That(Error(gpuGrad.AsSpan(layer.BiasOffset, layer.BiasCount).ToArray(), cpuGrad.AsSpan(layer.BiasOffset, layer.BiasCount).ToArray()), Is.LessThan(Tolerance), layer.Name + " bias");
            }
            cpu.Update(new SgdSettings(0.01f));
            gpu.Update(new SgdSettings(0.01f));
            var cpuMomentum = new float[spec.ParameterCount];
            var gpuMomentum = new float[spec.ParameterCount];
            cpu.GetMomentum(cpuMomentum);
            gpu.GetMomentum(gpuMomentum);
            Assert.That(Error(gpuMomentum, cpuMomentum), Is.LessThan(Tolerance), "momentum after one update");
            Assert.That(gpu.Step, Is.EqualTo(5));
        }

        [Test]
        public void BatchLargerThanTheEngineWasBuiltForIsRefused()
        {
            var spec = NetworkSpec.Mini(10);
            using var gpu = CreateOrIgnore(spec, Placement.OneDevice(0), 2);
            var input = new float[3 * spec.InputShape.Size];
            var logits = new float[3 * spec.Classes];
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => gpu.Forward(input, 3, logits, false));
            Assert.That(e!.Message, Does.Contain("MaxBatch 2"));
        }

        [Test]
        public void BackwardWithoutTrainingForwardIsRefused()
        {
            var spec = NetworkSpec.Mini(10);
            using var gpu = CreateOrIgnore(spec, Placement.OneDevice(0), 2);
            var input = new float[2 * spec.InputShape.Size];
            var logits = new float[2 * spec.Classes];
            gpu.Forward(input, 2, logits, false);
            Assert.Throws<InvalidOperationException>(() => gpu.Backward(new[] { 0, 1 }));
        }

        [Test]
        public void ParametersRoundTripThroughTheDevice()
        {
            var spec = NetworkSpec.Mini(10);
            using var gpu = CreateOrIgnore(spec, Placement.TwoDevices(0, 0), 2);
            var parameters = Random(spec.ParameterCount, 5, 1);
            gpu.SetParameters(parameters);
            var back = new float[spec.ParameterCount];
            gpu.GetParameters(back);
            Assert.That(back, Is.EqualTo(parameters));
            Assert.Throws<ArgumentException>(() => gpu.SetParameters(new float[3]));
        }
    }
}
