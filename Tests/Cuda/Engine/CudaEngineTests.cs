using System;
using NUnit.Framework;
using Sightline.Cuda;
using Sightline.Cuda.Engine;
using Sightline.Engines;
using Sightline.Model;
using Sightline.Randomness;

namespace Sightline.Tests.Cuda.Engine
{
    /// <summary>
    /// The CUDA engine's argument checks and parameter transfers. Needs an NVIDIA GPU: ignored (with the loader's
    /// reason) where CUDA is absent. Its numbers against the CPU engine are `sightline check engine`'s catalogue, which
    /// the .NET tests also run case by case (EngineCheckTests).
    /// </summary>
    [Category("Gpu")]
    public class CudaEngineTests
    {
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
