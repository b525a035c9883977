using System;
using NUnit.Framework;
using Sightline.Cli.Gpu;
using Sightline.Cpu;

namespace Sightline.Tests.Cli
{
    public class PoolRoutingTests
    {
        // One plane 5x5, 3/2 pooling -> 2x2 overlapping windows.
        static readonly PoolGeometry Geometry = new PoolGeometry(1, 5, 5, 3, 2);

        static float[] Input()
        {
            var x = new float[25];
            var random = new Random(5);
            for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble();
            return x;
        }

        // The reference's own first-maximum choices, as the GPU forward records them (index inside the window).
        static byte[] FirstMaxima(float[] x)
        {
            var g = Geometry;
            var choices = new byte[g.OutHeight * g.OutWidth];
            for (int oy = 0; oy < g.OutHeight; oy++)
            for (int ox = 0; ox < g.OutWidth; ox++)
            {
                int best = 0;
                for (int k = 1; k < 9; k++)
                    if (x[(oy * 2 + k / 3) * 5 + ox * 2 + k % 3] > x[(oy * 2 + best / 3) * 5 + ox * 2 + best % 3]) best = k;
                choices[oy * g.OutWidth + ox] = (byte)best;
            }
            return choices;
        }

        [Test]
        public void RoutingThroughTheFirstMaximaMatchesTheCpuBackward()
        {
            var x = Input();
            var dy = new[] { 1f, -2f, 3f, 0.5f };
            var expected = new float[25];
            using (var context = new CpuContext(1)) MaxPool.Backward(context, Geometry, 1, x, dy, expected);
            var dx = new float[25];
            double shortfall = PoolRouting.Backward(Geometry, 1, x, FirstMaxima(x), dy, dx, out int different);
            Assert.That(shortfall, Is.EqualTo(0));
            Assert.That(different, Is.EqualTo(0));
            Assert.That(dx, Is.EqualTo(expected));
        }

        [Test]
        public void ANearTieChoiceIsAcceptedAndAWrongOneIsNot()
        {
            var x = Input();
            // Window (0, 0): make its element 8, input (2, 2), a near-tie 1e-7 below the window's maximum and choose it.
            int first = FirstMaxima(x)[0];
            if (first == 8) Assert.Ignore("the maximum is already element 8");
            float max = x[first / 3 * 5 + first % 3];
            x[2 * 5 + 2] = max - 1e-7f;
            var choices = FirstMaxima(x);
            Assert.That(choices[0], Is.EqualTo(first));
            choices[0] = 8;
            var dx = new float[25];
            var dy = new[] { 1f, 1f, 1f, 1f };
            double nearTie = PoolRouting.Backward(Geometry, 1, x, choices, dy, dx, out int different);
            Assert.That(different, Is.EqualTo(1));
            Assert.That(nearTie, Is.LessThan(PoolRouting.TieTolerance));
            Assert.That(dx[2 * 5 + 2], Is.GreaterThanOrEqualTo(1f));
            // A choice well below the maximum is a wrong pick.
            x[2 * 5 + 2] = max - 0.5f;
            double wrong = PoolRouting.Backward(Geometry, 1, x, choices, dy, dx, out _);
            Assert.That(wrong, Is.GreaterThan(PoolRouting.TieTolerance));
        }
    }
}
