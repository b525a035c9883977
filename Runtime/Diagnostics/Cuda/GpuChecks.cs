using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Sightline.Cuda.Diagnostics.Checks;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Diagnostics
{
    /// <summary>
    /// The GPU self-test behind `sightline check gpu` and the Gpu test category: each check runs the binding against
    /// a naive CPU oracle and reports PASS/FAIL with its largest error and tolerance. A check that throws is a FAIL
    /// with the exception's message; it never stops the others.
    /// </summary>
    public static class GpuChecks
    {
        /// <summary>(name, what it verifies, run).</summary>
        public static IReadOnlyList<(string Name, string Description, Func<GpuCheckEnvironment, IEnumerable<CheckResult>> Run)> All { get; } =
            new (string, string, Func<GpuCheckEnvironment, IEnumerable<CheckResult>>)[]
            {
                ("nvrtc-launch", "NVRTC compiles the self-test kernels for this device; a launch writes the expected values", NvrtcLaunchCheck.Run),
                ("memory", "synchronous, pinned asynchronous and device-to-device copies, memset, fill kernel, out-of-memory report", MemoryCheck.Run),
                ("stream-order", "an event orders a slow writer on one stream before a reader on another; event timing", StreamOrderCheck.Run),
                ("graph", "a captured CUDA graph replays its kernels", GraphCheck.Run),
                ("peer", "peer access and peer copies between two devices", PeerCheck.Run),
                ("cublas", "SGEMM (all transposes, beta), strided batched, GemmEx TF32 and bf16 against a CPU GEMM", CublasCheck.Run),
                ("cublaslt", "a planned cuBLASLt matmul with a bias epilogue against a CPU GEMM", CublasLtCheck.Run),
                ("cudnn-conv", "grouped convolution forward, backward data, backward filter and bias (Find*Ex algorithms) against a naive convolution", CudnnConvolutionCheck.Run),
                ("cudnn-lrn", "LRN forward and backward against the paper's formula", CudnnLrnCheck.Run),
                ("cudnn-pool", "max pooling forward and backward against a naive pooling", CudnnPoolingCheck.Run),
                ("cudnn-softmax-relu", "softmax and ReLU forward and backward", CudnnSoftmaxReluCheck.Run),
            };

        public static IReadOnlyList<string> Names => All.Select(c => c.Name).ToArray();

        /// <summary>
        /// Runs the named checks (all when <paramref name="only"/> is empty) on one device. When CUDA is unavailable,
        /// one SKIP result carries the loader's reason.
        /// </summary>
        public static IReadOnlyList<CheckResult> Run(int device, IReadOnlyCollection<string>? only = null, Action<CheckResult>? progress = null)
        {
            var results = new List<CheckResult>();
            void Report(CheckResult r)
            {
                results.Add(r);
                progress?.Invoke(r);
            }
            if (only != null)
                foreach (var name in only)
                    if (!All.Any(c => c.Name == name))
                        throw new ArgumentException($"unknown GPU check '{name}'; known: {string.Join(", ", Names)}");
            if (!CudaLibraries.IsAvailable(out string reason))
            {
                Report(CheckResult.Skip("cuda", reason));
                return results;
            }
            GpuCheckEnvironment environment;
            try
            {
                environment = new GpuCheckEnvironment(device);
            }
            catch (Exception e) when (e is CudaException || e is CudaUnavailableException || e is ArgumentException)
            {
                Report(CheckResult.Fail("context", $"device {device}: {e.Message}"));
                return results;
            }
            using (environment)
            {
                foreach (var check in All)
                {
                    if (only != null && only.Count > 0 && !only.Contains(check.Name)) continue;
                    var watch = Stopwatch.StartNew();
                    List<CheckResult> produced;
                    try
                    {
                        produced = check.Run(environment).ToList();
                    }
                    catch (Exception e)
                    {
                        produced = new List<CheckResult> { CheckResult.Fail(check.Name, e.GetType().Name + ": " + e.Message) };
                        try { environment.Context.Synchronize(); } catch (CudaException) { } // a sticky error shows in the next checks too
                    }
                    double each = watch.Elapsed.TotalMilliseconds / Math.Max(1, produced.Count);
                    foreach (var r in produced)
                    {
                        r.Milliseconds = each;
                        Report(r);
                    }
                }
            }
            return results;
        }
    }
}
