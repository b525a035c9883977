using System;
using System.Collections.Generic;
using Sightline.Cpu;
using Sightline.Cuda.Dnn;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Engine.Kernels;

namespace Sightline.Cuda.Engine.Layers
{
    /// <summary>
    /// One tower's share of a convolution through cuDNN's legacy API, fp32, NCHW at its boundary:
    /// x [n, inC, h, w] * w [outC, inC/groups, k, k] -> y [n, outC, oh, ow] (no bias: the fused kernels add it).
    /// Descriptors and algorithms are made once per batch size: each direction's algorithm is the fastest that
    /// cudnnFind*AlgorithmEx measured within the workspace (Documentation~/gpu.md: the best choice differs per layer), with the
    /// math type it was measured with (strict mode admits only FMA algorithms). In NHWC (<see cref="ConvolutionLayout"/>)
    /// the op keeps NHWC copies of its input and output and a KRSC copy of its filter, transposed around each call.
    /// </summary>
    internal sealed unsafe class ConvolutionOp : IDisposable
    {
        const int MaxAlgorithms = 16;

        readonly CudnnApi _api;
        readonly IntPtr _handle;
        readonly CudaContext _context;
        readonly Dictionary<int, Shape> _shapes = new Dictionary<int, Shape>();
        readonly EngineKernels _kernels;
        readonly CudaStream _stream;
        readonly int _maxBatch;
        readonly FilterDescriptor _filter;
        readonly FilterDescriptor? _filterNhwc;
        // NHWC scratch, made when a batch size first chooses NHWC: input (then input gradient), output (then output
        // gradient), filter and filter gradient in KRSC.
        DeviceBuffer<float>? _xT, _yT, _wT, _dwT;

        public ConvolutionOp(CudnnApi api, IntPtr handle, CudaContext context, EngineKernels kernels, CudaStream stream, int maxBatch, string name,
            ConvolutionGeometry geometry, CudaMathMode math,
            ConvolutionAlgorithms algorithms = ConvolutionAlgorithms.Fastest, ConvolutionLayout layout = ConvolutionLayout.Nchw)
        {
            Algorithms = algorithms;
            Layout = layout;
            _kernels = kernels;
            _stream = stream;
            _maxBatch = maxBatch;
            _api = api;
            _handle = handle;
            _context = context;
            Name = name;
            Geometry = geometry;
            Math = math;
            int outChannels = geometry.OutChannels, perGroup = geometry.InChannelsPerGroup, kernel = geometry.Kernel;
            _filter = new FilterDescriptor(outChannels, perGroup, kernel, kernel, DnnTensorFormat.Nchw);
            if (layout != ConvolutionLayout.Nchw)
            {
                // NHWC filters take the same (k, c, h, w) arguments and are stored k, h, w, c (KRSC).
                try
                {
                    _filterNhwc = new FilterDescriptor(outChannels, perGroup, kernel, kernel, DnnTensorFormat.Nhwc);
                }
                catch
                {
                    _filter.Dispose();
                    throw;
                }
            }
        }

        public string Name { get; }
        /// <summary>This tower's share of the layer (the grouped one-device form: the whole layer).</summary>
        public ConvolutionGeometry Geometry { get; }
        public CudaMathMode Math { get; }
        public ConvolutionAlgorithms Algorithms { get; }
        /// <summary>The layout option; <see cref="LayoutFor"/> says what a batch size chose.</summary>
        public ConvolutionLayout Layout { get; }
        public long WeightCount => Geometry.WeightCount;

        /// <summary>The algorithms chosen so far, for reports: "batch 128: fwd 1 (FMA), data 1 (FMA), filter 3 (FMA)".</summary>
        public IEnumerable<string> Choices()
        {
            foreach (var pair in _shapes)
                yield return $"batch {pair.Key}: {(pair.Value.Nhwc ? "NHWC" : "NCHW")}{(pair.Value.Comparison != null ? " (" + pair.Value.Comparison + ")" : "")}, fwd {pair.Value.Forward.Algo} ({(DnnMathType)pair.Value.Forward.MathType}, {(long)pair.Value.Forward.Memory} B), " +
                             $"data {pair.Value.Data.Algo} ({(DnnMathType)pair.Value.Data.MathType}), filter {pair.Value.Filter.Algo} ({(DnnMathType)pair.Value.Filter.MathType})";
        }

        /// <summary>
        /// Makes the descriptors for <paramref name="batch"/> and measures the algorithms (once per batch size), in
        /// the layout the option asks for, or in both for <see cref="ConvolutionLayout.Auto"/>, keeping the one whose
        /// training step (forward, filter and data gradients, plus the transposes NHWC needs) is faster; inference of
        /// the same batch size uses the same choice.
        /// Overwrites y and dx (scratch at this point); the filter gradient is measured into a temporary buffer so a
        /// pending gradient is not disturbed.
        /// </summary>
        public void Prepare(int batch, ulong x, ulong w, ulong y, ulong dy, ulong dx, ulong workspace, long workspaceBytes, bool needData)
        {
            if (_shapes.ContainsKey(batch)) return;
            if (batch > _maxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"{Name}: batch above the largest batch {_maxBatch}");
            if (Layout == ConvolutionLayout.Nchw)
            {
                _shapes[batch] = Measure(batch, nhwc: false, x, w, y, dy, dx, workspace, workspaceBytes, needData);
                return;
            }
            if (Layout == ConvolutionLayout.Nhwc)
            {
                EnsureNhwcScratch();
                var forced = Measure(batch, nhwc: true, x, w, y, dy, dx, workspace, workspaceBytes, needData);
                forced.TransposeMilliseconds = TimeTransposes(batch, x, w, y, dy, dx, needData);
                _shapes[batch] = forced;
                return;
            }
            var nchw = Measure(batch, nhwc: false, x, w, y, dy, dx, workspace, workspaceBytes, needData);
            Shape? nhwcShape = null;
            string? nhwcFailure = null;
            try
            {
                EnsureNhwcScratch();
                nhwcShape = Measure(batch, nhwc: true, x, w, y, dy, dx, workspace, workspaceBytes, needData);
                nhwcShape.TransposeMilliseconds = TimeTransposes(batch, x, w, y, dy, dx, needData);
            }
            catch (CudaOutOfMemoryException e)
            {
                nhwcFailure = "NHWC scratch does not fit: " + e.Message;
            }
            catch (CudaException e)
            {
                nhwcFailure = "NHWC not usable: " + e.Message;
            }
            if (nhwcShape == null)
            {
                nchw.Comparison = nhwcFailure;
                _shapes[batch] = nchw;
                bool anyNhwcShape = false;
                foreach (var shape in _shapes.Values) anyNhwcShape |= shape.Nhwc;
                if (!anyNhwcShape) DisposeNhwcScratch();
                return;
            }
            double nchwMs = nchw.Milliseconds(needData), nhwcMs = nhwcShape.Milliseconds(needData) + nhwcShape.TransposeMilliseconds;
            string comparison = $"NCHW {nchwMs:0.000} ms vs NHWC {nhwcShape.Milliseconds(needData):0.000} + {nhwcShape.TransposeMilliseconds:0.000} ms transposes";
            var (keep, drop) = nhwcMs < nchwMs ? (nhwcShape, nchw) : (nchw, nhwcShape);
            drop.Dispose();
            keep.Comparison = comparison;
            _shapes[batch] = keep;
            bool anyNhwc = false;
            foreach (var shape in _shapes.Values) anyNhwc |= shape.Nhwc;
            if (!anyNhwc) DisposeNhwcScratch(); // NCHW won everywhere so far: give the copies' memory back
        }

        /// <summary>"NCHW" or "NHWC" for a prepared batch size.</summary>
        public string LayoutFor(int batch) => ShapeFor(batch).Nhwc ? "NHWC" : "NCHW";

        Shape Measure(int batch, bool nhwc, ulong x, ulong w, ulong y, ulong dy, ulong dx, ulong workspace, long workspaceBytes, bool needData)
        {
            var s = new Shape { Nhwc = nhwc };
            var format = nhwc ? DnnTensorFormat.Nhwc : DnnTensorFormat.Nchw;
            var filter = nhwc ? _filterNhwc!.Handle : _filter.Handle;
            if (nhwc)
            {
                // The NHWC calls read and write the op's own copies.
                x = _xT!.Address;
                w = _wT!.Address;
                y = _yT!.Address;
                dy = _yT.Address;
                dx = _xT.Address;
            }
            try
            {
                s.X = new TensorDescriptor(batch, Geometry.InChannels, Geometry.InHeight, Geometry.InWidth, format);
                s.Y = new TensorDescriptor(batch, Geometry.OutChannels, Geometry.OutHeight, Geometry.OutWidth, format);
                s.ForwardConv = Convolution();
                s.DataConv = Convolution();
                s.FilterConv = Convolution();
                var perf = stackalloc ConvolutionAlgoPerf[MaxAlgorithms];
                int count;
                _api.Check(_api.cudnnFindConvolutionForwardAlgorithmEx(_handle, s.X.Handle, x, filter, w, s.ForwardConv.Handle, s.Y.Handle, y, MaxAlgorithms, &count, perf, workspace, (nuint)workspaceBytes),
                    $"cudnnFindConvolutionForwardAlgorithmEx ({Describe(batch, format)})");
                s.Forward = Pick(perf, count, workspaceBytes, "forward", batch, format, AccurateForward);
                _api.Check(_api.cudnnSetConvolutionMathType(s.ForwardConv.Handle, s.Forward.MathType), "cudnnSetConvolutionMathType");
                if (needData)
                {
                    _api.Check(_api.cudnnFindConvolutionBackwardDataAlgorithmEx(_handle, filter, w, s.Y.Handle, dy, s.DataConv.Handle, s.X.Handle, dx, MaxAlgorithms, &count, perf, workspace, (nuint)workspaceBytes),
                        $"cudnnFindConvolutionBackwardDataAlgorithmEx ({Describe(batch, format)})");
                    s.Data = Pick(perf, count, workspaceBytes, "backward data", batch, format, AccurateData);
                    _api.Check(_api.cudnnSetConvolutionMathType(s.DataConv.Handle, s.Data.MathType), "cudnnSetConvolutionMathType");
                }
                using (var scratch = new DeviceBuffer<float>(_context, WeightCount))
                {
                    _api.Check(_api.cudnnFindConvolutionBackwardFilterAlgorithmEx(_handle, s.X.Handle, x, s.Y.Handle, dy, s.FilterConv.Handle, filter, scratch.Address, MaxAlgorithms, &count, perf, workspace, (nuint)workspaceBytes),
                        $"cudnnFindConvolutionBackwardFilterAlgorithmEx ({Describe(batch, format)})");
                    s.Filter = Pick(perf, count, workspaceBytes, "backward filter", batch, format, AccurateFilter);
                }
                _api.Check(_api.cudnnSetConvolutionMathType(s.FilterConv.Handle, s.Filter.MathType), "cudnnSetConvolutionMathType");
            }
            catch
            {
                s.Dispose();
                throw;
            }
            return s;
        }

        void EnsureNhwcScratch()
        {
            if (_xT != null) return;
            try
            {
                _xT = new DeviceBuffer<float>(_context, (long)_maxBatch * Geometry.InChannels * Geometry.InHeight * Geometry.InWidth);
                _yT = new DeviceBuffer<float>(_context, (long)_maxBatch * Geometry.OutChannels * Geometry.OutHeight * Geometry.OutWidth);
                _wT = new DeviceBuffer<float>(_context, WeightCount);
                _dwT = new DeviceBuffer<float>(_context, WeightCount);
                // The algorithm search reads them before any data arrives: zeros, not whatever bits were left there.
                _xT.Clear(_stream);
                _yT.Clear(_stream);
                _wT.Clear(_stream);
                _dwT.Clear(_stream);
            }
            catch
            {
                DisposeNhwcScratch();
                throw;
            }
        }

        /// <summary>
        /// GPU time of the transposes one NHWC training step adds (mean of 3 after a warm-up). Writes only what
        /// Prepare may overwrite: y, dx and the op's own copies (the filter gradient goes into the filter copy).
        /// </summary>
        float TimeTransposes(int batch, ulong x, ulong w, ulong y, ulong dy, ulong dx, bool needData)
        {
            using var start = new CudaEvent(_context);
            using var end = new CudaEvent(_context);
            const int Repeats = 3;
            for (int i = 0; i <= Repeats; i++)
            {
                if (i == 1) start.Record(_stream);
                TransposeIn(batch, x, w);
                TransposeOut(batch, y);
                TransposeGradientIn(batch, dy);
                _kernels.Transpose(_stream, _dwT!.Address, _wT!.Address, Geometry.OutChannels, Geometry.Kernel * Geometry.Kernel, Geometry.InChannelsPerGroup);
                if (needData) TransposeGradientsOut(batch, 0UL, dx, filterGradient: false);
            }
            end.Record(_stream);
            end.Synchronize();
            return CudaEvent.ElapsedMilliseconds(start, end) / Repeats;
        }

        // x NCHW -> _xT NHWC; w KCRS -> _wT KRSC.
        void TransposeIn(int batch, ulong x, ulong w)
        {
            _kernels.Transpose(_stream, x, _xT!.Address, batch, Geometry.InChannels, Geometry.InHeight * Geometry.InWidth);
            _kernels.Transpose(_stream, w, _wT!.Address, Geometry.OutChannels, Geometry.InChannelsPerGroup, Geometry.Kernel * Geometry.Kernel);
        }

        // _yT NHWC -> y NCHW.
        void TransposeOut(int batch, ulong y) => _kernels.Transpose(_stream, _yT!.Address, y, batch, Geometry.OutHeight * Geometry.OutWidth, Geometry.OutChannels);

        // dy NCHW -> _yT NHWC (the output copy is dead by the backward pass).
        void TransposeGradientIn(int batch, ulong dy) => _kernels.Transpose(_stream, dy, _yT!.Address, batch, Geometry.OutChannels, Geometry.OutHeight * Geometry.OutWidth);

        // _dwT KRSC -> dw KCRS (when filterGradient), _xT (holding the input gradient) NHWC -> dx NCHW (when dx is not 0).
        void TransposeGradientsOut(int batch, ulong dw, ulong dx, bool filterGradient)
        {
            if (filterGradient) _kernels.Transpose(_stream, _dwT!.Address, dw, Geometry.OutChannels, Geometry.Kernel * Geometry.Kernel, Geometry.InChannelsPerGroup);
            if (dx != 0) _kernels.Transpose(_stream, _xT!.Address, dx, batch, Geometry.InHeight * Geometry.InWidth, Geometry.InChannels);
        }

        public bool IsPrepared(int batch) => _shapes.ContainsKey(batch);

        /// <summary>y = conv(x, w) (overwritten). In NHWC also keeps the input and filter copies the backward pass uses.</summary>
        public void Forward(int batch, ulong x, ulong w, ulong y, ulong workspace, long workspaceBytes)
        {
            var s = ShapeFor(batch);
            float one = 1f, zero = 0f;
            if (s.Nhwc)
            {
                TransposeIn(batch, x, w);
                _api.Check(_api.cudnnConvolutionForward(_handle, &one, s.X.Handle, _xT!.Address, _filterNhwc!.Handle, _wT!.Address, s.ForwardConv.Handle, s.Forward.Algo, workspace, (nuint)workspaceBytes, &zero, s.Y.Handle, _yT!.Address),
                    $"cudnnConvolutionForward ({Describe(batch, DnnTensorFormat.Nhwc)}, algo {s.Forward.Algo})");
                TransposeOut(batch, y);
                return;
            }
            _api.Check(_api.cudnnConvolutionForward(_handle, &one, s.X.Handle, x, _filter.Handle, w, s.ForwardConv.Handle, s.Forward.Algo, workspace, (nuint)workspaceBytes, &zero, s.Y.Handle, y),
                $"cudnnConvolutionForward ({Describe(batch, DnnTensorFormat.Nchw)}, algo {s.Forward.Algo})");
        }

        /// <summary>
        /// dw = gradient of the weights and, when dx is not 0, dx = gradient of the input (both overwritten), after a
        /// training <see cref="Forward"/> of the same batch with the same x and w.
        /// </summary>
        public void Backward(int batch, ulong x, ulong w, ulong dy, ulong dw, ulong dx, ulong workspace, long workspaceBytes, Action? afterFilter = null)
        {
            var s = ShapeFor(batch);
            float one = 1f, zero = 0f;
            if (s.Nhwc)
            {
                TransposeGradientIn(batch, dy);
                _api.Check(_api.cudnnConvolutionBackwardFilter(_handle, &one, s.X.Handle, _xT!.Address, s.Y.Handle, _yT!.Address, s.FilterConv.Handle, s.Filter.Algo, workspace, (nuint)workspaceBytes, &zero, _filterNhwc!.Handle, _dwT!.Address),
                    $"cudnnConvolutionBackwardFilter ({Describe(batch, DnnTensorFormat.Nhwc)}, algo {s.Filter.Algo})");
                TransposeGradientsOut(batch, dw, 0UL, filterGradient: true);
                if (dx == 0) return;
                afterFilter?.Invoke();
                // The input copy has served the filter gradient: it takes the input gradient.
                _api.Check(_api.cudnnConvolutionBackwardData(_handle, &one, _filterNhwc!.Handle, _wT!.Address, s.Y.Handle, _yT.Address, s.DataConv.Handle, s.Data.Algo, workspace, (nuint)workspaceBytes, &zero, s.X.Handle, _xT.Address),
                    $"cudnnConvolutionBackwardData ({Describe(batch, DnnTensorFormat.Nhwc)}, algo {s.Data.Algo})");
                TransposeGradientsOut(batch, 0UL, dx, filterGradient: false);
                return;
            }
            _api.Check(_api.cudnnConvolutionBackwardFilter(_handle, &one, s.X.Handle, x, s.Y.Handle, dy, s.FilterConv.Handle, s.Filter.Algo, workspace, (nuint)workspaceBytes, &zero, _filter.Handle, dw),
                $"cudnnConvolutionBackwardFilter ({Describe(batch, DnnTensorFormat.Nchw)}, algo {s.Filter.Algo})");
            if (dx == 0) return;
            afterFilter?.Invoke();
            _api.Check(_api.cudnnConvolutionBackwardData(_handle, &one, _filter.Handle, w, s.Y.Handle, dy, s.DataConv.Handle, s.Data.Algo, workspace, (nuint)workspaceBytes, &zero, s.X.Handle, dx),
                $"cudnnConvolutionBackwardData ({Describe(batch, DnnTensorFormat.Nchw)}, algo {s.Data.Algo})");
        }

        Shape ShapeFor(int batch)
        {
            if (_shapes.TryGetValue(batch, out var s)) return s;
            throw new InvalidOperationException($"{Name}: convolution for batch {batch} used before Prepare");
        }

        string Describe(int batch, DnnTensorFormat format) =>
            $"{Name}: x {batch}x{Geometry.InChannels}x{Geometry.InHeight}x{Geometry.InWidth}, w {Geometry.OutChannels}x{Geometry.InChannelsPerGroup}x{Geometry.Kernel}x{Geometry.Kernel}, stride {Geometry.Stride}, pad {Geometry.Pad}, groups {Geometry.Groups}, {Math}, {(format == DnnTensorFormat.Nhwc ? "NHWC" : "NCHW")}";

        // cudnnConvolution*Algo_t values without Winograd or FFT transforms: IMPLICIT_GEMM, IMPLICIT_PRECOMP_GEMM, GEMM,
        // DIRECT forward; ALGO_0, ALGO_1 backward data; ALGO_0, ALGO_1, ALGO_3 backward filter.
        static readonly int[] AccurateForward = { 0, 1, 2, 3 };
        static readonly int[] AccurateData = { 0, 1 };
        static readonly int[] AccurateFilter = { 0, 1, 3 };

        ConvolutionAlgoPerf Pick(ConvolutionAlgoPerf* perf, int count, long workspaceBytes, string direction, int batch, DnnTensorFormat format, int[] accurate)
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
            throw new CudaException("cudnnFind*AlgorithmEx", 0, $"no usable {direction} algorithm ({Algorithms}) within a {workspaceBytes}-byte workspace ({Describe(batch, format)})",
                "tried: " + (tried.Count == 0 ? "none returned" : string.Join("; ", tried)));
        }

        ConvolutionDescriptor Convolution() =>
            new ConvolutionDescriptor(Geometry.Pad, Geometry.Pad, Geometry.Stride, Geometry.Stride, Geometry.Groups, Math == CudaMathMode.Strict ? DnnMathType.Fma : DnnMathType.Default);

        public void Dispose()
        {
            foreach (var s in _shapes.Values) s.Dispose();
            _shapes.Clear();
            _filter.Dispose();
            _filterNhwc?.Dispose();
            DisposeNhwcScratch();
        }

        void DisposeNhwcScratch()
        {
            _xT?.Dispose();
            _yT?.Dispose();
            _wT?.Dispose();
            _dwT?.Dispose();
            _xT = _yT = _wT = _dwT = null;
        }

        sealed class Shape
        {
            public TensorDescriptor X = null!, Y = null!;
            public ConvolutionDescriptor ForwardConv = null!, DataConv = null!, FilterConv = null!;
            public ConvolutionAlgoPerf Forward, Data, Filter;
            public bool Nhwc;
            public float TransposeMilliseconds;
            /// <summary>For Auto: both layouts' measured times, or why NHWC was not usable.</summary>
            public string? Comparison;

            /// <summary>cuDNN's measured time of one training step's calls (forward, filter, and data when needed).</summary>
            public double Milliseconds(bool needData) => Forward.Time + Filter.Time + (needData ? Data.Time : 0f);

            // Also for a half-made shape (Measure failed part way): what was not made is null.
            public void Dispose()
            {
                X?.Dispose();
                Y?.Dispose();
                ForwardConv?.Dispose();
                DataConv?.Dispose();
                FilterConv?.Dispose();
            }
        }
    }
}
