using System.Collections.Generic;
using Sightline.Cuda.Diagnostics.Reference;
using Sightline.Cuda.Dnn;
using Sightline.Cuda.Driver;

namespace Sightline.Cuda.Diagnostics.Checks
{
    static class CudnnLrnCheck
    {
        public static IEnumerable<CheckResult> Run(GpuCheckEnvironment env)
        {
            // Documentation~/network.md: k = 2, n = 5, alpha = 1e-4, beta = 0.75. Inputs scaled up so alpha·Σa² is not negligible.
            const int n = 2, c = 12, h = 7, w = 9, size = 5;
            const double alpha = 1e-4, beta = 0.75, k = 2;
            var x = NaiveLayers.Random(n * c * h * w, 41);
            for (int i = 0; i < x.Length; i++) x[i] *= 40f;
            var dy = NaiveLayers.Random(x.Length, 42);
            using var dx = env.Upload(x);
            using var ddy = env.Upload(dy);
            using var y = new DeviceBuffer<float>(env.Context, x.Length);
            using var dxGrad = new DeviceBuffer<float>(env.Context, x.Length);
            using var desc = new TensorDescriptor(n, c, h, w);
            using var lrn = new LrnDescriptor(size, alpha, beta, k);
            using var dnn = new CudnnHandle(env.Context, env.Stream);

            dnn.LrnForward(lrn, 1f, desc, dx.Address, 0f, desc, y.Address);
            env.Stream.Synchronize();
            var yHost = y.ToArray();
            var expected = NaiveLayers.LrnForward(x, n, c, h, w, size, alpha, beta, k);
            yield return CheckResult.Compare("cudnn-lrn/forward", yHost, expected, 1e-4, $"{n}x{c}x{h}x{w}, n={size}, alpha={alpha}, beta={beta}, k={k} (paper's alpha)");

            dnn.LrnBackward(lrn, 1f, desc, y.Address, desc, ddy.Address, desc, dx.Address, 0f, desc, dxGrad.Address);
            env.Stream.Synchronize();
            yield return CheckResult.Compare("cudnn-lrn/backward", dxGrad.ToArray(), NaiveLayers.LrnBackward(x, dy, n, c, h, w, size, alpha, beta, k), 1e-4, "analytic gradient of the paper's formula");
        }
    }
}
