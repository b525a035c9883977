using System;

namespace Sightline.Training.Batches
{
    /// <summary>
    /// What the input pipeline learned from the training frames and a model needs forever after: the per-pixel mean
    /// image (CHW, stored size, subtracted from every crop) and the RGB covariance's eigenvectors and eigenvalues
    /// (PCA lighting). Saved in every checkpoint.
    /// </summary>
    public sealed class InputStatistics
    {
        public InputStatistics(float[] meanImage, int meanImageSize, float[] pcaEigenvectors, float[] pcaEigenvalues)
        {
            if (meanImage.Length != 3 * meanImageSize * meanImageSize) throw new ArgumentException($"a {meanImageSize}x{meanImageSize} mean image holds {3 * meanImageSize * meanImageSize} values, not {meanImage.Length}", nameof(meanImage));
            if (pcaEigenvectors.Length != 0 && pcaEigenvectors.Length != 9) throw new ArgumentException("PCA eigenvectors are a 3x3 matrix", nameof(pcaEigenvectors));
            if (pcaEigenvalues.Length != 0 && pcaEigenvalues.Length != 3) throw new ArgumentException("PCA eigenvalues are 3 numbers", nameof(pcaEigenvalues));
            MeanImage = meanImage;
            MeanImageSize = meanImageSize;
            PcaEigenvectors = pcaEigenvectors;
            PcaEigenvalues = pcaEigenvalues;
        }

        /// <summary>CHW, values in the 0..255 pixel scale.</summary>
        public float[] MeanImage { get; }
        public int MeanImageSize { get; }
        /// <summary>Row i is eigenvector i.</summary>
        public float[] PcaEigenvectors { get; }
        public float[] PcaEigenvalues { get; }
    }
}
