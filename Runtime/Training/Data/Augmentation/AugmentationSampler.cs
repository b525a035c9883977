using System;
using Sightline.Randomness;

namespace Sightline.Data
{
    /// <summary>
    /// Draws one input's <see cref="AugmentParams"/>. Order of draws (fixed, so a seed always gives the same
    /// parameters): crop x, crop y, flip, then a_1, a_2, a_3 ~ N(0, std) when lighting is on.
    /// Lighting (Documentation~/network.md): delta = 255 * sum_i p_i * a_i * f(lambda_i), with f(l) = l (paper) or sqrt(l) (authors'
    /// code), p_i and lambda_i from <see cref="ColorPca"/> on the [0, 1] pixel scale, so delta is in 0..255 units.
    /// Computed in double, then rounded to float.
    /// </summary>
    public static class AugmentationSampler
    {
        public static AugmentParams Draw(SeededRandom random, AugmentationSettings settings, ColorPca pca)
        {
            int max = settings.MaxOffset;
            int x, y;
            if (settings.RandomCrop)
            {
                x = random.NextInt(max + 1);
                y = random.NextInt(max + 1);
            }
            else
            {
                x = max / 2;
                y = max / 2;
            }
            bool flip = settings.Flip && random.NextBool();
            var p = new AugmentParams(x, y, flip);
            if (settings.Lighting != LightingMode.None)
            {
                double a0 = random.NextGaussian() * settings.LightingStd;
                double a1 = random.NextGaussian() * settings.LightingStd;
                double a2 = random.NextGaussian() * settings.LightingStd;
                LightingDelta(pca, settings.Lighting, a0, a1, a2, out p.DeltaR, out p.DeltaG, out p.DeltaB);
            }
            return p;
        }

        /// <summary>delta_c = 255 * sum_i EigenVectors[i][c] * a_i * f(lambda_i).</summary>
        public static void LightingDelta(ColorPca pca, LightingMode mode, double a0, double a1, double a2, out float r, out float g, out float b)
        {
            var l = pca.EigenValues;
            var v = pca.EigenVectors;
            double s0 = a0 * Scale(l[0], mode), s1 = a1 * Scale(l[1], mode), s2 = a2 * Scale(l[2], mode);
            r = (float)(255.0 * (v[0] * s0 + v[3] * s1 + v[6] * s2));
            g = (float)(255.0 * (v[1] * s0 + v[4] * s1 + v[7] * s2));
            b = (float)(255.0 * (v[2] * s0 + v[5] * s1 + v[8] * s2));
        }

        static double Scale(double lambda, LightingMode mode) => mode == LightingMode.SqrtEigenvalue ? Math.Sqrt(Math.Max(0, lambda)) : lambda;

        /// <summary>The centre crop, no flip, no lighting: real-time classification and single-view evaluation.</summary>
        public static AugmentParams Centre(int storedSize, int inputSize)
        {
            int m = (storedSize - inputSize) / 2;
            return new AugmentParams(m, m, false);
        }

        /// <summary>
        /// The paper's ten test views, in this order: centre, top-left, top-right, bottom-left, bottom-right, then the
        /// same five mirrored. Average the ten softmax outputs.
        /// </summary>
        public static AugmentParams[] TenViews(int storedSize, int inputSize)
        {
            int max = storedSize - inputSize;
            if (max < 0) throw new ArgumentException($"input size {inputSize} is larger than the stored frame size {storedSize}");
            var views = new AugmentParams[10];
            var corners = new[] { (max / 2, max / 2), (0, 0), (max, 0), (0, max), (max, max) };
            for (int i = 0; i < 5; i++)
            {
                views[i] = new AugmentParams(corners[i].Item1, corners[i].Item2, false);
                views[i + 5] = new AugmentParams(corners[i].Item1, corners[i].Item2, true);
            }
            return views;
        }
    }
}
