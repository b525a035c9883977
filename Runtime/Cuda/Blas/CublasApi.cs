using System;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Blas
{
    /// <summary>
    /// cuBLAS (v2 API) as function pointers. Matrices are column-major, device pointers are ulong, alpha/beta are
    /// host pointers (the default pointer mode). cublasStatus_t = int, handle = IntPtr.
    /// </summary>
    public sealed unsafe class CublasApi
    {
        public const int Success = 0;
        public const int GemmDefaultAlgorithm = -1; // CUBLAS_GEMM_DEFAULT

        public readonly LoadedLibrary Library;

        public readonly delegate* unmanaged[Cdecl]<IntPtr*, int> cublasCreate_v2;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cublasDestroy_v2;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int> cublasSetStream_v2;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int> cublasSetMathMode;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, void*, nuint, int> cublasSetWorkspace_v2;
        public readonly delegate* unmanaged[Cdecl]<int, int*, int> cublasGetProperty;
        /// <summary>Null before cuBLAS 11.4.2.</summary>
        public readonly delegate* unmanaged[Cdecl]<int, IntPtr> cublasGetStatusString;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, float*, ulong, int, ulong, int, float*, ulong, int, int> cublasSgemm_v2;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, float*, ulong, int, long, ulong, int, long, float*, ulong, int, long, int, int> cublasSgemmStridedBatched;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, void*, ulong, int, int, ulong, int, int, void*, ulong, int, int, int, int, int> cublasGemmEx;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, void*, ulong, int, int, long, ulong, int, int, long, void*, ulong, int, int, long, int, int, int, int> cublasGemmStridedBatchedEx;

        internal CublasApi(LoadedLibrary library)
        {
            Library = library;
            cublasCreate_v2 = (delegate* unmanaged[Cdecl]<IntPtr*, int>)library.Require("cublasCreate_v2");
            cublasDestroy_v2 = (delegate* unmanaged[Cdecl]<IntPtr, int>)library.Require("cublasDestroy_v2");
            cublasSetStream_v2 = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int>)library.Require("cublasSetStream_v2");
            cublasSetMathMode = (delegate* unmanaged[Cdecl]<IntPtr, int, int>)library.Require("cublasSetMathMode");
            cublasSetWorkspace_v2 = (delegate* unmanaged[Cdecl]<IntPtr, void*, nuint, int>)library.Require("cublasSetWorkspace_v2");
            cublasGetProperty = (delegate* unmanaged[Cdecl]<int, int*, int>)library.Require("cublasGetProperty");
            cublasGetStatusString = (delegate* unmanaged[Cdecl]<int, IntPtr>)library.Optional("cublasGetStatusString");
            cublasSgemm_v2 = (delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, float*, ulong, int, ulong, int, float*, ulong, int, int>)library.Require("cublasSgemm_v2");
            cublasSgemmStridedBatched = (delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, float*, ulong, int, long, ulong, int, long, float*, ulong, int, long, int, int>)library.Require("cublasSgemmStridedBatched");
            cublasGemmEx = (delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, void*, ulong, int, int, ulong, int, int, void*, ulong, int, int, int, int, int>)library.Require("cublasGemmEx");
            cublasGemmStridedBatchedEx = (delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, void*, ulong, int, int, long, ulong, int, int, long, void*, ulong, int, int, long, int, int, int, int>)library.Require("cublasGemmStridedBatchedEx");
        }

        /// <summary>"CUBLAS_STATUS_INVALID_VALUE" etc.</summary>
        public string StatusText(int status)
        {
            if (cublasGetStatusString != null)
            {
                string? text = Utf8.FromPointer(cublasGetStatusString(status));
                if (!string.IsNullOrEmpty(text)) return text!;
            }
            return StatusName(status);
        }

        /// <summary>cublasStatus_t names (cublas_api.h), for libraries without cublasGetStatusString.</summary>
        public static string StatusName(int status)
        {
            switch (status)
            {
                case 0: return "CUBLAS_STATUS_SUCCESS";
                case 1: return "CUBLAS_STATUS_NOT_INITIALIZED";
                case 3: return "CUBLAS_STATUS_ALLOC_FAILED";
                case 7: return "CUBLAS_STATUS_INVALID_VALUE";
                case 8: return "CUBLAS_STATUS_ARCH_MISMATCH";
                case 11: return "CUBLAS_STATUS_MAPPING_ERROR";
                case 13: return "CUBLAS_STATUS_EXECUTION_FAILED";
                case 14: return "CUBLAS_STATUS_INTERNAL_ERROR";
                case 15: return "CUBLAS_STATUS_NOT_SUPPORTED";
                case 16: return "CUBLAS_STATUS_LICENSE_ERROR";
                default: return "unknown cublasStatus_t";
            }
        }

        public void Check(int status, string function)
        {
            if (status != Success) throw new CudaException(function, status, StatusText(status));
        }

        /// <summary>"13.0.2" from cublasGetProperty (no GPU needed).</summary>
        public string VersionText()
        {
            int major, minor, patch;
            Check(cublasGetProperty(0, &major), "cublasGetProperty");
            Check(cublasGetProperty(1, &minor), "cublasGetProperty");
            Check(cublasGetProperty(2, &patch), "cublasGetProperty");
            return major + "." + minor + "." + patch;
        }
    }
}
