using NUnit.Framework;
using Sightline.Cli.Reliability;
using Sightline.Cuda;
using Sightline.Cuda.Engine;
using Sightline.Cuda.Engine.Planning;
using Sightline.Engines;
using Sightline.Model;

namespace Sightline.Tests.Reliability
{
    /// <summary>A batch too large for the GPU: the error gives the sizes and a batch that fits.</summary>
    public class CudaOutOfMemoryTests
    {
        const long GiB = 1L << 30;

        [Test]
        public void MessageGivesTheSizesAndASuggestedBatch()
        {
            string message = CudaBatchTooLargeException.Describe("device 0", 65536, 512L << 20, 3L << 20, 70 * GiB, 80 * GiB, 21000);
            Assert.That(message, Is.EqualTo("a batch of 65536 does not fit on device 0: the engine needs about 192.5 GiB (3.0 MiB per image x 65536 + 512.0 MiB fixed), 70.0 GiB was free of 80.0 GiB; use a batch of at most 21000 (--batch 21000)"));
            Assert.That(CudaBatchTooLargeException.Describe("device 1", 8, 2 * GiB, 1L << 20, GiB, 8 * GiB, 0), Does.EndWith("not even one image fits: free GPU memory (other processes) or use a smaller network"));
        }

        [Test]
        public void EstimateSuggestsTheLargestBatchThatFitsNinetyPercentOfFreeMemory()
        {
            var estimate = CudaMemoryEstimate.For(NetworkSpec.Paper(1000));
            // Weights, gradients and momentum of 61M parameters alone are about 700 MiB.
            Assert.That(estimate.FixedBytes, Is.GreaterThan(3L * 4 * 60_000_000));
            // conv1's activations alone: 96 x 55 x 55 floats, several times over for outputs and gradients.
            Assert.That(estimate.PerImageBytes, Is.GreaterThan(4L * 96 * 55 * 55 * 3).And.LessThan(64L << 20));
            int batch = estimate.SuggestBatch(80 * GiB);
            Assert.That(batch % 8, Is.EqualTo(0));
            Assert.That(estimate.BytesFor(batch), Is.LessThanOrEqualTo((long)(0.9 * 80 * GiB)));
            Assert.That(estimate.BytesFor(batch + 8), Is.GreaterThan((long)(0.9 * 80 * GiB)));
            Assert.That(estimate.BytesFor(CudaOomDrill.HugeBatch), Is.GreaterThan(200 * GiB), "the drill's batch is far too large for any current GPU");
            Assert.That(estimate.SuggestBatch(estimate.FixedBytes), Is.EqualTo(0));
            var split = CudaMemoryEstimate.For(NetworkSpec.Paper(1000), new CudaEngineOptions { Placement = Placement.TwoDevices(0, 0) });
            Assert.That(split.PerImageBytes, Is.GreaterThan(estimate.PerImageBytes), "split towers also hold both towers' inputs side by side");
        }

        [Test]
        public void EstimateFollowsFusionAndLayoutOptions()
        {
            var spec = NetworkSpec.Paper(1000);
            long fused = CudaMemoryEstimate.For(spec).PerImageBytes;
            long separate = CudaMemoryEstimate.For(spec, new CudaEngineOptions { FuseLrnPooling = false }).PerImageBytes;
            // Unfused, conv1 and conv2 also hold the LRN output and its gradient: 2 x (96x55x55 + 256x27x27) floats.
            Assert.That(separate - fused, Is.EqualTo(4L * 2 * (96 * 55 * 55 + 256 * 27 * 27)));
            long auto = CudaMemoryEstimate.For(spec, new CudaEngineOptions { ConvolutionLayout = ConvolutionLayout.Auto }).PerImageBytes;
            // NHWC copies of every convolution's input and output: conv1 3x224x224 + 96x55x55, conv2 96x27x27 + 256x27x27,
            // conv3 256x13x13 + 384x13x13, conv4 384x13x13 + 384x13x13, conv5 384x13x13 + 256x13x13.
            long copies = 3 * 224 * 224 + 96 * 55 * 55 + 96 * 27 * 27 + 256 * 27 * 27 + (256 + 384 + 384 + 384 + 384 + 256) * 13 * 13;
            Assert.That(auto - fused, Is.EqualTo(4L * copies));

            var bf16 = CudaMemoryEstimate.For(spec, new CudaEngineOptions { Bf16Inference = true });
            // bf16: the input, every convolution's output and pooled output, fc6 and fc7's activations; fp32 logits.
            long halves = 3 * 224 * 224 + (96 * 55 * 55 + 96 * 27 * 27) + (256 * 27 * 27 + 256 * 13 * 13) + 384 * 13 * 13 + 384 * 13 * 13 + (256 * 13 * 13 + 256 * 6 * 6) + 4096 + 4096;
            Assert.That(bf16.PerImageBytes - fused, Is.EqualTo(2L * halves + 4L * 1000));
            Assert.That(bf16.FixedBytes - CudaMemoryEstimate.For(spec).FixedBytes, Is.EqualTo(2L * spec.ParameterCount), "the bf16 copy of the weights");
        }

        [TestCase("auto")]
        [TestCase("cuda")]
        public void TrainingWithABatchTooLargeForTheGpuIsAUserErrorNamingTheBatchThatFits(string choice)
        {
            var saved = Sightline.Cli.Training.EngineFactory.Cuda;
            var oom = new CudaOutOfMemoryException("cuMemAlloc_v2", 2, "out of memory", 40 * GiB, 10 * GiB, 80 * GiB, "device 0 (test)");
            Sightline.Cli.Training.EngineFactory.Cuda = (spec, batch, cuda) => throw new CudaBatchTooLargeException(oom, "device 0", batch, GiB, 64L << 20, 30 * GiB, 416);
            try
            {
                // "auto" must not quietly fall back to the CPU when the GPU works and only the batch is too large.
                var e = Assert.Throws<Sightline.Cli.UserInputException>(() => Sightline.Cli.Training.EngineFactory.Create(choice, DrillData.TinySpec(), 4096, 1));
                Assert.That(e!.Message, Does.Contain("a batch of 4096 does not fit on device 0").And.Contain("--batch 416"));
            }
            finally
            {
                Sightline.Cli.Training.EngineFactory.Cuda = saved;
            }
        }

        [Test]
        [Category("Gpu")]
        public void TooLargeBatchOnTheGpuSaysWhichBatchFits()
        {
            var row = CudaOomDrill.Run();
            if (row.Skipped != null) Assert.Ignore(row.Skipped);
            string report = row.Detail + "; " + string.Join("; ", row.Problems);
            Assert.That(row.FaultsInjected, Is.EqualTo(1), report);
            Assert.That(row.Problems, Is.Empty, report);
            Assert.That(row.CrashesSurvived, Is.EqualTo(1), "an engine for the suggested batch allocates: " + report);
        }
    }
}
