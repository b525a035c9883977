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
        const int MaxAlgorithms = 16;

        readonly CudnnApi _api;
        readonly IntPtr _handle;
        readonly Dictionary<int, Shape> _shapes = new Dictionary<int, Shape>();
        readonly FilterDescriptor _filter;

        public Bf16Convolution(CudnnApi api, IntPtr handle, string name, ConvolutionGeometry geometry)
        {
            _api = api;
            _handle = handle;
            Name = name;
            Geometry = geometry;
            _filter = new FilterDescriptor(geometry.OutChannels, geometry.InChannelsPerGroup, geometry.Kernel, geometry.Kernel, DnnTensorFormat.Nhwc, DnnDataType.BFloat16);
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
                s.X = new TensorDescriptor(batch, g.InChannels, g.InHeight, g.InWidth, DnnTensorFormat.Nhwc, DnnDataType.BFloat16);
                s.Y = new TensorDescriptor(batch, g.OutChannels, g.OutHeight, g.OutWidth, DnnTensorFormat.Nhwc, DnnDataType.BFloat16);
                // bf16 data, fp32 accumulation (the descriptor's compute type is float).
                s.Conv = new ConvolutionDescriptor(g.Pad, g.Pad, g.Stride, g.Stride, g.Groups, DnnMathType.TensorOp);
                var perf = stackalloc ConvolutionAlgoPerf[MaxAlgorithms];
                int count;
                _api.Check(_api.cudnnFindConvolutionForwardAlgorithmEx(_handle, s.X.Handle, x, _filter.Handle, w, s.Conv.Handle, s.Y.Handle, y, MaxAlgorithms, &count, perf, workspace, (nuint)workspaceBytes),
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
                _api.Check(_api.cudnnSetConvolutionMathType(s.Conv.Handle, s.Forward.MathType), "cudnnSetConvolutionMathType");
            }
            catch
            {
                s.Dispose();
                throw;
            }
            _shapes[batch] = s;
        }

        public void Forward(int batch, ulong x, ulong w, ulong y, ulong workspace, long workspaceBytes)
        {
            if (!_shapes.TryGetValue(batch, out var s)) throw new InvalidOperationException($"{Name}: bf16 convolution for batch {batch} used before Prepare");
            float one = 1f, zero = 0f;
            _api.Check(_api.cudnnConvolutionForward(_handle, &one, s.X.Handle, x, _filter.Handle, w, s.Conv.Handle, s.Forward.Algo, workspace, (nuint)workspaceBytes, &zero, s.Y.Handle, y),
                $"cudnnConvolutionForward ({Describe(batch)}, algo {s.Forward.Algo})");
        }

        string Describe(int batch)
        {
            var g = Geometry;
            return $"{Name}: bf16 NHWC x {batch}x{g.InHeight}x{g.InWidth}x{g.InChannels}, w {g.OutChannels}x{g.Kernel}x{g.Kernel}x{g.InChannelsPerGroup}, stride {g.Stride}, pad {g.Pad}, groups {g.Groups}";
        }

        public void Dispose()
        {
            foreach (var s in _shapes.Values) s.Dispose();
            _shapes.Clear();
            _filter.Dispose();
        }

        sealed class Shape
        {
            public TensorDescriptor X = null!, Y = null!;
            public ConvolutionDescriptor Conv = null!;
            public ConvolutionAlgoPerf Forward;

            // Also for a half-made shape (Prepare failed part way): what was not made is null.
            public void Dispose()
            {
                X?.Dispose();
                Y?.Dispose();
                Conv?.Dispose();
            }
        }
    }
}
