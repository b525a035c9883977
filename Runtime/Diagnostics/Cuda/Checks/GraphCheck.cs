using System.Collections.Generic;
using Sightline.Cuda.Driver;

namespace Sightline.Cuda.Diagnostics.Checks
{
    static class GraphCheck
    {
        public static IEnumerable<CheckResult> Run(GpuCheckEnvironment env)
        {
            const int n = 4099;
            using var stream = new CudaStream(env.Context);
            using var x = new DeviceBuffer<float>(env.Context, n);
            using var y = new DeviceBuffer<float>(env.Context, n);
            x.Fill(1f);
            y.Fill(1f);
            var axpy = env.Module("utility.cu").Kernel("sl_axpy_f32");
            var args = new KernelArgs();
            args.Add(y.Address);
            args.Add(x.Address);
            args.Add(2f);
            args.Add((long)n);

            stream.BeginCapture();
            for (int i = 0; i < 3; i++) axpy.Launch(stream, Dim3.BlocksFor(n, 128), 128, args);
            using var graph = stream.EndCapture();
            using var exec = graph.Instantiate();
            stream.Synchronize();
            bool untouchedByCapture = y.ToArray()[0] == 1f; // capturing records, it does not run
            exec.Launch(stream);
            exec.Launch(stream);
            stream.Synchronize();
            var expected = new float[n];
            for (int i = 0; i < n; i++) expected[i] = 1f + 2 * 2f * 3; // two replays of three y += 2x
            yield return untouchedByCapture
                ? CheckResult.Compare("graph/replay", y.ToArray(), expected, 0, "3 captured axpy launches, graph launched twice")
                : CheckResult.Fail("graph/replay", "kernels ran during capture");
        }
    }
}
