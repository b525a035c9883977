using System;
using NUnit.Framework;
using Sightline.Cuda.Dnn;
using Sightline.Cuda.Driver;

namespace Sightline.Tests.Cuda
{
    /// <summary>Bad shapes and parameters are refused in our words before cuDNN is loaded (so these run anywhere).</summary>
    public class DescriptorValidationTests
    {
        [Test]
        public void TensorWithAZeroDimensionIsRefused()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TensorDescriptor(0, 3, 4, 4));
            Assert.That(e!.Message, Does.Contain("0x3x4x4"));
            Assert.Throws<ArgumentOutOfRangeException>(() => new FilterDescriptor(96, 3, 11, -1));
            Assert.Throws<NotSupportedException>(() => new TensorDescriptor(1, 1, 1, 1, DnnTensorFormat.Nchw, DnnDataType.Double));
        }

        [TestCase(0, 1e-4, 0.75, 2.0)]
        [TestCase(17, 1e-4, 0.75, 2.0)]
        [TestCase(5, 1e-4, 0.001, 2.0)]
        [TestCase(5, 1e-4, 0.75, 1e-6)]
        [TestCase(5, -1.0, 0.75, 2.0)]
        public void LrnOutsideCudnnLimitsIsRefused(int size, double alpha, double beta, double k)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new LrnDescriptor(size, alpha, beta, k));
        }

        [Test]
        public void LrnAlphaIsScaledByTheWindowForCudnn()
        {
            // cuDNN computes k + (alpha/n)·Σa²; the paper's k + alpha·Σa² needs alpha·n.
            Assert.That(LrnDescriptor.CudnnAlpha(1e-4, 5), Is.EqualTo(5e-4).Within(1e-18));
        }

        [Test]
        public void PaperConvolutionShapes()
        {
            // conv1: 3x227x227 (224 padded as in the common reading), 96 11x11 stride 4 -> 55x55
            Assert.That(ConvolutionDescriptor.OutputShape(128, 3, 227, 227, 96, 3, 11, 11, 0, 0, 4, 4, 1, 1, 1), Is.EqualTo((128, 96, 55, 55)));
            // conv2: two towers of 48 -> 128 channels each, 5x5 pad 2
            Assert.That(ConvolutionDescriptor.OutputShape(128, 96, 27, 27, 256, 48, 5, 5, 2, 2, 1, 1, 1, 1, 2), Is.EqualTo((128, 256, 27, 27)));
        }

        [Test]
        public void GroupsThatDoNotMatchTheChannelsAreRefused()
        {
            var e = Assert.Throws<ArgumentException>(() => ConvolutionDescriptor.OutputShape(1, 96, 27, 27, 256, 96, 5, 5, 2, 2, 1, 1, 1, 1, 2));
            Assert.That(e!.Message, Does.Contain("96 channels").And.Contain("2 groups"));
            Assert.Throws<ArgumentException>(() => ConvolutionDescriptor.OutputShape(1, 96, 27, 27, 255, 48, 5, 5, 2, 2, 1, 1, 1, 1, 2));
            Assert.Throws<ArgumentException>(() => ConvolutionDescriptor.OutputShape(1, 3, 4, 4, 8, 3, 11, 11, 0, 0, 4, 4, 1, 1, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ConvolutionDescriptor(0, 0, 0, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new ConvolutionDescriptor(0, 0, 1, 1, groups: 0));
        }

        [Test]
        public void PoolingPaddingMustBeSmallerThanTheWindow()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new PoolingDescriptor(DnnPoolingMode.Max, 3, 3, 2, 2, 3, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new PoolingDescriptor(DnnPoolingMode.Max, 3, 3, 0, 2));
        }

        [Test]
        public void KernelArgumentsAreStoredBitForBit()
        {
            var args = new KernelArgs();
            args.Add(0x1234_5678_9abc_def0UL);
            args.Add(1.5f);
            args.Add(-7);
            Assert.That(args.Count, Is.EqualTo(3));
            Assert.That(args[0], Is.EqualTo(0x1234_5678_9abc_def0UL));
            Assert.That((uint)args[1], Is.EqualTo((uint)BitConverter.SingleToInt32Bits(1.5f)));
            Assert.That((int)(uint)args[2], Is.EqualTo(-7));
            for (int i = 3; i < KernelArgs.Capacity; i++) args.Add(i);
            Assert.Throws<InvalidOperationException>(() => args.Add(1));
        }

        [Test]
        public void LaunchGeometryHelpers()
        {
            Assert.That(Dim3.BlocksFor(1000, 256), Is.EqualTo(4u));
            Assert.That(Dim3.BlocksFor(1024, 256), Is.EqualTo(4u));
            Dim3 d = 7;
            Assert.That((d.X, d.Y, d.Z), Is.EqualTo((7u, 1u, 1u)));
        }
    }
}
