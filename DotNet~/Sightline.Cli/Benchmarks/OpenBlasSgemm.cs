using System;
using System.Runtime.InteropServices;

namespace Sightline.Cli.Benchmarks
{
    /// <summary>
    /// The machine's OpenBLAS, loaded at run time only to measure sgemm next to ours (never used for computing).
    /// Looks for Debian's libopenblas0 (libopenblas.so.0) and the usual names elsewhere.
    /// </summary>
    internal sealed unsafe class OpenBlasSgemm
    {
        const int RowMajor = 101, NoTrans = 111, Trans = 112;
        static readonly string[] Candidates =
        {
            "libopenblas.so.0", "/usr/lib/x86_64-linux-gnu/libopenblas.so.0", "/usr/lib/aarch64-linux-gnu/libopenblas.so.0",
            "libopenblas.so", "libopenblas.dylib", "/opt/homebrew/opt/openblas/lib/libopenblas.dylib", "libopenblas.dll",
        };

        readonly delegate* unmanaged[Cdecl]<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;
        readonly delegate* unmanaged[Cdecl]<int, void> _setThreads;

        OpenBlasSgemm(string path, IntPtr handle)
        {
            Path = path;
            _sgemm = (delegate* unmanaged[Cdecl]<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)NativeLibrary.GetExport(handle, "cblas_sgemm");
            if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var setThreads))
                _setThreads = (delegate* unmanaged[Cdecl]<int, void>)setThreads;
        }

        /// <summary>The file that was loaded.</summary>
        public string Path { get; }

        /// <summary>OpenBLAS if one of the usual names loads and exports cblas_sgemm; null otherwise.</summary>
        public static OpenBlasSgemm? TryLoad()
        {
            foreach (var name in Candidates)
            {
                if (!NativeLibrary.TryLoad(name, out var handle)) continue;
                if (NativeLibrary.TryGetExport(handle, "cblas_sgemm", out _)) return new OpenBlasSgemm(name, handle);
                NativeLibrary.Free(handle);
            }
            return null;
        }

        public void SetThreads(int threads)
        {
            if (_setThreads != null) _setThreads(threads);
        }

        /// <summary>C[m x n] = op(A) op(B), row-major, dense leading dimensions.</summary>
        public void Multiply(bool transA, bool transB, int m, int n, int k, float* a, float* b, float* c) =>
            _sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, 1f, a, transA ? m : k, b, transB ? k : n, 0f, c, n);
    }
}
