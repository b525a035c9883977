using System;

namespace Sightline.Cli.Gpu
{
    /// <summary>How far apart two tensors are, in a form whose tolerance does not depend on the tensor's scale.</summary>
    public static class Compare
    {
        /// <summary>max |actual - expected| / max |expected|; NaN when actual holds a NaN or the lengths differ.</summary>
        public static double NormalizedMaxError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
        {
            if (actual.Length != expected.Length) return double.NaN;
            double worst = 0, scale = 0;
            for (int i = 0; i < actual.Length; i++)
            {
                double a = actual[i], e = expected[i];
                if (double.IsNaN(a) || double.IsInfinity(a)) return double.NaN;
                worst = Math.Max(worst, Math.Abs(a - e));
                scale = Math.Max(scale, Math.Abs(e));
            }
            return scale > 0 ? worst / scale : worst;
        }

        public static double NormalizedMaxError(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
        {
            if (actual.Length != expected.Length) return double.NaN;
            double worst = 0, scale = 0;
            for (int i = 0; i < actual.Length; i++)
            {
                double a = actual[i], e = expected[i];
                if (double.IsNaN(a) || double.IsInfinity(a)) return double.NaN;
                worst = Math.Max(worst, Math.Abs(a - e));
                scale = Math.Max(scale, Math.Abs(e));
            }
            return scale > 0 ? worst / scale : worst;
        }

        /// <summary>
        /// ||actual - expected||_2 / ||expected||_2; NaN when actual holds a NaN or the lengths differ. Unlike the max
        /// error it is not dominated by a few values that a discrete decision (a ReLU or max-pool near-tie) moved.
        /// </summary>
        public static double RelativeL2(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
        {
            if (actual.Length != expected.Length) return double.NaN;
            double difference = 0, norm = 0;
            for (int i = 0; i < actual.Length; i++)
            {
                double a = actual[i], e = expected[i];
                if (double.IsNaN(a) || double.IsInfinity(a)) return double.NaN;
                difference += (a - e) * (a - e);
                norm += e * e;
            }
            return norm > 0 ? Math.Sqrt(difference / norm) : Math.Sqrt(difference);
        }

        /// <summary>|a - b| / max(|b|, tiny): for scalars such as losses.</summary>
        public static double Relative(double actual, double expected)
        {
            if (double.IsNaN(actual) || double.IsInfinity(actual)) return double.NaN;
            return Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-12);
        }
    }
}
