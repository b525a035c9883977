using System;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Blas
{
    /// <summary>
    /// One fixed-shape fp32 cuBLASLt matmul, planned once (descriptors and the heuristic's algorithm) and run many
    /// times: D = alpha·op(A)·op(B) + beta·C (+ bias, ReLU by epilogue), column-major, D m×n, C = D in place allowed.
    /// </summary>
    public sealed unsafe class LtMatmulPlan : IDisposable
    {
        readonly CublasLtApi _api;
        IntPtr _handle, _desc, _a, _b, _c, _pref;
        CublasLtHeuristicResult _algo;

        public LtMatmulPlan(CudaContext context, BlasOperation opA, BlasOperation opB, int m, int n, int k,
            LtEpilogue epilogue = LtEpilogue.Default, BlasComputeType compute = BlasComputeType.Float32, long workspaceBytes = 32 << 20)
        {
            if (m <= 0 || n <= 0 || k <= 0) throw new ArgumentOutOfRangeException(nameof(m), $"matmul sizes m={m}, n={n}, k={k} must be positive");
            if (compute == BlasComputeType.Float16) throw new NotSupportedException("fp32 plans only: use Float32 or Float32FastTf32 compute");
            Context = context;
            M = m; N = n; K = k;
            Epilogue = epilogue;
            WorkspaceBytes = workspaceBytes;
            _api = CudaLibraries.CublasLt;
            context.MakeCurrent();
            try
            {
                IntPtr h;
                _api.Check(_api.cublasLtCreate(&h), "cublasLtCreate");
                _handle = h;
                IntPtr d;
                _api.Check(_api.cublasLtMatmulDescCreate(&d, (int)compute, (int)CudaDataType.Float32), "cublasLtMatmulDescCreate");
                _desc = d;
                int ta = (int)opA, tb = (int)opB, ep = (int)epilogue;
                _api.Check(_api.cublasLtMatmulDescSetAttribute(_desc, CublasLtApi.DescTransA, &ta, sizeof(int)), "cublasLtMatmulDescSetAttribute(TRANSA)");
                _api.Check(_api.cublasLtMatmulDescSetAttribute(_desc, CublasLtApi.DescTransB, &tb, sizeof(int)), "cublasLtMatmulDescSetAttribute(TRANSB)");
                _api.Check(_api.cublasLtMatmulDescSetAttribute(_desc, CublasLtApi.DescEpilogue, &ep, sizeof(int)), "cublasLtMatmulDescSetAttribute(EPILOGUE)");
                // Stored shapes: A is m×k (k×m when transposed), B is k×n (n×k when transposed), leading dimension = rows.
                _a = Layout(opA == BlasOperation.None ? m : k, opA == BlasOperation.None ? k : m);
                _b = Layout(opB == BlasOperation.None ? k : n, opB == BlasOperation.None ? n : k);
                _c = Layout(m, n);
                IntPtr p;
                _api.Check(_api.cublasLtMatmulPreferenceCreate(&p), "cublasLtMatmulPreferenceCreate");
                _pref = p;
                ulong ws = (ulong)workspaceBytes;
                _api.Check(_api.cublasLtMatmulPreferenceSetAttribute(_pref, CublasLtApi.PrefMaxWorkspaceBytes, &ws, sizeof(ulong)), "cublasLtMatmulPreferenceSetAttribute(MAX_WORKSPACE_BYTES)");
                // The bias pointer is set per Execute: the heuristic only needs the epilogue kind.
                int found = 0;
                CublasLtHeuristicResult result;
                _api.Check(_api.cublasLtMatmulAlgoGetHeuristic(_handle, _desc, _a, _b, _c, _c, _pref, 1, &result, &found), "cublasLtMatmulAlgoGetHeuristic");
                if (found == 0) throw new CudaException("cublasLtMatmulAlgoGetHeuristic", 15, "CUBLAS_STATUS_NOT_SUPPORTED", $"no algorithm for m={m} n={n} k={k} epilogue {epilogue}");
                _algo = result;
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public CudaContext Context { get; }
        public int M { get; }
        public int N { get; }
        public int K { get; }
        public LtEpilogue Epilogue { get; }
        public long WorkspaceBytes { get; }
        /// <summary>Workspace the chosen algorithm needs (at most WorkspaceBytes).</summary>
        public long RequiredWorkspace => (long)_algo.WorkspaceSize;

        /// <param name="bias">a device vector of m floats when the epilogue adds a bias; else 0.</param>
        public void Execute(CudaStream stream, float alpha, ulong a, ulong b, float beta, ulong c, ulong d, ulong bias, ulong workspace, long workspaceBytes)
        {
            bool wantsBias = Epilogue == LtEpilogue.Bias || Epilogue == LtEpilogue.ReluBias;
            if (wantsBias && bias == 0) throw new ArgumentException($"epilogue {Epilogue} needs a bias vector", nameof(bias));
            if (workspaceBytes < RequiredWorkspace) throw new ArgumentException($"the algorithm needs {RequiredWorkspace} bytes of workspace, got {workspaceBytes}", nameof(workspaceBytes));
            Context.MakeCurrent();
            if (wantsBias)
                _api.Check(_api.cublasLtMatmulDescSetAttribute(_desc, CublasLtApi.DescBiasPointer, &bias, (nuint)sizeof(ulong)), "cublasLtMatmulDescSetAttribute(BIAS_POINTER)");
            CublasLtHeuristicResult algo = _algo;
            _api.Check(_api.cublasLtMatmul(_handle, _desc, &alpha, a, _a, b, _b, &beta, c, _c, d, _c, algo.Algo, workspace, (nuint)workspaceBytes, stream.Handle), "cublasLtMatmul");
        }

        IntPtr Layout(int rows, int cols)
        {
            IntPtr layout;
            _api.Check(_api.cublasLtMatrixLayoutCreate(&layout, (int)CudaDataType.Float32, (ulong)rows, (ulong)cols, rows), "cublasLtMatrixLayoutCreate");
            return layout;
        }

        public void Dispose()
        {
            if (_handle == IntPtr.Zero && _desc == IntPtr.Zero) return;
            Context.MakeCurrent();
            if (_pref != IntPtr.Zero) _api.cublasLtMatmulPreferenceDestroy(_pref);
            foreach (var layout in new[] { _a, _b, _c }) if (layout != IntPtr.Zero) _api.cublasLtMatrixLayoutDestroy(layout);
            if (_desc != IntPtr.Zero) _api.cublasLtMatmulDescDestroy(_desc);
            if (_handle != IntPtr.Zero) _api.cublasLtDestroy(_handle);
            _pref = _a = _b = _c = _desc = _handle = IntPtr.Zero;
        }
    }
}
