using NUnit.Framework;
using Sightline.Cuda.Engine.Kernels;

namespace Sightline.Tests.Cuda.Engine
{
    public class KernelGeometryTests
    {
        [Test]
        public void LrnSharedMemoryFitsTheDefault48KiBForThePapersWindow()
        {
            // relu_lrn_backward stages a (tile + 2 (n-1)) and three (tile + n - 1) rows of 32 pixels.
            Assert.That(EngineKernels.LrnForwardSharedBytes(5), Is.EqualTo((32 + 4) * 32 * 4));
            Assert.That(EngineKernels.LrnBackwardSharedBytes(5), Is.EqualTo(((32 + 8) + 3 * (32 + 4)) * 32 * 4));
            Assert.That(EngineKernels.LrnBackwardSharedBytes(5), Is.LessThanOrEqualTo(48 * 1024));
        }

        [TestCase(128, 96)]
        [TestCase(128, 384)]
        [TestCase(1, 96)]
        [TestCase(7, 3)]
        public void BiasGradientChunksCoverTheBatchAndFitTheScratch(int batch, int channels)
        {
            int perChunk = EngineKernels.BiasGradImagesPerChunk(batch, channels);
            int chunks = (batch + perChunk - 1) / perChunk;
            Assert.That(perChunk, Is.GreaterThanOrEqualTo(1));
            Assert.That(chunks * perChunk, Is.GreaterThanOrEqualTo(batch));
            Assert.That((chunks - 1) * perChunk, Is.LessThan(batch), "no empty chunk");
            Assert.That((long)chunks * channels, Is.LessThanOrEqualTo((long)batch * channels), "partial sums fit batch x channels floats");
        }
    }
}
