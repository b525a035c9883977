using System;
using NUnit.Framework;
using Sightline.Cuda;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Engine;
using Sightline.Cuda.Engine.Input;
using Sightline.Cuda.Nvrtc;
using Sightline.Data;
using Sightline.Engines;
using Sightline.Model;
using Sightline.Randomness;
using Sightline.Training.Batches;

namespace Sightline.Tests.Cuda.Engine
{
    /// <summary>
    /// GPU-side input (augment.cu) against the CPU's InputNormalization, bit for bit. Needs an NVIDIA GPU: ignored where
    /// CUDA is absent. `sightline check engine --only augment` runs the same comparison on a GPU machine.
    /// </summary>
    [Category("Gpu")]
    public class GpuAugmenterTests
    {
        static CudaEngine CreateOrIgnore(NetworkSpec spec, int maxBatch)
        {
            try
            {
                return new CudaEngine(spec, new CudaEngineOptions { MaxBatch = maxBatch, WorkspaceBytes = 64L << 20, Algorithms = ConvolutionAlgorithms.Accurate });
            }
            catch (CudaUnavailableException e)
            {
                Assert.Ignore("CUDA is not available: " + e.Message);
                throw;
            }
        }

        // Random frames and mean; image 0 and 1 sit on opposite crop edges, odd images are flipped.
        static (byte[] Frames, AugmentParams[] Augment, float[] Mean) Data(int stored, int input, int batch, ulong seed)
        {
            var random = new SeededRandom(seed);
            var frames = new byte[batch * stored * stored * 3];
            for (int i = 0; i < frames.Length; i++) frames[i] = (byte)(random.NextDouble() * 256);
            var mean = new float[stored * stored * 3];
            for (int i = 0; i < mean.Length; i++) mean[i] = (float)(60 + 120 * random.NextDouble());
            int limit = stored - input;
            var augment = new AugmentParams[batch];
            for (int i = 0; i < batch; i++)
            {
                int x = i == 0 ? 0 : i == 1 ? limit : (int)(random.NextDouble() * (limit + 1));
                int y = i == 0 ? limit : i == 1 ? 0 : (int)(random.NextDouble() * (limit + 1));
                augment[i] = new AugmentParams(x, y, i % 2 == 1, (float)(random.NextDouble() * 40 - 20), (float)(random.NextDouble() * 40 - 20), (float)(random.NextDouble() * 40 - 20));
            }
            return (frames, augment, mean);
        }

        static int BitDifferences(float[] a, float[] b)
        {
            int n = 0;
            for (int i = 0; i < a.Length; i++)
                if (BitConverter.SingleToInt32Bits(a[i]) != BitConverter.SingleToInt32Bits(b[i])) n++;
            return n;
        }

        [TestCase(1f)]
        [TestCase(0.0173f)]
        public void KernelMatchesTheCpuNormalizationBitForBit(float scale)
        {
            var spec = NetworkSpec.Mini(10);
            const int batch = 5;
            int input = spec.InputShape.Height, stored = input + 9;
            using var gpu = CreateOrIgnore(spec, batch);
            var (frames, augment, mean) = Data(stored, input, batch, 77);
            var normalization = InputNormalization.FromStoredMean(mean, stored, input, scale);
            int length = 3 * input * input;
            var expected = new float[batch * length];
            for (int i = 0; i < batch; i++)
                normalization.Apply(frames.AsSpan(i * stored * stored * 3, stored * stored * 3), stored, augment[i], input, expected.AsSpan(i * length, length));

            using var augmenter = new GpuAugmenter(gpu.Context, NvrtcCompiler.Default(), stored, input, batch, AugmentApply.MeanCrop(mean, stored, input), scale);
            using var output = new DeviceBuffer<float>(gpu.Context, 2L * expected.Length);
            // Twice in a row: both staging slots.
            augmenter.Enqueue(frames, augment, batch, output.Address);
            augmenter.Enqueue(frames, augment, batch, output.ElementAddress(expected.Length));
            augmenter.Synchronize();
            var got = output.ToArray();
            Assert.That(BitDifferences(got.AsSpan(0, expected.Length).ToArray(), expected), Is.EqualTo(0));
            Assert.That(BitDifferences(got.AsSpan(expected.Length, expected.Length).ToArray(), expected), Is.EqualTo(0));
        }

        [Test]
        public void LoadFramesGivesTheLogitsOfLoadBatch()
        {
            var spec = NetworkSpec.Mini(10);
            const int batch = 4;
            int input = spec.InputShape.Height, stored = input + 5;
            using var gpu = CreateOrIgnore(spec, batch);
            var labels = new[] { 0, 1, 2, 3 };
            Assert.Throws<InvalidOperationException>(() => gpu.LoadFrames(new byte[batch * stored * stored * 3], new AugmentParams[batch], labels, batch));
            var (frames, augment, mean) = Data(stored, input, batch, 78);
            var normalization = InputNormalization.FromStoredMean(mean, stored, input, 1f);
            int length = 3 * input * input;
            var expected = new float[batch * length];
            for (int i = 0; i < batch; i++)
                normalization.Apply(frames.AsSpan(i * stored * stored * 3, stored * stored * 3), stored, augment[i], input, expected.AsSpan(i * length, length));
            var parameters = new float[spec.ParameterCount];
            var random = new SeededRandom(79);
            for (int i = 0; i < parameters.Length; i++) parameters[i] = (float)(random.NextGaussian() * 0.01);
            gpu.SetParameters(parameters);
            gpu.LoadBatch(expected, labels, batch);
            gpu.Infer();
            var fromHost = gpu.ReadLogits();
            gpu.SetFrameInput(stored, AugmentApply.MeanCrop(mean, stored, input));
            gpu.LoadFrames(frames, augment, labels, batch);
            gpu.Infer();
            Assert.That(BitDifferences(gpu.ReadLogits(), fromHost), Is.EqualTo(0));
        }
    }
}
