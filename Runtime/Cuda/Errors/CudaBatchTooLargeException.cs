using System;
using System.Globalization;

namespace Sightline.Cuda
{
    /// <summary>
    /// The CUDA engine could not allocate its buffers for the requested batch size: the message gives the sizes (what
    /// the engine needs, per image and fixed, what the device has free) and the largest batch that should fit.
    /// </summary>
    public sealed class CudaBatchTooLargeException : CudaException
    {
        public CudaBatchTooLargeException(CudaOutOfMemoryException cause, string device, int batch, long fixedBytes, long perImageBytes, long freeBytes, int suggestedBatch)
            : base(cause.Function, cause.Status, cause.StatusText, Describe(device, batch, fixedBytes, perImageBytes, freeBytes, cause.TotalBytes, suggestedBatch))
        {
            Batch = batch;
            FixedBytes = fixedBytes;
            PerImageBytes = perImageBytes;
            FreeBytes = freeBytes;
            TotalBytes = cause.TotalBytes;
            SuggestedBatch = suggestedBatch;
            RequestedBytes = cause.RequestedBytes;
        }

        /// <summary>The batch size the engine was asked to allocate for.</summary>
        public int Batch { get; }
        public long FixedBytes { get; }
        public long PerImageBytes { get; }
        /// <summary>Free device memory before the engine allocated anything.</summary>
        public long FreeBytes { get; }
        public long TotalBytes { get; }
        /// <summary>The single allocation that failed.</summary>
        public long RequestedBytes { get; }
        /// <summary>The largest batch expected to fit (0: not even one image).</summary>
        public int SuggestedBatch { get; }

        /// <summary>The message, as a pure function of the sizes (tested without a GPU).</summary>
        public static string Describe(string device, int batch, long fixedBytes, long perImageBytes, long freeBytes, long totalBytes, int suggestedBatch)
        {
            var c = CultureInfo.InvariantCulture;
            string need = string.Format(c, "a batch of {0} does not fit on {1}: the engine needs about {2} ({3} per image x {0} + {4} fixed), {5} was free of {6}",
                batch, device, Size(fixedBytes + perImageBytes * (long)batch), Size(perImageBytes), Size(fixedBytes), Size(freeBytes), Size(totalBytes));
            return suggestedBatch > 0
                ? need + string.Format(c, "; use a batch of at most {0} (--batch {0})", suggestedBatch)
                : need + "; not even one image fits: free GPU memory (other processes) or use a smaller network";
        }

        static string Size(long bytes)
        {
            double mib = bytes / (1024.0 * 1024.0);
            return mib >= 1024 ? (mib / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " GiB" : mib.ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
        }
    }
}
