using System;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Dnn
{
    /// <summary>
    /// Cross-channel local response normalisation (cudnnLRNDescriptor_t). Parameters are the PAPER's:
    /// b = a / (k + alpha·Σa²)^beta over <see cref="Size"/> neighbouring channels. cuDNN divides its alpha by n,
    /// so this class passes alpha·n to cuDNN; callers never see the difference.
    /// </summary>
    public sealed unsafe class LrnDescriptor : DnnDescriptor
    {
        // cuDNN's documented limits (CUDNN_LRN_MIN_N .. MAX_N, MIN_K, MIN_BETA).
        public const int MinSize = 1;
        public const int MaxSize = 16;
        public const double MinK = 1e-5;
        public const double MinBeta = 0.01;
        public LrnDescriptor(int size, double alpha, double beta, double k)
        {
            if (size < MinSize || size > MaxSize) throw new ArgumentOutOfRangeException(nameof(size), size, $"LRN size must be {MinSize}..{MaxSize} for cuDNN");
            if (k < MinK) throw new ArgumentOutOfRangeException(nameof(k), k, $"LRN k must be at least {MinK} for cuDNN");
            if (beta < MinBeta) throw new ArgumentOutOfRangeException(nameof(beta), beta, $"LRN beta must be at least {MinBeta} for cuDNN");
            if (alpha < 0 || double.IsNaN(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "LRN alpha must not be negative");
            Size = size; Alpha = alpha; Beta = beta; K = k;
            Api = CudaLibraries.Cudnn;
            Create(Api.cudnnCreateLRNDescriptor, Api.cudnnDestroyLRNDescriptor, "cudnnCreateLRNDescriptor");
            Configured(Api.cudnnSetLRNDescriptor(Handle, (uint)size, CudnnAlpha(alpha, size), beta, k), "cudnnSetLRNDescriptor");
        }

        /// <summary>The alpha cuDNN wants for the paper's alpha: cuDNN computes k + (alpha/n)·Σa².</summary>
        public static double CudnnAlpha(double paperAlpha, int size) => paperAlpha * size;

        public int Size { get; }
        public double Alpha { get; }
        public double Beta { get; }
        public double K { get; }
    }
}
