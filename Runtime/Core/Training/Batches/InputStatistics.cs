using System;

namespace Sightline.Training.Batches
{
    /// <summary>
    /// What the input pipeline learned from the training frames and a model needs forever after: the per-pixel mean
    /// image (HWC RGB at the stored size, as FrameCache.MeanImage; its centre crop is subtracted from every crop) and the RGB covariance's eigenvectors and eigenvalues
    /// (PCA lighting). Saved in every checkpoint.
    /// </summary>
    public sealed class InputStatistics
    {
        public InputStatistics(float[] meanImage, int meanImageSize, float[] pcaEigenvectors, float[] pcaEigenvalues, float inputScale = 1f)
        {
            if (!(inputScale > 0f) || float.IsInfinity(inputScale)) throw new ArgumentException($"input scale must be a positive number (got {inputScale})", nameof(inputScale));
            InputScale = inputScale;
            if (meanImage.Length != 3 * meanImageSize * meanImageSize) throw new ArgumentException($"a {meanImageSize}x{meanImageSize} mean image holds {3 * meanImageSize * meanImageSize} values, not {meanImage.Length}", nameof(meanImage));
            if (pcaEigenvectors.Length != 0 && pcaEigenvectors.Length != 9) throw new ArgumentException("PCA eigenvectors are a 3x3 matrix", nameof(pcaEigenvectors));
            if (pcaEigenvalues.Length != 0 && pcaEigenvalues.Length != 3) throw new ArgumentException("PCA eigenvalues are 3 numbers", nameof(pcaEigenvalues));
            MeanImage = meanImage;
            MeanImageSize = meanImageSize;
            PcaEigenvectors = pcaEigenvectors;
            PcaEigenvalues = pcaEigenvalues;
        }

        /// <summary>S x S x 3 (HWC, RGB), values in the 0..255 pixel scale.</summary>
        public float[] MeanImage { get; }
        public int MeanImageSize { get; }
        /// <summary>Eigenvector i is (R, G, B) at [3i .. 3i+2] (as ColorPca.EigenVectors, on the [0, 1] pixel scale).</summary>
        public float[] PcaEigenvectors { get; }
        public float[] PcaEigenvalues { get; }

        /// <summary>
        /// Mean-subtracted pixels are multiplied by this before they enter the network (1: the paper's raw 0..255
        /// scale). He initialisation assumes inputs of about unit variance; at the raw scale the first layer's
        /// gradients are ~100x too large and SGD at the paper's learning rate explodes (measured), so training on
        /// users' data uses 1 / (pixel standard deviation of the training frames). Inference must apply it too
        /// (the checkpoint and exported models carry it).
        /// </summary>
        public float InputScale { get; }

        /// <summary>1 / the RGB standard deviation (0..255 units) of a covariance on the [0, 1] scale (row-major 3x3).</summary>
        public static float ScaleFromCovariance(double[] covariance)
        {
            double variance = (covariance[0] + covariance[4] + covariance[8]) / 3.0;
            if (!(variance > 1e-12)) return 1f;
            return (float)(1.0 / (255.0 * Math.Sqrt(variance)));
        }
    }
}
