using System.Collections.Generic;
using Sightline.Cuda.Diagnostics.Reference;
using Sightline.Cuda.Dnn;
using Sightline.Cuda.Driver;

namespace Sightline.Cuda.Diagnostics.Checks
{
    static class CudnnSoftmaxReluCheck
    {
        public static IEnumerable<CheckResult> Run(GpuCheckEnvironment env)
        {
            const int rows = 8, cols = 1000;
            var x = NaiveLayers.Random(rows * cols, 61);
            for (int i = 0; i < x.Length; i++) x[i] *= 8f;
            var dy = NaiveLayers.Random(x.Length, 62);
            using var dx = env.Upload(x);
            using var ddy = env.Upload(dy);
            using var y = new DeviceBuffer<float>(env.Context, x.Length);
            using var grad = new DeviceBuffer<float>(env.Context, x.Length);
            using var desc = new TensorDescriptor(rows, cols, 1, 1);
            using var dnn = new CudnnHandle(env.Context, env.Stream);

            dnn.SoftmaxForward(DnnSoftmaxAlgorithm.Accurate, DnnSoftmaxMode.Instance, 1f, desc, dx.Address, 0f, desc, y.Address);
            env.Stream.Synchronize();
            var p = NaiveLayers.Softmax(x, rows, cols);
            yield return CheckResult.Compare("cudnn-softmax-relu/softmax-forward", y.ToArray(), p, 1e-5, $"{rows} rows of {cols} classes");

            // softmax backward: dx = p ⊙ (dy − Σ dy·p)
            dnn.SoftmaxBackward(DnnSoftmaxAlgorithm.Accurate, DnnSoftmaxMode.Instance, 1f, desc, y.Address, desc, ddy.Address, 0f, desc, grad.Address);
            env.Stream.Synchronize();
            var expected = new float[x.Length];
            for (int r = 0; r < rows; r++)
            {
                double dot = 0;
                for (int j = 0; j < cols; j++) dot += (double)dy[r * cols + j] * p[r * cols + j];
                for (int j = 0; j < cols; j++) expected[r * cols + j] = (float)(p[r * cols + j] * (dy[r * cols + j] - dot));
            }
            yield return CheckResult.Compare("cudnn-softmax-relu/softmax-backward", grad.ToArray(), expected, 1e-5, "p * (dy - sum(dy * p))");

            using var relu = new ActivationDescriptor(DnnActivationMode.Relu);
            dnn.ActivationForward(relu, 1f, desc, dx.Address, 0f, desc, y.Address);
            dnn.ActivationBackward(relu, 1f, desc, y.Address, desc, ddy.Address, desc, dx.Address, 0f, desc, grad.Address);
            env.Stream.Synchronize();
            var reluExpected = new float[x.Length];
            var reluGrad = new float[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                reluExpected[i] = x[i] > 0 ? x[i] : 0;
                reluGrad[i] = x[i] > 0 ? dy[i] : 0;
            }
            yield return CheckResult.Compare("cudnn-softmax-relu/relu-forward", y.ToArray(), reluExpected, 0, "max(x, 0)");
            yield return CheckResult.Compare("cudnn-softmax-relu/relu-backward", grad.ToArray(), reluGrad, 0, "dy where x > 0");
        }
    }
}
