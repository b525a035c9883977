using System;
using NUnit.Framework;
using Sightline.Data;
using Sightline.Randomness;

namespace Sightline.Tests.Training.Data.Cache
{
    public class SymmetricEigen3Tests
    {
        [Test]
        public void DecomposesRandomSymmetricMatrices()
        {
            var r = new SeededRandom(5);
            for (int t = 0; t < 50; t++)
            {
                var m = new double[9];
                for (int i = 0; i < 3; i++)
                    for (int j = i; j < 3; j++)
                        m[i * 3 + j] = m[j * 3 + i] = r.NextDouble() * 2 - 1;
                SymmetricEigen3.Decompose(m, out var values, out var vectors);
                Assert.That(values[0], Is.GreaterThanOrEqualTo(values[1]));
                Assert.That(values[1], Is.GreaterThanOrEqualTo(values[2]));
                for (int k = 0; k < 3; k++)
                {
                    for (int i = 0; i < 3; i++)
                    {
                        double av = 0;
                        for (int j = 0; j < 3; j++) av += m[i * 3 + j] * vectors[k * 3 + j];
                        Assert.That(av, Is.EqualTo(values[k] * vectors[k * 3 + i]).Within(1e-9));
                    }
                    for (int l = 0; l < 3; l++)
                    {
                        double dot = 0;
                        for (int i = 0; i < 3; i++) dot += vectors[k * 3 + i] * vectors[l * 3 + i];
                        Assert.That(dot, Is.EqualTo(k == l ? 1.0 : 0.0).Within(1e-9));
                    }
                }
            }
        }

        [Test]
        public void DiagonalMatrixGivesSortedAxes()
        {
            SymmetricEigen3.Decompose(new double[] { 1, 0, 0, 0, 3, 0, 0, 0, 2 }, out var values, out var vectors);
            Assert.That(values, Is.EqualTo(new[] { 3.0, 2.0, 1.0 }));
            Assert.That(vectors, Is.EqualTo(new[] { 0.0, 1, 0, 0, 0, 1, 1, 0, 0 }));
        }
    }
}
