using System;
using NUnit.Framework;
using Sightline.Cpu;
using Sightline.Model;
using Sightline.Tests.Core.Cpu;

namespace Sightline.Tests.Cpu
{
    /// <summary>
    /// Every GEMM kernel this machine can run (AVX-512, AVX2, portable Vector&lt;T&gt;) gives the bits of the widest one:
    /// the README's "bitwise identical on either instruction set" is checked here, not assumed. SIGHTLINE_CPU_ISA forces
    /// one for a whole process.
    /// </summary>
    public class GemmIsaTests
    {
        [TearDown]
        public void Restore() => GemmKernel.Select(GemmKernel.Widest);

        static float[] Multiply(GemmIsa isa, bool transA, bool transB, int m, int n, int k, float[] a, float[] b, float[] start, bool accumulate)
        {
            GemmKernel.Select(isa);
            Assert.That(Gemm.Isa, Is.EqualTo(isa));
            var c = (float[])start.Clone();
            using var context = new CpuContext(2);
            Gemm.Multiply(context, transA, transB, m, n, k, a, b, c, accumulate);
            return c;
        }

        static void RequireRunnable(GemmIsa isa)
        {
            if (isa < GemmKernel.Widest) Assert.Ignore($"this CPU does not run the {isa} kernel (widest {GemmKernel.Widest})");
        }

        [TestCase(GemmIsa.Avx2, false, false, 13, 47, 300, true)]
        [TestCase(GemmIsa.Avx2, true, true, 97, 31, 700, false)]
        [TestCase(GemmIsa.Portable, false, false, 13, 47, 300, true)]
        [TestCase(GemmIsa.Portable, true, false, 25, 33, 513, false)]
        [TestCase(GemmIsa.Portable, false, true, 100, 260, 257, true)]
        [TestCase(GemmIsa.Portable, true, true, 97, 31, 700, false)]
        public void EveryKernelGivesTheWidestKernelsBits(GemmIsa isa, bool transA, bool transB, int m, int n, int k, bool accumulate)
        {
            RequireRunnable(isa);
            var a = GradientCheck.Random(m * k, 1);
            var b = GradientCheck.Random(k * n, 2);
            var start = GradientCheck.Random(m * n, 3);
            var widest = Multiply(GemmKernel.Widest, transA, transB, m, n, k, a, b, start, accumulate);
            var forced = Multiply(isa, transA, transB, m, n, k, a, b, start, accumulate);
            AssertSameBits(forced, widest, $"{isa} {m}x{n}x{k}");
        }

        [TestCase(GemmIsa.Avx2)]
        [TestCase(GemmIsa.Portable)]
        public void TrainingGivesTheSameBitsOnEveryKernel(GemmIsa isa)
        {
            RequireRunnable(isa);
            var spec = new NetworkSpec("tiny", 4, 64, 0.125f, 2, true, true, 0.5f);
            GemmKernel.Select(GemmKernel.Widest);
            var widest = CpuEngineTests.Train(spec, 2, 2, out float widestLoss);
            GemmKernel.Select(isa);
            var forced = CpuEngineTests.Train(spec, 2, 2, out float forcedLoss);
            Assert.That(BitConverter.SingleToInt32Bits(forcedLoss), Is.EqualTo(BitConverter.SingleToInt32Bits(widestLoss)), "loss");
            AssertSameBits(forced, widest, isa + ": parameters after two steps");
        }

        [Test]
        public void TheVariableIsParsedAndAWrongValueNamesItself()
        {
            Assert.That(GemmIsaSetting.Parse(null, GemmIsa.Avx512, out var none), Is.EqualTo(GemmIsa.Avx512));
            Assert.That(none, Is.Null);
            Assert.That(GemmIsaSetting.Parse(" AVX2 ", GemmIsa.Avx512, out none), Is.EqualTo(GemmIsa.Avx2));
            Assert.That(none, Is.Null);
            Assert.That(GemmIsaSetting.Parse("portable", GemmIsa.Avx2, out none), Is.EqualTo(GemmIsa.Portable));
            Assert.That(GemmIsaSetting.Parse("avx513", GemmIsa.Avx2, out var problem), Is.EqualTo(GemmIsa.Avx2));
            Assert.That(problem, Is.EqualTo("SIGHTLINE_CPU_ISA=avx513 is not one of avx512, avx2, portable"));
            Assert.That(GemmIsaSetting.Parse("avx512", GemmIsa.Avx2, out problem), Is.EqualTo(GemmIsa.Avx2));
            Assert.That(problem, Does.Contain("SIGHTLINE_CPU_ISA=avx512").And.Contain("does not run"));
        }

        [Test]
        public void TheCliRefusesAnUnknownIsaInItsEnvironment()
        {
            using var child = Sightline.Cli.Reliability.ChildCli.StartWithEnvironment(new[] { (GemmIsaSetting.Variable, "avx513") }, "spec", "--spec", "mini");
            Assert.That(child.WaitForExit(TimeSpan.FromSeconds(60)), Is.True);
            Assert.That(child.ExitCode, Is.EqualTo(2), child.Error);
            Assert.That(child.Error, Does.Contain("SIGHTLINE_CPU_ISA=avx513 is not one of avx512, avx2, portable"));
        }

        internal static void AssertSameBits(float[] actual, float[] expected, string what)
        {
            Assert.That(actual.Length, Is.EqualTo(expected.Length), what + ": length");
            for (int i = 0; i < actual.Length; i++)
            {
                int bits = BitConverter.SingleToInt32Bits(actual[i]), want = BitConverter.SingleToInt32Bits(expected[i]);
                if (bits != want) Assert.That(bits, Is.EqualTo(want), $"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R}");
            }
        }
    }
}
