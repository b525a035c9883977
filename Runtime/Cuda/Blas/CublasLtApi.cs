using System;
using System.Runtime.InteropServices;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Blas
{
    /// <summary>cublasLtMatmulHeuristicResult_t: a 64-byte opaque algorithm, its workspace, status and waves (96 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct CublasLtHeuristicResult
    {
        public fixed ulong Algo[8];
        public nuint WorkspaceSize;
        public int State;
        public float WavesCount;
        public fixed int Reserved[4];
    }

    /// <summary>cuBLASLt as function pointers (descriptor-based matmul with fused epilogues).</summary>
    public sealed unsafe class CublasLtApi
    {
        // cublasLtMatmulDescAttributes_t
        public const int DescTransA = 3;
        public const int DescTransB = 4;
        public const int DescEpilogue = 7;
        public const int DescBiasPointer = 8;
        public const int DescBiasDataType = 26;
        // cublasLtMatrixLayoutAttribute_t
        public const int LayoutBatchCount = 5;
        public const int LayoutStridedBatchOffset = 6;
        // cublasLtMatmulPreferenceAttributes_t
        public const int PrefMaxWorkspaceBytes = 1;

        public readonly LoadedLibrary Library;

        public readonly delegate* unmanaged[Cdecl]<IntPtr*, int> cublasLtCreate;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cublasLtDestroy;
        public readonly delegate* unmanaged[Cdecl]<nuint> cublasLtGetVersion;
        public readonly delegate* unmanaged[Cdecl]<IntPtr*, int, int, int> cublasLtMatmulDescCreate;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cublasLtMatmulDescDestroy;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, void*, nuint, int> cublasLtMatmulDescSetAttribute;
        public readonly delegate* unmanaged[Cdecl]<IntPtr*, int, ulong, ulong, long, int> cublasLtMatrixLayoutCreate;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cublasLtMatrixLayoutDestroy;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, void*, nuint, int> cublasLtMatrixLayoutSetAttribute;
        public readonly delegate* unmanaged[Cdecl]<IntPtr*, int> cublasLtMatmulPreferenceCreate;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cublasLtMatmulPreferenceDestroy;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, void*, nuint, int> cublasLtMatmulPreferenceSetAttribute;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, CublasLtHeuristicResult*, int*, int> cublasLtMatmulAlgoGetHeuristic;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, void*, ulong, IntPtr, ulong, IntPtr, void*, ulong, IntPtr, ulong, IntPtr, void*, ulong, nuint, IntPtr, int> cublasLtMatmul;

        internal CublasLtApi(LoadedLibrary library)
        {
            Library = library;
            cublasLtCreate = (delegate* unmanaged[Cdecl]<IntPtr*, int>)library.Require("cublasLtCreate");
            cublasLtDestroy = (delegate* unmanaged[Cdecl]<IntPtr, int>)library.Require("cublasLtDestroy");
            cublasLtGetVersion = (delegate* unmanaged[Cdecl]<nuint>)library.Require("cublasLtGetVersion");
            cublasLtMatmulDescCreate = (delegate* unmanaged[Cdecl]<IntPtr*, int, int, int>)library.Require("cublasLtMatmulDescCreate");
            cublasLtMatmulDescDestroy = (delegate* unmanaged[Cdecl]<IntPtr, int>)library.Require("cublasLtMatmulDescDestroy");
            cublasLtMatmulDescSetAttribute = (delegate* unmanaged[Cdecl]<IntPtr, int, void*, nuint, int>)library.Require("cublasLtMatmulDescSetAttribute");
            cublasLtMatrixLayoutCreate = (delegate* unmanaged[Cdecl]<IntPtr*, int, ulong, ulong, long, int>)library.Require("cublasLtMatrixLayoutCreate");
            cublasLtMatrixLayoutDestroy = (delegate* unmanaged[Cdecl]<IntPtr, int>)library.Require("cublasLtMatrixLayoutDestroy");
            cublasLtMatrixLayoutSetAttribute = (delegate* unmanaged[Cdecl]<IntPtr, int, void*, nuint, int>)library.Require("cublasLtMatrixLayoutSetAttribute");
            cublasLtMatmulPreferenceCreate = (delegate* unmanaged[Cdecl]<IntPtr*, int>)library.Require("cublasLtMatmulPreferenceCreate");
            cublasLtMatmulPreferenceDestroy = (delegate* unmanaged[Cdecl]<IntPtr, int>)library.Require("cublasLtMatmulPreferenceDestroy");
            cublasLtMatmulPreferenceSetAttribute = (delegate* unmanaged[Cdecl]<IntPtr, int, void*, nuint, int>)library.Require("cublasLtMatmulPreferenceSetAttribute");
            cublasLtMatmulAlgoGetHeuristic = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, CublasLtHeuristicResult*, int*, int>)library.Require("cublasLtMatmulAlgoGetHeuristic");
            cublasLtMatmul = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, void*, ulong, IntPtr, ulong, IntPtr, void*, ulong, IntPtr, ulong, IntPtr, void*, ulong, nuint, IntPtr, int>)library.Require("cublasLtMatmul");
        }

        public void Check(int status, string function)
        {
            if (status != CublasApi.Success) throw new CudaException(function, status, CublasApi.StatusName(status));
        }

        /// <summary>"13.0.2" from cublasLtGetVersion (major*10000 + minor*100 + patch).</summary>
        public string VersionText()
        {
            ulong v = cublasLtGetVersion();
            return (v / 10000) + "." + (v / 100 % 100) + "." + (v % 100);
        }
    }
}
