using System;
using NUnit.Framework;
using Sightline.Cpu;
using Sightline.Model;
using Sightline.Tests.Core.Cpu;

namespace Sightline.Tests.Cpu
{
    /// <summary>
    /// A fully connected layer at batch 1 to 4 takes the matrix-vector path (<see cref="Gemv"/>, with the weights
    /// transposed on the fly or, in an engine's inference, packed once); above that, GEMM.
    /// Both must give the same bits, so that an image's logits do not depend on the batch it came in, on the thread
    /// count or on the instruction set. .NET only: Unity builds run the GEMM path at every batch.
    /// </summary>
    public class GemvTests
    {
        [SetUp]
        public void RequirePath()
        {
            if (!Gemv.Available) Assert.Ignore("no AVX2 + FMA here: the matrix-vector path does not run");
        }

        [TearDown]
        public void Restore() => GemmKernel.Select(GemmKernel.Widest);

        const int Large = 9; // above Gemv.MaxBatch: the GEMM path

        // Depths straddle the 64-column packing chunk, the 8-column transpose and the 256-deep K slices; row
        // counts the 32-row blocks.
        [TestCase(1, 1, 1)]
        [TestCase(300, 40, 1)]
        [TestCase(513, 1000, 1)]
        [TestCase(256, 64, 2)]
        [TestCase(700, 77, 3)]
        [TestCase(1031, 33, 4)]
        public unsafe void ForwardGivesTheBitsOfTheBatchedPath(int inputs, int outputs, int batch)
        {
            Assert.That(batch, Is.LessThanOrEqualTo(Gemv.MaxBatch));
            var x = GradientCheck.Random(Large * inputs, 1);
            var w = GradientCheck.Random(outputs * inputs, 2, 0.1);
            var bias = GradientCheck.Random(outputs, 3);
            var batched = new float[Large * outputs];
            using (var context = new CpuContext(2))
            {
                FullyConnected.Reserve(context, inputs, outputs, Large);
                FullyConnected.Forward(context, inputs, outputs, Large, x, w, bias, batched);
            }
            foreach (int threads in new[] { 1, 3 })
            {
                var small = new float[batch * outputs];
                using var context = new CpuContext(threads);
                FullyConnected.Reserve(context, inputs, outputs, batch);
                FullyConnected.Forward(context, inputs, outputs, batch, x, w, bias, small);
                GemmIsaTests.AssertSameBits(small, batched.AsSpan(0, batch * outputs).ToArray(), $"{inputs}->{outputs} batch {batch}, {threads} threads");
                // The same with the weights packed once (what the engine keeps for inference).
                using var packed = new NativeBuffer(FullyConnected.PackedWeightsSize(inputs, outputs));
                FullyConnected.PackWeights(context, inputs, outputs, w, packed.Pointer);
                Array.Clear(small, 0, small.Length);
                FullyConnected.ForwardPacked(context, inputs, outputs, batch, x, packed.Pointer, bias, small);
                GemmIsaTests.AssertSameBits(small, batched.AsSpan(0, batch * outputs).ToArray(), $"packed {inputs}->{outputs} batch {batch}, {threads} threads");
            }
        }

        [TestCase(700, 77, 1)]
        [TestCase(513, 300, 4)]
        public void InputGradientGivesTheBitsOfTheBatchedPath(int inputs, int outputs, int batch)
        {
            var x = GradientCheck.Random(Large * inputs, 4);
            var w = GradientCheck.Random(outputs * inputs, 5, 0.1);
            var dOut = GradientCheck.Random(Large * outputs, 6);
            var dInBatched = new float[Large * inputs];
            using (var context = new CpuContext(2))
            {
                FullyConnected.Reserve(context, inputs, outputs, Large);
                FullyConnected.Backward(context, inputs, outputs, Large, x, w, dOut, dInBatched, new float[w.Length], new float[outputs]);
            }
            var dIn = new float[batch * inputs];
            using (var context = new CpuContext(2))
            {
                FullyConnected.Reserve(context, inputs, outputs, batch);
                FullyConnected.Backward(context, inputs, outputs, batch, x, w, dOut, dIn, new float[w.Length], new float[outputs]);
            }
            GemmIsaTests.AssertSameBits(dIn, dInBatched.AsSpan(0, batch * inputs).ToArray(), $"input gradient {inputs}->{outputs} batch {batch}");
        }

        [Test]
        public void BatchOneLogitsAreTheBatchedOnesOnEveryKernel()
        {
            var spec = new NetworkSpec("tiny", 4, 64, 0.125f, 2, true, true, 0.5f);
            var input = GradientCheck.Random(Large * spec.InputShape.Size, 7);
            var batched = new float[Large * spec.Classes];
            using (var engine = new CpuEngine(spec, Large, new CpuEngineOptions { ThreadCount = 2, InitSeed = 3 }))
                engine.Forward(input, Large, batched, false);
            foreach (var isa in new[] { GemmKernel.Widest, GemmIsa.Avx2, GemmIsa.Portable })
            {
                if (isa < GemmKernel.Widest) continue;
                GemmKernel.Select(isa);
                var one = new float[spec.Classes];
                using var engine = new CpuEngine(spec, 1, new CpuEngineOptions { ThreadCount = 3, InitSeed = 3 });
                engine.Forward(input, 1, one, false);
                GemmIsaTests.AssertSameBits(one, batched.AsSpan(0, spec.Classes).ToArray(), $"{isa}: logits of image 0 alone");
            }
        }
    }
}
