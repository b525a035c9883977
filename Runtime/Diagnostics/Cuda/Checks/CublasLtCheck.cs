using System.Collections.Generic;
using Sightline.Cuda.Blas;
using Sightline.Cuda.Diagnostics.Reference;
using Sightline.Cuda.Driver;

namespace Sightline.Cuda.Diagnostics.Checks
{
    static class CublasLtCheck
    {
        public static IEnumerable<CheckResult> Run(GpuCheckEnvironment env)
        {
            // An fc layer in column-major terms: D[out×batch] = Wᵀ... here simply D = A·B + bias (per row), m=out, n=batch.
            const int m = 96, n = 32, k = 200;
            var a = NaiveLayers.Random(m * k, 21);
            var b = NaiveLayers.Random(k * n, 22);
            var bias = NaiveLayers.Random(m, 23);
            using var da = env.Upload(a);
            using var db = env.Upload(b);
            using var dbias = env.Upload(bias);
            using var dd = new DeviceBuffer<float>(env.Context, m * n);
            using var plan = new LtMatmulPlan(env.Context, BlasOperation.None, BlasOperation.None, m, n, k, LtEpilogue.Bias);
            using var workspace = new DeviceBuffer<byte>(env.Context, plan.WorkspaceBytes);
            plan.Execute(env.Stream, 1f, da.Address, db.Address, 0f, dd.Address, dd.Address, dbias.Address, workspace.Address, plan.WorkspaceBytes);
            env.Stream.Synchronize();
            var expected = new float[m * n];
            NaiveGemm.Run(false, false, m, n, k, 1f, a, m, b, k, 0f, expected, m);
            for (int j = 0; j < n; j++)
                for (int i = 0; i < m; i++) expected[i + j * m] += bias[i];
            yield return CheckResult.Compare("cublaslt/matmul-bias", dd.ToArray(), expected, 1e-4, $"{m}x{n}x{k}, bias epilogue, algorithm workspace {plan.RequiredWorkspace} bytes");
        }
    }
}
