using System;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Loading;

namespace Sightline.Cuda.Dnn
{
    /// <summary>
    /// A cuDNN handle on one context and stream, with the layer operations Sightline uses. Device pointers are ulong;
    /// y = alpha·op(x) + beta·y throughout (beta = 1 accumulates, e.g. weight gradients of two towers).
    /// </summary>
    public sealed unsafe class CudnnHandle : IDisposable
    {
        const int LrnCrossChannel = 0; // CUDNN_LRN_CROSS_CHANNEL_DIM1
        IntPtr _handle;

        public CudnnHandle(CudaContext context, CudaStream? stream = null)
        {
            Context = context;
            Api = CudaLibraries.Cudnn;
            context.MakeCurrent();
            IntPtr handle;
            Api.Check(Api.cudnnCreate(&handle), "cudnnCreate");
            _handle = handle;
            if (stream != null) SetStream(stream);
        }

        public CudaContext Context { get; }
        public CudnnApi Api { get; }
        public IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(CudnnHandle));

        public void SetStream(CudaStream stream)
        {
            Context.MakeCurrent();
            Api.Check(Api.cudnnSetStream(Handle, stream.Handle), "cudnnSetStream");
        }

        // ---- convolution -------------------------------------------------------------------------------------

        /// <summary>Runs and times every forward algorithm on these buffers (they are overwritten); fastest first.</summary>
        public ConvolutionAlgoPerf[] FindForwardAlgorithms(TensorDescriptor xDesc, ulong x, FilterDescriptor wDesc, ulong w,
            ConvolutionDescriptor conv, TensorDescriptor yDesc, ulong y, ulong workspace, long workspaceBytes)
        {
            CheckConvolution(xDesc, wDesc, conv, yDesc);
            return SearchAlgorithms("cudnnGetConvolutionForwardAlgorithmMaxCount", max => Api.cudnnGetConvolutionForwardAlgorithmMaxCount(Handle, max),
                "cudnnFindConvolutionForwardAlgorithmEx", (requested, found, results) => Api.cudnnFindConvolutionForwardAlgorithmEx(Handle, xDesc.Handle, x, wDesc.Handle, w,
                    conv.Handle, yDesc.Handle, y, requested, found, results, workspace, (nuint)workspaceBytes));
        }

        /// <summary>Runs and times every backward-data algorithm (dx is overwritten); fastest first.</summary>
        public ConvolutionAlgoPerf[] FindBackwardDataAlgorithms(FilterDescriptor wDesc, ulong w, TensorDescriptor dyDesc, ulong dy,
            ConvolutionDescriptor conv, TensorDescriptor dxDesc, ulong dx, ulong workspace, long workspaceBytes)
        {
            CheckConvolution(dxDesc, wDesc, conv, dyDesc);
            return SearchAlgorithms("cudnnGetConvolutionBackwardDataAlgorithmMaxCount", max => Api.cudnnGetConvolutionBackwardDataAlgorithmMaxCount(Handle, max),
                "cudnnFindConvolutionBackwardDataAlgorithmEx", (requested, found, results) => Api.cudnnFindConvolutionBackwardDataAlgorithmEx(Handle, wDesc.Handle, w, dyDesc.Handle, dy,
                    conv.Handle, dxDesc.Handle, dx, requested, found, results, workspace, (nuint)workspaceBytes));
        }

        /// <summary>Runs and times every backward-filter algorithm (dw is overwritten); fastest first.</summary>
        public ConvolutionAlgoPerf[] FindBackwardFilterAlgorithms(TensorDescriptor xDesc, ulong x, TensorDescriptor dyDesc, ulong dy,
            ConvolutionDescriptor conv, FilterDescriptor dwDesc, ulong dw, ulong workspace, long workspaceBytes)
        {
            CheckConvolution(xDesc, dwDesc, conv, dyDesc);
            return SearchAlgorithms("cudnnGetConvolutionBackwardFilterAlgorithmMaxCount", max => Api.cudnnGetConvolutionBackwardFilterAlgorithmMaxCount(Handle, max),
                "cudnnFindConvolutionBackwardFilterAlgorithmEx", (requested, found, results) => Api.cudnnFindConvolutionBackwardFilterAlgorithmEx(Handle, xDesc.Handle, x, dyDesc.Handle, dy,
                    conv.Handle, dwDesc.Handle, dw, requested, found, results, workspace, (nuint)workspaceBytes));
        }

        delegate int AlgorithmCount(int* max);
        delegate int AlgorithmSearch(int requested, int* found, ConvolutionAlgoPerf* results);

        /// <summary>
        /// The three directions' search, one way: ask cuDNN how many algorithms it has, run and time them all, keep
        /// those it found, fastest first.
        /// </summary>
        ConvolutionAlgoPerf[] SearchAlgorithms(string countName, AlgorithmCount count, string searchName, AlgorithmSearch search)
        {
            Context.MakeCurrent();
            int max;
            Api.Check(count(&max), countName);
            var results = new ConvolutionAlgoPerf[Math.Max(1, max)];
            int found;
            fixed (ConvolutionAlgoPerf* r = results)
                Api.Check(search(results.Length, &found, r), searchName);
            return Take(results, found);
        }

        public long ForwardWorkspaceSize(TensorDescriptor xDesc, FilterDescriptor wDesc, ConvolutionDescriptor conv, TensorDescriptor yDesc, int algo)
        {
            Context.MakeCurrent();
            nuint size;
            Api.Check(Api.cudnnGetConvolutionForwardWorkspaceSize(Handle, xDesc.Handle, wDesc.Handle, conv.Handle, yDesc.Handle, algo, &size), "cudnnGetConvolutionForwardWorkspaceSize");
            return (long)size;
        }

        public long BackwardDataWorkspaceSize(FilterDescriptor wDesc, TensorDescriptor dyDesc, ConvolutionDescriptor conv, TensorDescriptor dxDesc, int algo)
        {
            Context.MakeCurrent();
            nuint size;
            Api.Check(Api.cudnnGetConvolutionBackwardDataWorkspaceSize(Handle, wDesc.Handle, dyDesc.Handle, conv.Handle, dxDesc.Handle, algo, &size), "cudnnGetConvolutionBackwardDataWorkspaceSize");
            return (long)size;
        }

        public long BackwardFilterWorkspaceSize(TensorDescriptor xDesc, TensorDescriptor dyDesc, ConvolutionDescriptor conv, FilterDescriptor dwDesc, int algo)
        {
            Context.MakeCurrent();
            nuint size;
            Api.Check(Api.cudnnGetConvolutionBackwardFilterWorkspaceSize(Handle, xDesc.Handle, dyDesc.Handle, conv.Handle, dwDesc.Handle, algo, &size), "cudnnGetConvolutionBackwardFilterWorkspaceSize");
            return (long)size;
        }

        /// <summary>y = alpha·conv(x, w) + beta·y.</summary>
        public void ConvolutionForward(float alpha, TensorDescriptor xDesc, ulong x, FilterDescriptor wDesc, ulong w, ConvolutionDescriptor conv,
            int algo, ulong workspace, long workspaceBytes, float beta, TensorDescriptor yDesc, ulong y)
        {
            Context.MakeCurrent();
            Api.Check(Api.cudnnConvolutionForward(Handle, &alpha, xDesc.Handle, x, wDesc.Handle, w, conv.Handle, algo, workspace, (nuint)workspaceBytes,
                &beta, yDesc.Handle, y), "cudnnConvolutionForward");
        }

        /// <summary>dx = alpha·convᵀ(dy, w) + beta·dx.</summary>
        public void ConvolutionBackwardData(float alpha, FilterDescriptor wDesc, ulong w, TensorDescriptor dyDesc, ulong dy, ConvolutionDescriptor conv,
            int algo, ulong workspace, long workspaceBytes, float beta, TensorDescriptor dxDesc, ulong dx)
        {
            Context.MakeCurrent();
            Api.Check(Api.cudnnConvolutionBackwardData(Handle, &alpha, wDesc.Handle, w, dyDesc.Handle, dy, conv.Handle, algo, workspace, (nuint)workspaceBytes,
                &beta, dxDesc.Handle, dx), "cudnnConvolutionBackwardData");
        }

        /// <summary>dw = alpha·(x ⋆ dy) + beta·dw.</summary>
        public void ConvolutionBackwardFilter(float alpha, TensorDescriptor xDesc, ulong x, TensorDescriptor dyDesc, ulong dy, ConvolutionDescriptor conv,
            int algo, ulong workspace, long workspaceBytes, float beta, FilterDescriptor dwDesc, ulong dw)
        {
            Context.MakeCurrent();
            Api.Check(Api.cudnnConvolutionBackwardFilter(Handle, &alpha, xDesc.Handle, x, dyDesc.Handle, dy, conv.Handle, algo, workspace, (nuint)workspaceBytes,
                &beta, dwDesc.Handle, dw), "cudnnConvolutionBackwardFilter");
        }

        /// <summary>db = alpha·Σ_{n,h,w} dy + beta·db; dbDesc is 1×C×1×1.</summary>
        public void ConvolutionBackwardBias(float alpha, TensorDescriptor dyDesc, ulong dy, float beta, TensorDescriptor dbDesc, ulong db)
        {
            Context.MakeCurrent();
            Api.Check(Api.cudnnConvolutionBackwardBias(Handle, &alpha, dyDesc.Handle, dy, &beta, dbDesc.Handle, db), "cudnnConvolutionBackwardBias");
        }

        /// <summary>c = alpha·a + beta·c with broadcasting of a (e.g. a 1×C×1×1 bias onto N×C×H×W).</summary>
        public void AddTensor(float alpha, TensorDescriptor aDesc, ulong a, float beta, TensorDescriptor cDesc, ulong c)
        {
            Context.MakeCurrent();
            Api.Check(Api.cudnnAddTensor(Handle, &alpha, aDesc.Handle, a, &beta, cDesc.Handle, c), "cudnnAddTensor");
        }

        // ---- pooling, LRN, activation, softmax ---------------------------------------------------------------

        public void PoolingForward(PoolingDescriptor pool, float alpha, TensorDescriptor xDesc, ulong x, float beta, TensorDescriptor yDesc, ulong y)
        {
            var (oh, ow) = pool.OutputSize(xDesc.H, xDesc.W);
            if (yDesc.N != xDesc.N || yDesc.C != xDesc.C || yDesc.H != oh || yDesc.W != ow)
                throw new ArgumentException($"pooling {xDesc} gives {xDesc.N}x{xDesc.C}x{oh}x{ow}, but the output is {yDesc}");
            Context.MakeCurrent();
            Api.Check(Api.cudnnPoolingForward(Handle, pool.Handle, &alpha, xDesc.Handle, x, &beta, yDesc.Handle, y), "cudnnPoolingForward");
        }

        public void PoolingBackward(PoolingDescriptor pool, float alpha, TensorDescriptor yDesc, ulong y, TensorDescriptor dyDesc, ulong dy,
            TensorDescriptor xDesc, ulong x, float beta, TensorDescriptor dxDesc, ulong dx)
        {
            Context.MakeCurrent();
            Api.Check(Api.cudnnPoolingBackward(Handle, pool.Handle, &alpha, yDesc.Handle, y, dyDesc.Handle, dy, xDesc.Handle, x, &beta, dxDesc.Handle, dx),
                "cudnnPoolingBackward");
        }

        public void LrnForward(LrnDescriptor lrn, float alpha, TensorDescriptor xDesc, ulong x, float beta, TensorDescriptor yDesc, ulong y)
        {
            DnnChecks.Same("LRN forward", xDesc, yDesc);
            Context.MakeCurrent();
            Api.Check(Api.cudnnLRNCrossChannelForward(Handle, lrn.Handle, LrnCrossChannel, &alpha, xDesc.Handle, x, &beta, yDesc.Handle, y), "cudnnLRNCrossChannelForward");
        }

        public void LrnBackward(LrnDescriptor lrn, float alpha, TensorDescriptor yDesc, ulong y, TensorDescriptor dyDesc, ulong dy,
            TensorDescriptor xDesc, ulong x, float beta, TensorDescriptor dxDesc, ulong dx)
        {
            DnnChecks.Same("LRN backward", xDesc, yDesc);
            Context.MakeCurrent();
            Api.Check(Api.cudnnLRNCrossChannelBackward(Handle, lrn.Handle, LrnCrossChannel, &alpha, yDesc.Handle, y, dyDesc.Handle, dy, xDesc.Handle, x,
                &beta, dxDesc.Handle, dx), "cudnnLRNCrossChannelBackward");
        }

        public void ActivationForward(ActivationDescriptor activation, float alpha, TensorDescriptor xDesc, ulong x, float beta, TensorDescriptor yDesc, ulong y)
        {
            DnnChecks.Same("activation forward", xDesc, yDesc);
            Context.MakeCurrent();
            Api.Check(Api.cudnnActivationForward(Handle, activation.Handle, &alpha, xDesc.Handle, x, &beta, yDesc.Handle, y), "cudnnActivationForward");
        }

        public void ActivationBackward(ActivationDescriptor activation, float alpha, TensorDescriptor yDesc, ulong y, TensorDescriptor dyDesc, ulong dy,
            TensorDescriptor xDesc, ulong x, float beta, TensorDescriptor dxDesc, ulong dx)
        {
            DnnChecks.Same("activation backward", xDesc, yDesc);
            Context.MakeCurrent();
            Api.Check(Api.cudnnActivationBackward(Handle, activation.Handle, &alpha, yDesc.Handle, y, dyDesc.Handle, dy, xDesc.Handle, x, &beta, dxDesc.Handle, dx),
                "cudnnActivationBackward");
        }

        public void SoftmaxForward(DnnSoftmaxAlgorithm algorithm, DnnSoftmaxMode mode, float alpha, TensorDescriptor xDesc, ulong x, float beta, TensorDescriptor yDesc, ulong y)
        {
            DnnChecks.Same("softmax forward", xDesc, yDesc);
            Context.MakeCurrent();
            Api.Check(Api.cudnnSoftmaxForward(Handle, (int)algorithm, (int)mode, &alpha, xDesc.Handle, x, &beta, yDesc.Handle, y), "cudnnSoftmaxForward");
        }

        public void SoftmaxBackward(DnnSoftmaxAlgorithm algorithm, DnnSoftmaxMode mode, float alpha, TensorDescriptor yDesc, ulong y, TensorDescriptor dyDesc, ulong dy,
            float beta, TensorDescriptor dxDesc, ulong dx)
        {
            DnnChecks.Same("softmax backward", yDesc, dxDesc);
            Context.MakeCurrent();
            Api.Check(Api.cudnnSoftmaxBackward(Handle, (int)algorithm, (int)mode, &alpha, yDesc.Handle, y, dyDesc.Handle, dy, &beta, dxDesc.Handle, dx), "cudnnSoftmaxBackward");
        }

        static void CheckConvolution(TensorDescriptor xDesc, FilterDescriptor wDesc, ConvolutionDescriptor conv, TensorDescriptor yDesc)
        {
            var (n, c, h, w) = conv.OutputShape(xDesc, wDesc);
            if (yDesc.N != n || yDesc.C != c || yDesc.H != h || yDesc.W != w)
                throw new ArgumentException($"convolution of {xDesc} by {wDesc} gives {n}x{c}x{h}x{w}, but the output is {yDesc}");
        }

        static ConvolutionAlgoPerf[] Take(ConvolutionAlgoPerf[] results, int found)
        {
            var taken = new ConvolutionAlgoPerf[Math.Max(0, Math.Min(found, results.Length))];
            Array.Copy(results, taken, taken.Length);
            return taken;
        }

        public void Dispose()
        {
            if (_handle == IntPtr.Zero) return;
            IntPtr handle = _handle;
            _handle = IntPtr.Zero;
            Context.MakeCurrent();
            Api.Check(Api.cudnnDestroy(handle), "cudnnDestroy");
        }
    }
}
