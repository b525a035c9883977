using System.Collections.Generic;
using Sightline.Cuda.Diagnostics.Reference;
using Sightline.Cuda.Dnn;
using Sightline.Cuda.Driver;

namespace Sightline.Cuda.Diagnostics.Checks
{
    static class CudnnPoolingCheck
    {
        public static IEnumerable<CheckResult> Run(GpuCheckEnvironment env)
        {
            // The paper's overlapping pooling: 3x3 windows, stride 2 (27x27 -> 13x13 as after conv2).
            const int n = 2, c = 5, h = 27, w = 27, window = 3, stride = 2;
            var x = NaiveLayers.Random(n * c * h * w, 51);
            var expected = NaiveLayers.MaxPoolForward(x, n, c, h, w, window, stride, out int oh, out int ow, out int[] argmax);
            var dy = NaiveLayers.Random(expected.Length, 52);
            using var dx = env.Upload(x);
            using var ddy = env.Upload(dy);
            using var y = new DeviceBuffer<float>(env.Context, expected.Length);
            using var dxGrad = new DeviceBuffer<float>(env.Context, x.Length);
            using var xDesc = new TensorDescriptor(n, c, h, w);
            using var yDesc = new TensorDescriptor(n, c, oh, ow);
            using var pool = new PoolingDescriptor(DnnPoolingMode.Max, window, window, stride, stride);
            using var dnn = new CudnnHandle(env.Context, env.Stream);

            dnn.PoolingForward(pool, 1f, xDesc, dx.Address, 0f, yDesc, y.Address);
            env.Stream.Synchronize();
            yield return CheckResult.Compare("cudnn-pool/max-forward", y.ToArray(), expected, 0, $"{n}x{c}x{h}x{w} -> {oh}x{ow}, 3x3 stride 2");

            dnn.PoolingBackward(pool, 1f, yDesc, y.Address, yDesc, ddy.Address, xDesc, dx.Address, 0f, xDesc, dxGrad.Address);
            env.Stream.Synchronize();
            yield return CheckResult.Compare("cudnn-pool/max-backward", dxGrad.ToArray(), NaiveLayers.MaxPoolBackward(dy, argmax, x.Length), 1e-6, "gradient routed to each window's maximum (overlaps add)");
        }
    }
}
