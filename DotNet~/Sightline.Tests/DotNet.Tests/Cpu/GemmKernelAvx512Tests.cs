using System;
using System.Runtime.Intrinsics.X86;
using NUnit.Framework;
using Sightline.Cpu;
using Sightline.Engines;
using Sightline.Model;
using Sightline.Tests.Core.Cpu;

namespace Sightline.Tests.Cpu
{
    /// <summary>
    /// The AVX-512 12x32 kernel must give the same bits as the AVX2 6x16 one (checkpoints and the CPU engine's
    /// determinism rest on it): the same products, packings and layers run through both and are compared bit for bit.
    /// .NET only: Unity builds have no AVX-512 path.
    /// </summary>
    public class GemmKernelAvx512Tests
    {
        [SetUp]
        public void RequireAvx512()
        {
            if (!Avx512F.IsSupported) Assert.Ignore("this machine has no AVX-512F, so only the AVX2 kernel runs here");
            if (!Fma.IsSupported || !Avx2.IsSupported) Assert.Ignore("this machine has no AVX2 + FMA kernel to compare with");
        }

        // Back to the start-up choice whatever a test did.
        [TearDown]
        public void SelectWidest() => GemmKernel.Select(true);

        // Sizes straddle both register blocks (6x16, 12x32; 12x16 for narrow column edges), the 144/256 cache blocks
        // and the 256-deep K slices (k > KC, k a multiple of KC).
        [TestCase(false, false, 1, 1, 1, false)]
        [TestCase(false, false, 13, 47, 300, false)]
        [TestCase(false, false, 13, 47, 300, true)]
        [TestCase(true, false, 25, 33, 513, false)]
        [TestCase(true, false, 149, 16, 70, true)]
        [TestCase(false, true, 100, 260, 257, false)]
        [TestCase(false, true, 11, 15, 512, true)]
        [TestCase(true, true, 97, 31, 700, false)]
        [TestCase(true, true, 301, 75, 33, true)]
        [TestCase(false, false, 290, 333, 256, false)]
        public void MultiplyGivesTheSameBitsAsAvx2(bool transA, bool transB, int m, int n, int k, bool accumulate)
        {
            var a = GradientCheck.Random(m * k, 1);
            var b = GradientCheck.Random(k * n, 2);
            var start = GradientCheck.Random(m * n, 3);
            var wide = Multiply(true, transA, transB, m, n, k, a, b, start, accumulate);
            var narrow = Multiply(false, transA, transB, m, n, k, a, b, start, accumulate);
            AssertSameBits(wide, narrow, $"{m}x{n}x{k}");
        }

        [Test]
        public void PackedAProductGivesTheSameBitsAsAvx2()
        {
            int m = 37, n = 70, k = 300;
            var a = GradientCheck.Random(m * k, 4);
            var b = GradientCheck.Random(k * n, 5);
            var wide = MultiplyPackedA(true, m, n, k, a, b);
            var narrow = MultiplyPackedA(false, m, n, k, a, b);
            AssertSameBits(wide, narrow, "packed A");
        }

        [Test]
        public void TrainingGivesTheSameBitsAsAvx2()
        {
            // Every layer of the paper at an eighth of its width: grouped convolutions (forward, weight and input
            // gradients through the fused im2col packing) and fully connected layers at batch 8 (a narrow B panel).
            var spec = new NetworkSpec("tiny", 4, 64, 0.125f, 2, true, true, 0.5f);
            var wide = Train(true, spec, out float wideLoss);
            var narrow = Train(false, spec, out float narrowLoss);
            Assert.That(BitConverter.SingleToInt32Bits(wideLoss), Is.EqualTo(BitConverter.SingleToInt32Bits(narrowLoss)), "loss");
            AssertSameBits(wide, narrow, "parameters after two steps");
        }

        static void Use(bool avx512)
        {
            GemmKernel.Select(avx512);
            Assert.That(Gemm.KernelName, Is.EqualTo(avx512 ? "avx512f 12x32" : "avx2-fma 6x16"));
        }

        static float[] Multiply(bool avx512, bool transA, bool transB, int m, int n, int k, float[] a, float[] b, float[] start, bool accumulate)
        {
            Use(avx512);
            var c = (float[])start.Clone();
            using var context = new CpuContext(2);
            Gemm.Multiply(context, transA, transB, m, n, k, a, b, c, accumulate);
            return c;
        }

        static unsafe float[] MultiplyPackedA(bool avx512, int m, int n, int k, float[] a, float[] b)
        {
            Use(avx512);
            var packed = new float[Gemm.PackedASize(m, k)];
            var c = new float[m * n];
            using var context = new CpuContext(2);
            fixed (float* pa = a)
            fixed (float* pb = b)
            fixed (float* pp = packed)
            fixed (float* pc = c)
            {
                Gemm.PackA(context, false, m, k, pa, k, pp);
                Gemm.MultiplyPackedA(context, m, n, k, pp, false, pb, n, pc, n, false);
            }
            return c;
        }

        static float[] Train(bool avx512, NetworkSpec spec, out float lastLoss)
        {
            Use(avx512);
            return Sightline.Tests.Core.Cpu.CpuEngineTests.Train(spec, 2, 2, out lastLoss);
        }

        // Bits, not values: equality of floats would let -0 pass for +0.
        static void AssertSameBits(float[] actual, float[] expected, string what)
        {
            Assert.That(actual.Length, Is.EqualTo(expected.Length), what + ": length");
            for (int i = 0; i < actual.Length; i++)
            {
                int bits = BitConverter.SingleToInt32Bits(actual[i]), want = BitConverter.SingleToInt32Bits(expected[i]);
                if (bits != want) Assert.That(bits, Is.EqualTo(want), $"{what}: element {i} is {actual[i]:R} with AVX-512, {expected[i]:R} with AVX2");
            }
        }
    }
}
