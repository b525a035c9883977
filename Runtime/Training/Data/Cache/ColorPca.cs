using System;

namespace Sightline.Data
{
    /// <summary>
    /// The principal components of RGB pixel values over the training frames, for the paper's PCA lighting
    /// augmentation. Computed on pixel values scaled to [0, 1] (the scale on which the paper's eigenvalue form gives
    /// a perturbation of a few grey levels; see <see cref="AugmentationSampler"/>).
    /// </summary>
    public sealed class ColorPca
    {
        public ColorPca(double[] covariance)
        {
            if (covariance == null || covariance.Length != 9) throw new ArgumentException("RGB covariance is 3x3", nameof(covariance));
            Covariance = (double[])covariance.Clone();
            SymmetricEigen3.Decompose(Covariance, out var values, out var vectors);
            for (int i = 0; i < 3; i++) values[i] = Math.Max(0, values[i]); // rounding can make a zero eigenvalue slightly negative
            EigenValues = values;
            EigenVectors = vectors;
        }

        /// <summary>No lighting noise (an empty training set).</summary>
        public static ColorPca Zero => new ColorPca(new double[9]);

        /// <summary>Row-major 3x3 covariance of (R, G, B)/255.</summary>
        public double[] Covariance { get; }
        /// <summary>lambda_1 &gt;= lambda_2 &gt;= lambda_3.</summary>
        public double[] EigenValues { get; }
        /// <summary>p_i = EigenVectors[3i .. 3i+2] as (R, G, B), unit length.</summary>
        public double[] EigenVectors { get; }
    }
}
