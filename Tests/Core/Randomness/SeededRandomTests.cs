using System;
using NUnit.Framework;
using Sightline.Randomness;

namespace Sightline.Tests.Core.Randomness
{
    public class SeededRandomTests
    {
        [Test]
        public void SameSeedGivesSameSequence()
        {
            var a = new SeededRandom(42);
            var b = new SeededRandom(42);
            for (int i = 0; i < 100; i++) Assert.That(a.NextUInt64(), Is.EqualTo(b.NextUInt64()));
        }

        [Test]
        public void RestoredStateContinuesTheSequence()
        {
            var a = new SeededRandom(7);
            for (int i = 0; i < 10; i++) a.NextUInt64();
            var b = SeededRandom.FromState(a.GetState());
            for (int i = 0; i < 10; i++) Assert.That(b.NextUInt64(), Is.EqualTo(a.NextUInt64()));
        }

        [Test]
        public void GaussianHasUnitVarianceAndZeroMean()
        {
            var r = new SeededRandom(1);
            double sum = 0, sumSq = 0;
            const int n = 200000;
            for (int i = 0; i < n; i++)
            {
                double g = r.NextGaussian();
                sum += g;
                sumSq += g * g;
            }
            Assert.That(sum / n, Is.EqualTo(0).Within(0.01));
            Assert.That(sumSq / n, Is.EqualTo(1).Within(0.02));
        }

        [Test]
        public void NextIntStaysInRangeAndCoversIt()
        {
            var r = new SeededRandom(3);
            var seen = new bool[7];
            for (int i = 0; i < 1000; i++)
            {
                int v = r.NextInt(7);
                Assert.That(v, Is.InRange(0, 6));
                seen[v] = true;
            }
            Assert.That(Array.TrueForAll(seen, s => s), Is.True);
        }

        [Test]
        public void AllZeroStateIsRefused()
        {
            Assert.Throws<ArgumentException>(() => SeededRandom.FromState(new ulong[4]));
        }
    }
}
