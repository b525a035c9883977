using System;

namespace Sightline.Onnx
{
    /// <summary>How an <see cref="OnnxRuntimeEngine"/> runs: execution provider, device, threads, and where it reports.</summary>
    public sealed class OnnxRuntimeOptions
    {
        /// <summary>
        /// Ask for the CUDA execution provider. Needs the Microsoft.ML.OnnxRuntime.Gpu native package and the CUDA 13
        /// libraries; when either is missing the engine runs on the CPU and says why in <see cref="OnnxRuntimeEngine.CudaFallbackReason"/>.
        /// </summary>
        public bool UseCuda { get; set; }
        public int CudaDevice { get; set; }
        /// <summary>Threads inside one operator; 0 lets ONNX Runtime choose (one per core).</summary>
        public int IntraOpThreads { get; set; }
        /// <summary>Receives one-line notices (the CUDA fallback reason).</summary>
        public Action<string>? Log { get; set; }
    }
}
