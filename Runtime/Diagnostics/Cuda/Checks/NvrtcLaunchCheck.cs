using System.Collections.Generic;
using Sightline.Cuda.Driver;
using Sightline.Cuda.Kernels;

namespace Sightline.Cuda.Diagnostics.Checks
{
    static class NvrtcLaunchCheck
    {
        public static IEnumerable<CheckResult> Run(GpuCheckEnvironment env)
        {
            var compiler = env.Compiler;
            string target = compiler.TargetFor(env.Context.Device.ComputeCapability);
            var compiled = compiler.Compile(KernelSources.Selftest, "selftest.cu", target);
            yield return CheckResult.Pass("nvrtc-launch/compile", $"NVRTC {compiler.Version} -> {compiled}");

            const int n = 100_003; // not a multiple of the block size: the tail block must be bounds-checked
            using var output = new DeviceBuffer<float>(env.Context, n);
            output.Fill(-1f);
            var args = new KernelArgs();
            args.Add(output.Address);
            args.Add(n);
            env.Module("selftest.cu").Kernel("sl_selftest_iota").Launch(env.Stream, Dim3.BlocksFor(n, 256), 256, args);
            env.Stream.Synchronize();
            var actual = output.ToArray();
            var expected = new float[n];
            for (int i = 0; i < n; i++) expected[i] = i * 2 + 1;
            yield return CheckResult.Compare("nvrtc-launch/iota", actual, expected, 0, $"{n} elements, 256 threads per block");
        }
    }
}
