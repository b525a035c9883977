using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using Sightline.Randomness;
using Sightline.Reliability.Fuzzing;

namespace Sightline.Tests.Diagnostics.Fuzzing
{
    public class MutatorTests
    {
        static byte[] Sample(int n)
        {
            var b = new byte[n];
            for (int i = 0; i < n; i++) b[i] = (byte)(i * 7 + 3);
            return b;
        }

        [Test]
        public void SameSeedGivesTheSameMutations()
        {
            var input = Sample(200);
            var seeds = new[] { input, Sample(50) };
            for (ulong seed = 0; seed < 50; seed++)
            {
                var logA = new List<string>();
                var logB = new List<string>();
                var a = Mutator.Mutate(input, seeds, new SeededRandom(seed), logA);
                var b = Mutator.Mutate(input, seeds, new SeededRandom(seed), logB);
                Assert.That(a, Is.EqualTo(b));
                Assert.That(logA, Is.EqualTo(logB));
                Assert.That(logA.Count, Is.InRange(1, 4));
            }
        }

        [Test]
        public void MutationsChangeTheInputAndNeverModifyIt()
        {
            var input = Sample(300);
            var copy = (byte[])input.Clone();
            int changed = 0;
            for (ulong seed = 0; seed < 200; seed++)
                if (!Mutator.Mutate(input, new[] { input }, new SeededRandom(seed)).SequenceEqual(input)) changed++;
            Assert.That(input, Is.EqualTo(copy));
            // A few mutations can be no-ops (setting a byte to the value it has, splicing at the same offset).
            Assert.That(changed, Is.GreaterThan(180));
        }

        [Test]
        public void EveryKindIsAppliedAndDeterministic()
        {
            var input = Sample(64);
            foreach (MutationKind kind in Enum.GetValues(typeof(MutationKind)))
            {
                var a = Mutator.Apply(kind, input, new[] { Sample(40) }, new SeededRandom(3), out string detailA);
                var b = Mutator.Apply(kind, input, new[] { Sample(40) }, new SeededRandom(3), out string detailB);
                Assert.That(a, Is.EqualTo(b), kind.ToString());
                Assert.That(detailA, Is.EqualTo(detailB));
                Assert.That(detailA, Is.Not.Empty);
            }
        }

        [Test]
        public void TruncateShortens()
        {
            var input = Sample(100);
            var output = Mutator.Truncate(input, 37);
            Assert.That(output.Length, Is.EqualTo(37));
            Assert.That(output, Is.EqualTo(input.Take(37).ToArray()));
            for (ulong seed = 0; seed < 20; seed++)
                Assert.That(Mutator.Apply(MutationKind.Truncate, input, new byte[0][], new SeededRandom(seed), out _).Length, Is.LessThan(input.Length));
        }

        [Test]
        public void FlipBitChangesExactlyOneBit()
        {
            var input = Sample(10);
            var output = Mutator.FlipBit(input, 8 * 4 + 5);
            Assert.That(output[4], Is.EqualTo((byte)(input[4] ^ 0x20)));
            Assert.That(output.Where((b, i) => b != input[i]).Count(), Is.EqualTo(1));
        }

        [Test]
        public void SetWordWritesBothByteOrders()
        {
            var input = new byte[8];
            Assert.That(Mutator.SetWord(input, 4, 0x7FFFFFFFu, false).Skip(4), Is.EqualTo(new byte[] { 0xFF, 0xFF, 0xFF, 0x7F }));
            Assert.That(Mutator.SetWord(input, 4, 0x7FFFFFFFu, true).Skip(4), Is.EqualTo(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF }));
        }

        [Test]
        public void SpliceJoinsAPrefixToAnotherFilesSuffix()
        {
            var a = new byte[] { 1, 2, 3, 4 };
            var b = new byte[] { 9, 8, 7, 6, 5 };
            Assert.That(Mutator.Splice(a, 2, b, 3), Is.EqualTo(new byte[] { 1, 2, 6, 5 }));
        }

        [Test]
        public void DuplicateAndDeleteChunks()
        {
            var a = new byte[] { 1, 2, 3, 4, 5 };
            Assert.That(Mutator.DuplicateChunk(a, 1, 2), Is.EqualTo(new byte[] { 1, 2, 3, 2, 3, 4, 5 }));
            Assert.That(Mutator.DeleteChunk(a, 1, 2), Is.EqualTo(new byte[] { 1, 4, 5 }));
        }

        [Test]
        public void EmptyInputOnlyGrowsBySplicing()
        {
            var empty = new byte[0];
            Assert.That(Mutator.Apply(MutationKind.BitFlip, empty, new[] { Sample(5) }, new SeededRandom(1), out _), Is.Empty);
            var spliced = Mutator.Apply(MutationKind.Splice, empty, new[] { Sample(5) }, new SeededRandom(1), out _);
            Assert.That(spliced.Length, Is.LessThanOrEqualTo(5));
        }
    }
}
