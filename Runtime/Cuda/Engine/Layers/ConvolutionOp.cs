using System;
using System.Collections.Generic;
using Sightline.Cuda.Dnn;
using Sightline.Cuda.Driver;

namespace Sightline.Cuda.Engine.Layers
{
    /// <summary>
    /// One tower's share of a convolution through cuDNN's legacy API, NCHW fp32:
    /// x [n, inC, h, w] * w [outC, inC/groups, k, k] -> y [n, outC, oh, ow] (no bias: the fused kernels add it).
    /// Descriptors and algorithms are made once per batch size: each direction's algorithm is the fastest that
    /// cudnnFind*AlgorithmEx measured within the workspace (GPU.md: the best choice differs per layer), with the
    /// math type it was measured with (strict mode admits only FMA algorithms).
    /// </summary>
    internal sealed unsafe class ConvolutionOp : IDisposable
    {
        const int CrossCorrelation = 1; // CUDNN_CROSS_CORRELATION
        const int MaxAlgorithms = 16;

        readonly CudnnApi _api;
        readonly IntPtr _handle;
        readonly CudaContext _context;
        readonly Dictionary<int, Shape> _shapes = new Dictionary<int, Shape>();
        IntPtr _filter;

        public ConvolutionOp(CudnnApi api, IntPtr handle, CudaContext context, string name, int inChannels, int height, int width,
            int outChannels, int kernel, int stride, int pad, int groups, CudaMathMode math, ConvolutionAlgorithms algorithms = ConvolutionAlgorithms.Fastest)
        {
            Algorithms = algorithms;
            _api = api;
            _handle = handle;
            _context = context;
            Name = name;
            InChannels = inChannels;
            Height = height;
            Width = width;
            OutChannels = outChannels;
            Kernel = kernel;
            Stride = stride;
            Pad = pad;
            Groups = groups;
            Math = math;
            OutHeight = (height + 2 * pad - kernel) / stride + 1;
            OutWidth = (width + 2 * pad - kernel) / stride + 1;
            IntPtr filter;
            _api.Check(_api.cudnnCreateFilterDescriptor(&filter), "cudnnCreateFilterDescriptor");
            _filter = filter;
            _api.Check(_api.cudnnSetFilter4dDescriptor(_filter, (int)DnnDataType.Float, (int)DnnTensorFormat.Nchw, outChannels, inChannels / groups, kernel, kernel),
                $"cudnnSetFilter4dDescriptor ({name}: {outChannels}x{inChannels / groups}x{kernel}x{kernel})");
        }

        public string Name { get; }
        public int InChannels { get; }
        public int Height { get; }
        public int Width { get; }
        public int OutChannels { get; }
        public int OutHeight { get; }
        public int OutWidth { get; }
        public int Kernel { get; }
        public int Stride { get; }
        public int Pad { get; }
        public int Groups { get; }
        public CudaMathMode Math { get; }
        public ConvolutionAlgorithms Algorithms { get; }
        public long WeightCount => (long)OutChannels * (InChannels / Groups) * Kernel * Kernel;

        /// <summary>The algorithms chosen so far, for reports: "batch 128: fwd 1 (FMA), data 1 (FMA), filter 3 (FMA)".</summary>
        public IEnumerable<string> Choices()
        {
            foreach (var pair in _shapes)
                yield return $"batch {pair.Key}: fwd {pair.Value.Forward.Algo} ({(DnnMathType)pair.Value.Forward.MathType}, {(long)pair.Value.Forward.Memory} B), " +
                             $"data {pair.Value.Data.Algo} ({(DnnMathType)pair.Value.Data.MathType}), filter {pair.Value.Filter.Algo} ({(DnnMathType)pair.Value.Filter.MathType})";
        }

        /// <summary>
        /// Makes the descriptors for <paramref name="batch"/> and measures the algorithms (once per batch size).
        /// Overwrites y and dx (scratch at this point); the filter gradient is measured into a temporary buffer so a
        /// pending gradient is not disturbed.
        /// </summary>
        public void Prepare(int batch, ulong x, ulong w, ulong y, ulong dy, ulong dx, ulong workspace, long workspaceBytes, bool needData)
        {
            if (_shapes.ContainsKey(batch)) return;
            var s = new Shape();
            try
            {
                s.X = Tensor(batch, InChannels, Height, Width);
                s.Y = Tensor(batch, OutChannels, OutHeight, OutWidth);
                s.ForwardConv = Convolution();
                s.DataConv = Convolution();
                s.FilterConv = Convolution();
                var perf = stackalloc ConvolutionAlgoPerf[MaxAlgorithms];
                int count;
                _api.Check(_api.cudnnFindConvolutionForwardAlgorithmEx(_handle, s.X, x, _filter, w, s.ForwardConv, s.Y, y, MaxAlgorithms, &count, perf, workspace, (nuint)workspaceBytes),
                    $"cudnnFindConvolutionForwardAlgorithmEx ({Describe(batch)})");
                s.Forward = Pick(perf, count, workspaceBytes, "forward", batch, AccurateForward);
                _api.Check(_api.cudnnSetConvolutionMathType(s.ForwardConv, s.Forward.MathType), "cudnnSetConvolutionMathType");
                if (needData)
                {
                    _api.Check(_api.cudnnFindConvolutionBackwardDataAlgorithmEx(_handle, _filter, w, s.Y, dy, s.DataConv, s.X, dx, MaxAlgorithms, &count, perf, workspace, (nuint)workspaceBytes),
                        $"cudnnFindConvolutionBackwardDataAlgorithmEx ({Describe(batch)})");
                    s.Data = Pick(perf, count, workspaceBytes, "backward data", batch, AccurateData);
                    _api.Check(_api.cudnnSetConvolutionMathType(s.DataConv, s.Data.MathType), "cudnnSetConvolutionMathType");
                }
                using (var scratch = new DeviceBuffer<float>(_context, WeightCount))
                {
                    _api.Check(_api.cudnnFindConvolutionBackwardFilterAlgorithmEx(_handle, s.X, x, s.Y, dy, s.FilterConv, _filter, scratch.Address, MaxAlgorithms, &count, perf, workspace, (nuint)workspaceBytes),
                        $"cudnnFindConvolutionBackwardFilterAlgorithmEx ({Describe(batch)})");
                    s.Filter = Pick(perf, count, workspaceBytes, "backward filter", batch, AccurateFilter);
                }
                _api.Check(_api.cudnnSetConvolutionMathType(s.FilterConv, s.Filter.MathType), "cudnnSetConvolutionMathType");
            }
            catch
            {
                s.Dispose(_api);
                throw;
            }
            _shapes[batch] = s;
        }

        public bool IsPrepared(int batch) => _shapes.ContainsKey(batch);

        /// <summary>y = conv(x, w) (overwritten).</summary>
        public void Forward(int batch, ulong x, ulong w, ulong y, ulong workspace, long workspaceBytes)
        {
            var s = ShapeFor(batch);
            float one = 1f, zero = 0f;
            _api.Check(_api.cudnnConvolutionForward(_handle, &one, s.X, x, _filter, w, s.ForwardConv, s.Forward.Algo, workspace, (nuint)workspaceBytes, &zero, s.Y, y),
                $"cudnnConvolutionForward ({Describe(batch)}, algo {s.Forward.Algo})");
        }

        /// <summary>dx = gradient of the input (overwritten).</summary>
        public void BackwardData(int batch, ulong w, ulong dy, ulong dx, ulong workspace, long workspaceBytes)
        {
            var s = ShapeFor(batch);
            float one = 1f, zero = 0f;
            _api.Check(_api.cudnnConvolutionBackwardData(_handle, &one, _filter, w, s.Y, dy, s.DataConv, s.Data.Algo, workspace, (nuint)workspaceBytes, &zero, s.X, dx),
                $"cudnnConvolutionBackwardData ({Describe(batch)}, algo {s.Data.Algo})");
        }

        /// <summary>dw = gradient of the weights (overwritten).</summary>
        public void BackwardFilter(int batch, ulong x, ulong dy, ulong dw, ulong workspace, long workspaceBytes)
        {
            var s = ShapeFor(batch);
            float one = 1f, zero = 0f;
            _api.Check(_api.cudnnConvolutionBackwardFilter(_handle, &one, s.X, x, s.Y, dy, s.FilterConv, s.Filter.Algo, workspace, (nuint)workspaceBytes, &zero, _filter, dw),
                $"cudnnConvolutionBackwardFilter ({Describe(batch)}, algo {s.Filter.Algo})");
        }

        Shape ShapeFor(int batch)
        {
            if (_shapes.TryGetValue(batch, out var s)) return s;
            throw new InvalidOperationException($"{Name}: convolution for batch {batch} used before Prepare");
        }

        string Describe(int batch) => $"{Name}: x {batch}x{InChannels}x{Height}x{Width}, w {OutChannels}x{InChannels / Groups}x{Kernel}x{Kernel}, stride {Stride}, pad {Pad}, groups {Groups}, {Math}";

        // cudnnConvolution*Algo_t values without Winograd or FFT transforms: IMPLICIT_GEMM, IMPLICIT_PRECOMP_GEMM, GEMM,
        // DIRECT forward; ALGO_0, ALGO_1 backward data; ALGO_0, ALGO_1, ALGO_3 backward filter.
        static readonly int[] AccurateForward = { 0, 1, 2, 3 };
        static readonly int[] AccurateData = { 0, 1 };
        static readonly int[] AccurateFilter = { 0, 1, 3 };

        ConvolutionAlgoPerf Pick(ConvolutionAlgoPerf* perf, int count, long workspaceBytes, string direction, int batch, int[] accurate)
        {
            // cuDNN returns the results sorted by time; take the fastest that ran, fits and keeps the math mode.
            var tried = new List<string>();
            for (int i = 0; i < count; i++)
            {
                var p = perf[i];
                tried.Add(p.ToString());
                if (!p.Succeeded || (long)p.Memory > workspaceBytes) continue;
                if (Math == CudaMathMode.Strict && (p.MathType == (int)DnnMathType.TensorOp || p.MathType == (int)DnnMathType.TensorOpAllowConversion)) continue;
                if (Algorithms == ConvolutionAlgorithms.Accurate && System.Array.IndexOf(accurate, p.Algo) < 0) continue;
                return p;
            }
            throw new CudaException("cudnnFind*AlgorithmEx", 0, $"no usable {direction} algorithm ({Algorithms}) for {Describe(batch)} within a {workspaceBytes}-byte workspace",
                "tried: " + (tried.Count == 0 ? "none returned" : string.Join("; ", tried)));
        }

        IntPtr Tensor(int n, int c, int h, int w)
        {
            IntPtr t;
            _api.Check(_api.cudnnCreateTensorDescriptor(&t), "cudnnCreateTensorDescriptor");
            int status = _api.cudnnSetTensor4dDescriptor(t, (int)DnnTensorFormat.Nchw, (int)DnnDataType.Float, n, c, h, w);
            if (status != CudnnApi.Success)
            {
                _api.cudnnDestroyTensorDescriptor(t);
                _api.Check(status, $"cudnnSetTensor4dDescriptor ({Name}: {n}x{c}x{h}x{w})");
            }
            return t;
        }

        IntPtr Convolution()
        {
            IntPtr c;
            _api.Check(_api.cudnnCreateConvolutionDescriptor(&c), "cudnnCreateConvolutionDescriptor");
            _api.Check(_api.cudnnSetConvolution2dDescriptor(c, Pad, Pad, Stride, Stride, 1, 1, CrossCorrelation, (int)DnnDataType.Float), $"cudnnSetConvolution2dDescriptor ({Name})");
            _api.Check(_api.cudnnSetConvolutionGroupCount(c, Groups), $"cudnnSetConvolutionGroupCount ({Name}: {Groups})");
            _api.Check(_api.cudnnSetConvolutionMathType(c, (int)(Math == CudaMathMode.Strict ? DnnMathType.Fma : DnnMathType.Default)), "cudnnSetConvolutionMathType");
            return c;
        }

        public void Dispose()
        {
            foreach (var s in _shapes.Values) s.Dispose(_api);
            _shapes.Clear();
            if (_filter != IntPtr.Zero)
            {
                _api.cudnnDestroyFilterDescriptor(_filter);
                _filter = IntPtr.Zero;
            }
        }

        sealed class Shape
        {
            public IntPtr X, Y, ForwardConv, DataConv, FilterConv;
            public ConvolutionAlgoPerf Forward, Data, Filter;

            public void Dispose(CudnnApi api)
            {
                if (X != IntPtr.Zero) api.cudnnDestroyTensorDescriptor(X);
                if (Y != IntPtr.Zero) api.cudnnDestroyTensorDescriptor(Y);
                if (ForwardConv != IntPtr.Zero) api.cudnnDestroyConvolutionDescriptor(ForwardConv);
                if (DataConv != IntPtr.Zero) api.cudnnDestroyConvolutionDescriptor(DataConv);
                if (FilterConv != IntPtr.Zero) api.cudnnDestroyConvolutionDescriptor(FilterConv);
                X = Y = ForwardConv = DataConv = FilterConv = IntPtr.Zero;
            }
        }
    }
}
