using System.Collections.Generic;
using System.Linq;
using Sightline.Cuda.Diagnostics.Reference;
using Sightline.Cuda.Dnn;
using Sightline.Cuda.Driver;

namespace Sightline.Cuda.Diagnostics.Checks
{
    static class CudnnConvolutionCheck
    {
        const long WorkspaceBytes = 64L << 20;

        // (name, n, c, h, w, k, r, s, pad, stride, groups): AlexNet-like geometries, small enough for the naive oracle.
        static readonly (string Name, int N, int C, int H, int W, int K, int R, int S, int Pad, int Stride, int Groups)[] Cases =
        {
            ("g2-3x3", 2, 8, 13, 13, 12, 3, 3, 1, 1, 2),
            ("g2-5x5", 2, 6, 15, 15, 8, 5, 5, 2, 1, 2),
            ("g1-11x11-s4", 2, 3, 39, 39, 8, 11, 11, 0, 4, 1),
        };

        public static IEnumerable<CheckResult> Run(GpuCheckEnvironment env)
        {
            using var dnn = new CudnnHandle(env.Context, env.Stream);
            using var workspace = new DeviceBuffer<byte>(env.Context, WorkspaceBytes);
            foreach (var c in Cases)
                foreach (var r in One(env, dnn, workspace, c.Name, new NaiveConvolution(c.N, c.C, c.H, c.W, c.K, c.R, c.S, c.Pad, c.Stride, c.Groups)))
                    yield return r;
        }

        static IEnumerable<CheckResult> One(GpuCheckEnvironment env, CudnnHandle dnn, DeviceBuffer<byte> workspace, string name, NaiveConvolution conv)
        {
            // Strict fp32 (FMA math, no TF32). Outputs are sums of tens of products of magnitude ~1 (|y| up to ~10);
            // FFT and Winograd algorithms round differently from a direct sum, so allow ~1e-4 relative. A wrong
            // layout, group or padding gives errors of order 1.
            const double tolerance = 1e-3;
            var x = NaiveLayers.Random(conv.InputSize, 31);
            var w = NaiveLayers.Random(conv.FilterSize, 32);
            var dy = NaiveLayers.Random(conv.OutputSize, 33);
            using var dx = env.Upload(x);
            using var dw = env.Upload(w);
            using var ddy = env.Upload(dy);
            using var dyOut = new DeviceBuffer<float>(env.Context, conv.OutputSize);
            using var dxGrad = new DeviceBuffer<float>(env.Context, conv.InputSize);
            using var dwGrad = new DeviceBuffer<float>(env.Context, conv.FilterSize);
            using var dbGrad = new DeviceBuffer<float>(env.Context, conv.K);
            using var xDesc = new TensorDescriptor(conv.N, conv.C, conv.H, conv.W);
            using var wDesc = new FilterDescriptor(conv.K, conv.C / conv.Groups, conv.R, conv.S);
            using var yDesc = new TensorDescriptor(conv.N, conv.K, conv.P, conv.Q);
            using var bDesc = new TensorDescriptor(1, conv.K, 1, 1);
            using var convDesc = new ConvolutionDescriptor(conv.Pad, conv.Pad, conv.Stride, conv.Stride, conv.Groups, DnnMathType.Fma);
            string shape = $"x {conv.N}x{conv.C}x{conv.H}x{conv.W}, w {conv.K}x{conv.C / conv.Groups}x{conv.R}x{conv.S}, pad {conv.Pad}, stride {conv.Stride}, groups {conv.Groups}";

            var fwd = dnn.FindForwardAlgorithms(xDesc, dx.Address, wDesc, dw.Address, convDesc, yDesc, dyOut.Address, workspace.Address, WorkspaceBytes);
            var fwdAlgo = Best(fwd);
            dnn.ConvolutionForward(1f, xDesc, dx.Address, wDesc, dw.Address, convDesc, fwdAlgo.Algo, workspace.Address, WorkspaceBytes, 0f, yDesc, dyOut.Address);
            env.Stream.Synchronize();
            yield return CheckResult.Compare($"cudnn-conv/{name}/forward", dyOut.ToArray(), conv.Forward(x, w), tolerance, $"{shape}; {fwd.Length} algorithms found, used {fwdAlgo}");

            var bwdData = dnn.FindBackwardDataAlgorithms(wDesc, dw.Address, yDesc, ddy.Address, convDesc, xDesc, dxGrad.Address, workspace.Address, WorkspaceBytes);
            var bdAlgo = Best(bwdData);
            dnn.ConvolutionBackwardData(1f, wDesc, dw.Address, yDesc, ddy.Address, convDesc, bdAlgo.Algo, workspace.Address, WorkspaceBytes, 0f, xDesc, dxGrad.Address);
            env.Stream.Synchronize();
            yield return CheckResult.Compare($"cudnn-conv/{name}/backward-data", dxGrad.ToArray(), conv.BackwardData(dy, w), tolerance, $"used {bdAlgo}");

            var bwdFilter = dnn.FindBackwardFilterAlgorithms(xDesc, dx.Address, yDesc, ddy.Address, convDesc, wDesc, dwGrad.Address, workspace.Address, WorkspaceBytes);
            var bfAlgo = Best(bwdFilter);
            dnn.ConvolutionBackwardFilter(1f, xDesc, dx.Address, yDesc, ddy.Address, convDesc, bfAlgo.Algo, workspace.Address, WorkspaceBytes, 0f, wDesc, dwGrad.Address);
            env.Stream.Synchronize();
            // dw sums over n·p·q products: larger sums, so scale the tolerance with them
            double filterTolerance = tolerance * System.Math.Max(1, conv.N * conv.P * conv.Q / 64.0);
            yield return CheckResult.Compare($"cudnn-conv/{name}/backward-filter", dwGrad.ToArray(), conv.BackwardFilter(x, dy), filterTolerance, $"used {bfAlgo}");

            dnn.ConvolutionBackwardBias(1f, yDesc, ddy.Address, 0f, bDesc, dbGrad.Address);
            env.Stream.Synchronize();
            yield return CheckResult.Compare($"cudnn-conv/{name}/backward-bias", dbGrad.ToArray(), conv.BackwardBias(dy), filterTolerance, "cudnnConvolutionBackwardBias");
        }

        static ConvolutionAlgoPerf Best(ConvolutionAlgoPerf[] results)
        {
            var ok = results.Where(r => r.Succeeded).ToArray();
            if (ok.Length == 0) throw new CudaException("cudnnFind*AlgorithmEx", 3000, "no algorithm succeeded", string.Join("; ", results.Select(r => r.ToString())));
            return ok[0];
        }
    }
}
