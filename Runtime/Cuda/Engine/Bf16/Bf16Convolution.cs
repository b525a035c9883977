using System;
using System.Collections.Generic;
using Sightline.Cpu;
using Sightline.Cuda.Dnn;

namespace Sightline.Cuda.Engine.Bf16
{
    /// <summary>
    /// One convolution of the bf16 inference pass, forward only: x [n, h, w, inC] bf16 NHWC * w [outC, k, k, inC/groups]
    /// bf16 KRSC -> y [n, oh, ow, outC] bf16 NHWC, accumulated in fp32 on tensor cores (CUDNN_DATA_FLOAT compute,
    /// CUDNN_TENSOR_OP_MATH). The algorithm is the fastest cudnnFindConvolutionForwardAlgorithmEx measured within the
    /// workspace, once per batch size.
    /// </summary>
    internal sealed unsafe class Bf16Convolution : IDisposable
    {
        const int CrossCorrelation = 1; // CUDNN_CROSS_CORRELATION
        const int MaxAlgorithms = 16;

        readonly CudnnApi _api;
        readonly IntPtr _handle;
        readonly Dictionary<int, Shape> _shapes = new Dictionary<int, Shape>();
        IntPtr _filter;

        public Bf16Convolution(CudnnApi api, IntPtr handle, string name, ConvolutionGeometry geometry)
        {
            _api = api;
            _handle = handle;
            Name = name;
            Geometry = geometry;
            IntPtr filter;
            _api.Check(_api.cudnnCreateFilterDescriptor(&filter), "cudnnCreateFilterDescriptor");
            _filter = filter;
            var g = geometry;
            _api.Check(_api.cudnnSetFilter4dDescriptor(_filter, (int)DnnDataType.BFloat16, (int)DnnTensorFormat.Nhwc, g.OutChannels, g.InChannelsPerGroup, g.Kernel, g.Kernel),
                $"cudnnSetFilter4dDescriptor ({name}: bf16 NHWC {g.OutChannels}x{g.Kernel}x{g.Kernel}x{g.InChannelsPerGroup})");
        }

        public string Name { get; }
        /// <summary>One tower's share (the grouped one-device form: the whole layer).</summary>
        public ConvolutionGeometry Geometry { get; }

        public bool IsPrepared(int batch) => _shapes.ContainsKey(batch);

        /// <summary>"batch 256: fwd 1 (TensorOp)" per prepared batch size.</summary>
        public IEnumerable<string> Choices()
        {
            foreach (var pair in _shapes)
                yield return $"batch {pair.Key}: bf16 NHWC, fwd {pair.Value.Forward.Algo} ({(DnnMathType)pair.Value.Forward.MathType}, {pair.Value.Forward.Time:0.000} ms)";
        }

        /// <summary>Descriptors and the timed algorithm search for <paramref name="batch"/>; overwrites y.</summary>
        public void Prepare(int batch, ulong x, ulong w, ulong y, ulong workspace, long workspaceBytes)
        {
            if (_shapes.ContainsKey(batch)) return;
            var s = new Shape();
            try
            {
                var g = Geometry;
                s.X = Tensor(batch, g.InChannels, g.InHeight, g.InWidth);
                s.Y = Tensor(batch, g.OutChannels, g.OutHeight, g.OutWidth);
                IntPtr conv;
                _api.Check(_api.cudnnCreateConvolutionDescriptor(&conv), "cudnnCreateConvolutionDescriptor");
                s.Conv = conv;
                // bf16 data, fp32 accumulation.
                _api.Check(_api.cudnnSetConvolution2dDescriptor(conv, g.Pad, g.Pad, g.Stride, g.Stride, 1, 1, CrossCorrelation, (int)DnnDataType.Float), $"cudnnSetConvolution2dDescriptor ({Name})");
                _api.Check(_api.cudnnSetConvolutionGroupCount(conv, g.Groups), $"cudnnSetConvolutionGroupCount ({Name}: {g.Groups})");
                _api.Check(_api.cudnnSetConvolutionMathType(conv, (int)DnnMathType.TensorOp), "cudnnSetConvolutionMathType");
                var perf = stackalloc ConvolutionAlgoPerf[MaxAlgorithms];
                int count;
                _api.Check(_api.cudnnFindConvolutionForwardAlgorithmEx(_handle, s.X, x, _filter, w, conv, s.Y, y, MaxAlgorithms, &count, perf, workspace, (nuint)workspaceBytes),
                    $"cudnnFindConvolutionForwardAlgorithmEx ({Describe(batch)})");
                var tried = new List<string>();
                bool found = false;
                for (int i = 0; i < count && !found; i++)
                {
                    tried.Add(perf[i].ToString());
                    if (!perf[i].Succeeded || (long)perf[i].Memory > workspaceBytes) continue;
                    s.Forward = perf[i];
                    found = true;
                }
                if (!found)
                    throw new CudaException("cudnnFindConvolutionForwardAlgorithmEx", 0, $"no usable bf16 forward algorithm for {Describe(batch)} within a {workspaceBytes}-byte workspace",
                        "tried: " + (tried.Count == 0 ? "none returned" : string.Join("; ", tried)));
                _api.Check(_api.cudnnSetConvolutionMathType(conv, s.Forward.MathType), "cudnnSetConvolutionMathType");
            }
            catch
            {
                s.Dispose(_api);
                throw;
            }
            _shapes[batch] = s;
        }

        public void Forward(int batch, ulong x, ulong w, ulong y, ulong workspace, long workspaceBytes)
        {
            if (!_shapes.TryGetValue(batch, out var s)) throw new InvalidOperationException($"{Name}: bf16 convolution for batch {batch} used before Prepare");
            float one = 1f, zero = 0f;
            _api.Check(_api.cudnnConvolutionForward(_handle, &one, s.X, x, _filter, w, s.Conv, s.Forward.Algo, workspace, (nuint)workspaceBytes, &zero, s.Y, y),
                $"cudnnConvolutionForward ({Describe(batch)}, algo {s.Forward.Algo})");
        }

        string Describe(int batch)
        {
            var g = Geometry;
            return $"{Name}: bf16 NHWC x {batch}x{g.InHeight}x{g.InWidth}x{g.InChannels}, w {g.OutChannels}x{g.Kernel}x{g.Kernel}x{g.InChannelsPerGroup}, stride {g.Stride}, pad {g.Pad}, groups {g.Groups}";
        }

        IntPtr Tensor(int n, int c, int h, int w)
        {
            IntPtr t;
            _api.Check(_api.cudnnCreateTensorDescriptor(&t), "cudnnCreateTensorDescriptor");
            int status = _api.cudnnSetTensor4dDescriptor(t, (int)DnnTensorFormat.Nhwc, (int)DnnDataType.BFloat16, n, c, h, w);
            if (status != CudnnApi.Success)
            {
                _api.cudnnDestroyTensorDescriptor(t);
                _api.Check(status, $"cudnnSetTensor4dDescriptor ({Name}: bf16 NHWC {n}x{h}x{w}x{c})");
            }
            return t;
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
            public IntPtr X, Y, Conv;
            public ConvolutionAlgoPerf Forward;

            public void Dispose(CudnnApi api)
            {
                if (X != IntPtr.Zero) api.cudnnDestroyTensorDescriptor(X);
                if (Y != IntPtr.Zero) api.cudnnDestroyTensorDescriptor(Y);
                if (Conv != IntPtr.Zero) api.cudnnDestroyConvolutionDescriptor(Conv);
                X = Y = Conv = IntPtr.Zero;
            }
        }
    }
}
