using System;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Dnn
{
    /// <summary>
    /// cuDNN 9's legacy API (libcudnn.so.9 forwards to its sub-libraries) as function pointers.
    /// cudnnStatus_t = int, handles and descriptors = IntPtr, device pointers = ulong, alpha/beta = host float* for
    /// float, half and bf16 data.
    /// </summary>
    public sealed unsafe class CudnnApi
    {
        public const int Success = 0;

        public readonly LoadedLibrary Library;

        public readonly delegate* unmanaged[Cdecl]<nuint> cudnnGetVersion;
        public readonly delegate* unmanaged[Cdecl]<int, IntPtr> cudnnGetErrorString;
        /// <summary>cuDNN 9 only: details of the last error on this thread.</summary>
        public readonly delegate* unmanaged[Cdecl]<byte*, nuint, void> cudnnGetLastErrorString;
        public readonly delegate* unmanaged[Cdecl]<IntPtr*, int> cudnnCreate;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cudnnDestroy;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int> cudnnSetStream;

        public readonly delegate* unmanaged[Cdecl]<IntPtr*, int> cudnnCreateTensorDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cudnnDestroyTensorDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, int, int> cudnnSetTensor4dDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, int, int, int, int, int> cudnnSetTensor4dDescriptorEx;
        public readonly delegate* unmanaged[Cdecl]<IntPtr*, int> cudnnCreateFilterDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cudnnDestroyFilterDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, int, int> cudnnSetFilter4dDescriptor;

        public readonly delegate* unmanaged[Cdecl]<IntPtr*, int> cudnnCreateConvolutionDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cudnnDestroyConvolutionDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, int, int, int, int> cudnnSetConvolution2dDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int> cudnnSetConvolutionGroupCount;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int> cudnnSetConvolutionMathType;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int*, int*, int*, int*, int> cudnnGetConvolution2dForwardOutputDim;

        public readonly delegate* unmanaged[Cdecl]<IntPtr, int*, int> cudnnGetConvolutionForwardAlgorithmMaxCount;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int*, int> cudnnGetConvolutionBackwardDataAlgorithmMaxCount;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int*, int> cudnnGetConvolutionBackwardFilterAlgorithmMaxCount;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, ulong, IntPtr, ulong, IntPtr, IntPtr, ulong, int, int*, ConvolutionAlgoPerf*, ulong, nuint, int> cudnnFindConvolutionForwardAlgorithmEx;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, ulong, IntPtr, ulong, IntPtr, IntPtr, ulong, int, int*, ConvolutionAlgoPerf*, ulong, nuint, int> cudnnFindConvolutionBackwardDataAlgorithmEx;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, ulong, IntPtr, ulong, IntPtr, IntPtr, ulong, int, int*, ConvolutionAlgoPerf*, ulong, nuint, int> cudnnFindConvolutionBackwardFilterAlgorithmEx;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, nuint*, int> cudnnGetConvolutionForwardWorkspaceSize;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, nuint*, int> cudnnGetConvolutionBackwardDataWorkspaceSize;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, nuint*, int> cudnnGetConvolutionBackwardFilterWorkspaceSize;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, float*, IntPtr, ulong, IntPtr, ulong, IntPtr, int, ulong, nuint, float*, IntPtr, ulong, int> cudnnConvolutionForward;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, float*, IntPtr, ulong, IntPtr, ulong, IntPtr, int, ulong, nuint, float*, IntPtr, ulong, int> cudnnConvolutionBackwardData;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, float*, IntPtr, ulong, IntPtr, ulong, IntPtr, int, ulong, nuint, float*, IntPtr, ulong, int> cudnnConvolutionBackwardFilter;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, float*, IntPtr, ulong, float*, IntPtr, ulong, int> cudnnConvolutionBackwardBias;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, float*, IntPtr, ulong, float*, IntPtr, ulong, int> cudnnAddTensor;

        public readonly delegate* unmanaged[Cdecl]<IntPtr*, int> cudnnCreatePoolingDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cudnnDestroyPoolingDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, int, int, int, int> cudnnSetPooling2dDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, float*, IntPtr, ulong, float*, IntPtr, ulong, int> cudnnPoolingForward;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, float*, IntPtr, ulong, IntPtr, ulong, IntPtr, ulong, float*, IntPtr, ulong, int> cudnnPoolingBackward;

        public readonly delegate* unmanaged[Cdecl]<IntPtr*, int> cudnnCreateLRNDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cudnnDestroyLRNDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, uint, double, double, double, int> cudnnSetLRNDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, float*, IntPtr, ulong, float*, IntPtr, ulong, int> cudnnLRNCrossChannelForward;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, float*, IntPtr, ulong, IntPtr, ulong, IntPtr, ulong, float*, IntPtr, ulong, int> cudnnLRNCrossChannelBackward;

        public readonly delegate* unmanaged[Cdecl]<IntPtr*, int> cudnnCreateActivationDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int> cudnnDestroyActivationDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int, double, int> cudnnSetActivationDescriptor;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, float*, IntPtr, ulong, float*, IntPtr, ulong, int> cudnnActivationForward;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr, float*, IntPtr, ulong, IntPtr, ulong, IntPtr, ulong, float*, IntPtr, ulong, int> cudnnActivationBackward;

        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int, float*, IntPtr, ulong, float*, IntPtr, ulong, int> cudnnSoftmaxForward;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int, int, float*, IntPtr, ulong, IntPtr, ulong, float*, IntPtr, ulong, int> cudnnSoftmaxBackward;

        internal CudnnApi(LoadedLibrary l)
        {
            Library = l;
            cudnnGetVersion = (delegate* unmanaged[Cdecl]<nuint>)l.Require("cudnnGetVersion");
            cudnnGetErrorString = (delegate* unmanaged[Cdecl]<int, IntPtr>)l.Require("cudnnGetErrorString");
            cudnnGetLastErrorString = (delegate* unmanaged[Cdecl]<byte*, nuint, void>)l.Optional("cudnnGetLastErrorString");
            cudnnCreate = (delegate* unmanaged[Cdecl]<IntPtr*, int>)l.Require("cudnnCreate");
            cudnnDestroy = (delegate* unmanaged[Cdecl]<IntPtr, int>)l.Require("cudnnDestroy");
            cudnnSetStream = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int>)l.Require("cudnnSetStream");
            cudnnCreateTensorDescriptor = (delegate* unmanaged[Cdecl]<IntPtr*, int>)l.Require("cudnnCreateTensorDescriptor");
            cudnnDestroyTensorDescriptor = (delegate* unmanaged[Cdecl]<IntPtr, int>)l.Require("cudnnDestroyTensorDescriptor");
            cudnnSetTensor4dDescriptor = (delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, int, int>)l.Require("cudnnSetTensor4dDescriptor");
            cudnnSetTensor4dDescriptorEx = (delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, int, int, int, int, int>)l.Require("cudnnSetTensor4dDescriptorEx");
            cudnnCreateFilterDescriptor = (delegate* unmanaged[Cdecl]<IntPtr*, int>)l.Require("cudnnCreateFilterDescriptor");
            cudnnDestroyFilterDescriptor = (delegate* unmanaged[Cdecl]<IntPtr, int>)l.Require("cudnnDestroyFilterDescriptor");
            cudnnSetFilter4dDescriptor = (delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, int, int>)l.Require("cudnnSetFilter4dDescriptor");
            cudnnCreateConvolutionDescriptor = (delegate* unmanaged[Cdecl]<IntPtr*, int>)l.Require("cudnnCreateConvolutionDescriptor");
            cudnnDestroyConvolutionDescriptor = (delegate* unmanaged[Cdecl]<IntPtr, int>)l.Require("cudnnDestroyConvolutionDescriptor");
            cudnnSetConvolution2dDescriptor = (delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, int, int, int, int>)l.Require("cudnnSetConvolution2dDescriptor");
            cudnnSetConvolutionGroupCount = (delegate* unmanaged[Cdecl]<IntPtr, int, int>)l.Require("cudnnSetConvolutionGroupCount");
            cudnnSetConvolutionMathType = (delegate* unmanaged[Cdecl]<IntPtr, int, int>)l.Require("cudnnSetConvolutionMathType");
            cudnnGetConvolution2dForwardOutputDim = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int*, int*, int*, int*, int>)l.Require("cudnnGetConvolution2dForwardOutputDim");
            cudnnGetConvolutionForwardAlgorithmMaxCount = (delegate* unmanaged[Cdecl]<IntPtr, int*, int>)l.Require("cudnnGetConvolutionForwardAlgorithmMaxCount");
            cudnnGetConvolutionBackwardDataAlgorithmMaxCount = (delegate* unmanaged[Cdecl]<IntPtr, int*, int>)l.Require("cudnnGetConvolutionBackwardDataAlgorithmMaxCount");
            cudnnGetConvolutionBackwardFilterAlgorithmMaxCount = (delegate* unmanaged[Cdecl]<IntPtr, int*, int>)l.Require("cudnnGetConvolutionBackwardFilterAlgorithmMaxCount");
            cudnnFindConvolutionForwardAlgorithmEx = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, ulong, IntPtr, ulong, IntPtr, IntPtr, ulong, int, int*, ConvolutionAlgoPerf*, ulong, nuint, int>)l.Require("cudnnFindConvolutionForwardAlgorithmEx");
            cudnnFindConvolutionBackwardDataAlgorithmEx = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, ulong, IntPtr, ulong, IntPtr, IntPtr, ulong, int, int*, ConvolutionAlgoPerf*, ulong, nuint, int>)l.Require("cudnnFindConvolutionBackwardDataAlgorithmEx");
            cudnnFindConvolutionBackwardFilterAlgorithmEx = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, ulong, IntPtr, ulong, IntPtr, IntPtr, ulong, int, int*, ConvolutionAlgoPerf*, ulong, nuint, int>)l.Require("cudnnFindConvolutionBackwardFilterAlgorithmEx");
            cudnnGetConvolutionForwardWorkspaceSize = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, nuint*, int>)l.Require("cudnnGetConvolutionForwardWorkspaceSize");
            cudnnGetConvolutionBackwardDataWorkspaceSize = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, nuint*, int>)l.Require("cudnnGetConvolutionBackwardDataWorkspaceSize");
            cudnnGetConvolutionBackwardFilterWorkspaceSize = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, nuint*, int>)l.Require("cudnnGetConvolutionBackwardFilterWorkspaceSize");
            cudnnConvolutionForward = (delegate* unmanaged[Cdecl]<IntPtr, float*, IntPtr, ulong, IntPtr, ulong, IntPtr, int, ulong, nuint, float*, IntPtr, ulong, int>)l.Require("cudnnConvolutionForward");
            cudnnConvolutionBackwardData = (delegate* unmanaged[Cdecl]<IntPtr, float*, IntPtr, ulong, IntPtr, ulong, IntPtr, int, ulong, nuint, float*, IntPtr, ulong, int>)l.Require("cudnnConvolutionBackwardData");
            cudnnConvolutionBackwardFilter = (delegate* unmanaged[Cdecl]<IntPtr, float*, IntPtr, ulong, IntPtr, ulong, IntPtr, int, ulong, nuint, float*, IntPtr, ulong, int>)l.Require("cudnnConvolutionBackwardFilter");
            cudnnConvolutionBackwardBias = (delegate* unmanaged[Cdecl]<IntPtr, float*, IntPtr, ulong, float*, IntPtr, ulong, int>)l.Require("cudnnConvolutionBackwardBias");
            cudnnAddTensor = (delegate* unmanaged[Cdecl]<IntPtr, float*, IntPtr, ulong, float*, IntPtr, ulong, int>)l.Require("cudnnAddTensor");
            cudnnCreatePoolingDescriptor = (delegate* unmanaged[Cdecl]<IntPtr*, int>)l.Require("cudnnCreatePoolingDescriptor");
            cudnnDestroyPoolingDescriptor = (delegate* unmanaged[Cdecl]<IntPtr, int>)l.Require("cudnnDestroyPoolingDescriptor");
            cudnnSetPooling2dDescriptor = (delegate* unmanaged[Cdecl]<IntPtr, int, int, int, int, int, int, int, int, int>)l.Require("cudnnSetPooling2dDescriptor");
            cudnnPoolingForward = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, float*, IntPtr, ulong, float*, IntPtr, ulong, int>)l.Require("cudnnPoolingForward");
            cudnnPoolingBackward = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, float*, IntPtr, ulong, IntPtr, ulong, IntPtr, ulong, float*, IntPtr, ulong, int>)l.Require("cudnnPoolingBackward");
            cudnnCreateLRNDescriptor = (delegate* unmanaged[Cdecl]<IntPtr*, int>)l.Require("cudnnCreateLRNDescriptor");
            cudnnDestroyLRNDescriptor = (delegate* unmanaged[Cdecl]<IntPtr, int>)l.Require("cudnnDestroyLRNDescriptor");
            cudnnSetLRNDescriptor = (delegate* unmanaged[Cdecl]<IntPtr, uint, double, double, double, int>)l.Require("cudnnSetLRNDescriptor");
            cudnnLRNCrossChannelForward = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, float*, IntPtr, ulong, float*, IntPtr, ulong, int>)l.Require("cudnnLRNCrossChannelForward");
            cudnnLRNCrossChannelBackward = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, float*, IntPtr, ulong, IntPtr, ulong, IntPtr, ulong, float*, IntPtr, ulong, int>)l.Require("cudnnLRNCrossChannelBackward");
            cudnnCreateActivationDescriptor = (delegate* unmanaged[Cdecl]<IntPtr*, int>)l.Require("cudnnCreateActivationDescriptor");
            cudnnDestroyActivationDescriptor = (delegate* unmanaged[Cdecl]<IntPtr, int>)l.Require("cudnnDestroyActivationDescriptor");
            cudnnSetActivationDescriptor = (delegate* unmanaged[Cdecl]<IntPtr, int, int, double, int>)l.Require("cudnnSetActivationDescriptor");
            cudnnActivationForward = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, float*, IntPtr, ulong, float*, IntPtr, ulong, int>)l.Require("cudnnActivationForward");
            cudnnActivationBackward = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, float*, IntPtr, ulong, IntPtr, ulong, IntPtr, ulong, float*, IntPtr, ulong, int>)l.Require("cudnnActivationBackward");
            cudnnSoftmaxForward = (delegate* unmanaged[Cdecl]<IntPtr, int, int, float*, IntPtr, ulong, float*, IntPtr, ulong, int>)l.Require("cudnnSoftmaxForward");
            cudnnSoftmaxBackward = (delegate* unmanaged[Cdecl]<IntPtr, int, int, float*, IntPtr, ulong, IntPtr, ulong, float*, IntPtr, ulong, int>)l.Require("cudnnSoftmaxBackward");
        }

        public string StatusText(int status) => Utf8.FromPointer(cudnnGetErrorString(status)) ?? "unknown cudnnStatus_t";

        /// <summary>Throws naming the call, the status text and cuDNN 9's own explanation of the last error.</summary>
        public void Check(int status, string function)
        {
            if (status == Success) return;
            string? detail = null;
            if (cudnnGetLastErrorString != null)
            {
                byte* buffer = stackalloc byte[1024];
                buffer[0] = 0;
                cudnnGetLastErrorString(buffer, 1024);
                detail = Utf8.FromBuffer(buffer, 1024).Trim();
                if (detail.Length == 0) detail = null;
            }
            throw new CudaException(function, status, StatusText(status), detail);
        }

        /// <summary>"9.14.0" (cuDNN 9 encodes major*10000 + minor*100 + patch; cuDNN 8 major*1000 + minor*100 + patch).</summary>
        public string VersionText()
        {
            ulong v = cudnnGetVersion();
            return v >= 90000 ? (v / 10000) + "." + (v / 100 % 100) + "." + (v % 100) : (v / 1000) + "." + (v / 100 % 10) + "." + (v % 100);
        }
    }
}
