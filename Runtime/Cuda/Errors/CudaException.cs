using System;

namespace Sightline.Cuda
{
    /// <summary>A CUDA, NVRTC, cuBLAS or cuDNN call failed: which call, the status code and its text.</summary>
    public class CudaException : Exception
    {
        public CudaException(string function, int status, string statusText, string? detail = null)
            : base(Format(function, status, statusText, detail))
        {
            Function = function;
            Status = status;
            StatusText = statusText;
        }

        /// <summary>The native function that failed, for example "cuMemAlloc_v2".</summary>
        public string Function { get; }
        /// <summary>The raw status (CUresult, nvrtcResult, cublasStatus_t, cudnnStatus_t).</summary>
        public int Status { get; }
        public string StatusText { get; }

        static string Format(string function, int status, string statusText, string? detail)
        {
            string message = $"{function} failed: {statusText} ({status})";
            return string.IsNullOrEmpty(detail) ? message : message + ": " + detail;
        }
    }

    /// <summary>A device allocation failed; the message says how much was asked for and how much was free.</summary>
    public sealed class CudaOutOfMemoryException : CudaException
    {
        public CudaOutOfMemoryException(string function, int status, string statusText, long requestedBytes, long freeBytes, long totalBytes, string device)
            : base(function, status, statusText,
                $"asked for {Mib(requestedBytes)} on {device}, {Mib(freeBytes)} free of {Mib(totalBytes)}")
        {
            RequestedBytes = requestedBytes;
            FreeBytes = freeBytes;
            TotalBytes = totalBytes;
        }

        public long RequestedBytes { get; }
        public long FreeBytes { get; }
        public long TotalBytes { get; }

        static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " MiB";
    }

    /// <summary>NVRTC rejected a kernel source; <see cref="Log"/> holds the compiler's messages.</summary>
    public sealed class NvrtcCompileException : CudaException
    {
        public NvrtcCompileException(string sourceName, string options, int status, string statusText, string log)
            : base("nvrtcCompileProgram", status, statusText, $"compiling {sourceName} with [{options}]:\n{log}")
        {
            SourceName = sourceName;
            Log = log;
        }

        public string SourceName { get; }
        public string Log { get; }
    }
}
