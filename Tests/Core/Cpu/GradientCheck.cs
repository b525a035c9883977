using System;
using NUnit.Framework;
using Sightline.Randomness;

namespace Sightline.Tests.Core.Cpu
{
    /// <summary>
    /// Finite-difference checks: the loss is sum(output * projection) accumulated in double, so its derivative with
    /// respect to the output is the projection; the numeric gradient is a central difference of that loss.
    /// </summary>
    internal static class GradientCheck
    {
        public static float[] Random(int count, ulong seed, double scale = 1.0)
        {
            var random = new SeededRandom(seed);
            var values = new float[count];
            for (int i = 0; i < count; i++) values[i] = (float)(random.NextGaussian() * scale);
            return values;
        }

        public static double Dot(float[] a, float[] b)
        {
            double sum = 0;
            for (int i = 0; i < a.Length; i++) sum += (double)a[i] * b[i];
            return sum;
        }

        /// <summary>
        /// For each element of <paramref name="x"/>: |numeric - analytic| &lt;= absolute + relative |analytic|,
        /// numeric = (loss(x + eps) - loss(x - eps)) / (2 eps) with x restored afterwards.
        /// </summary>
        public static void Check(string what, float[] x, float[] analytic, Func<double> loss, float epsilon, double relative, double absolute)
        {
            Assert.That(analytic.Length, Is.EqualTo(x.Length), what + ": gradient length");
            double worst = 0;
            for (int i = 0; i < x.Length; i++)
            {
                float saved = x[i];
                x[i] = saved + epsilon;
                double plus = loss();
                x[i] = saved - epsilon;
                double minus = loss();
                x[i] = saved;
                double numeric = (plus - minus) / ((double)(saved + epsilon) - (saved - epsilon));
                double error = Math.Abs(numeric - analytic[i]);
                double allowed = absolute + relative * Math.Abs(analytic[i]);
                if (error > allowed)
                    Assert.Fail($"{what}[{i}]: analytic {analytic[i]:G6}, numeric {numeric:G6} (error {error:G3} > {allowed:G3})");
                worst = Math.Max(worst, error);
            }
            Assert.That(worst, Is.LessThan(absolute + relative * MaxAbs(analytic) + 1e-12), what);
        }

        public static double MaxAbs(float[] values)
        {
            double max = 0;
            foreach (var v in values) max = Math.Max(max, Math.Abs(v));
            return max;
        }
    }
}
