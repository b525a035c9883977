using System.Collections.Generic;
using Sightline.Cuda.Diagnostics.Reference;
using Sightline.Cuda.Driver;

namespace Sightline.Cuda.Diagnostics.Checks
{
    static class MemoryCheck
    {
        public static IEnumerable<CheckResult> Run(GpuCheckEnvironment env)
        {
            const int n = 1 << 20;
            var data = NaiveLayers.Random(n, 11);

            using var a = new DeviceBuffer<float>(env.Context, n);
            a.CopyFrom(data);
            yield return CheckResult.Compare("memory/sync-round-trip", a.ToArray(), data, 0, $"{n} floats host -> device -> host");

            using var pinnedIn = new PinnedBuffer<float>(env.Context, n);
            using var pinnedOut = new PinnedBuffer<float>(env.Context, n);
            new System.ReadOnlySpan<float>(data).CopyTo(pinnedIn.AsSpan());
            pinnedOut.AsSpan().Fill(0);
            using var b = new DeviceBuffer<float>(env.Context, n);
            using var c = new DeviceBuffer<float>(env.Context, n);
            b.CopyFromAsync(pinnedIn, env.Stream);
            c.CopyFromAsync(b, env.Stream);
            c.CopyToAsync(pinnedOut, env.Stream);
            env.Stream.Synchronize();
            yield return CheckResult.Compare("memory/async-pinned-d2d", pinnedOut.AsSpan().ToArray(), data, 0, "pinned -> device -> device -> pinned on one stream");

            // part copies with offsets
            var half = new float[n / 2];
            c.CopyTo(half, n / 4);
            var expectedHalf = new float[n / 2];
            System.Array.Copy(data, n / 4, expectedHalf, 0, n / 2);
            yield return CheckResult.Compare("memory/offset-copy", half, expectedHalf, 0, "elements [n/4, 3n/4)");

            c.Fill(2.5f, env.Stream);
            env.Stream.Synchronize();
            yield return CheckResult.Compare("memory/memset-d32", c.ToArray(), Filled(n, 2.5f), 0, "cuMemsetD32Async");

            var fill = env.Module("utility.cu").Kernel("sl_fill_f32");
            var args = new KernelArgs();
            args.Add(c.Address);
            args.Add(-3.25f);
            args.Add((long)n);
            fill.Launch(env.Stream, 1024, 256, args); // grid-stride loop: fewer threads than elements
            env.Stream.Synchronize();
            yield return CheckResult.Compare("memory/fill-kernel", c.ToArray(), Filled(n, -3.25f), 0, "sl_fill_f32, grid-stride");

            c.Clear();
            yield return CheckResult.Compare("memory/clear", c.ToArray(), new float[n], 0, "cuMemsetD8");

            foreach (var r in SynchronousHelpersComplete(env)) yield return r;

            var (free, total) = env.Context.MemoryInfo();
            long huge = total * 4; // more than the device has: must come back as our out-of-memory exception
            string? message = null;
            try
            {
                using var tooBig = new DeviceBuffer<byte>(env.Context, huge);
            }
            catch (CudaOutOfMemoryException e)
            {
                message = e.Message;
            }
            yield return message != null && message.Contains("asked for") && message.Contains("free")
                ? CheckResult.Pass("memory/out-of-memory-report", message)
                : CheckResult.Fail("memory/out-of-memory-report", $"allocating {huge} bytes ({free} free) did not throw CudaOutOfMemoryException");
        }

        // The synchronous helpers must be complete when they return, also as seen from a non-blocking stream: the
        // driver's "synchronous" memset and pageable copy run on the legacy stream and may still be in flight.
        // 256 MB makes a racing reader (a kernel launched right after, on our stream) see the old contents.
        static IEnumerable<CheckResult> SynchronousHelpersComplete(GpuCheckEnvironment env)
        {
            const int big = 1 << 26;
            using var buffer = new DeviceBuffer<float>(env.Context, big);
            using var result = new DeviceBuffer<float>(env.Context, big);
            var addOne = env.Module("selftest.cu").Kernel("sl_selftest_add_one");
            var args = new KernelArgs();
            args.Add(result.Address);
            args.Add(buffer.Address);
            args.Add(big);

            buffer.Fill(7f, env.Stream);
            env.Stream.Synchronize();
            buffer.Clear();
            addOne.Launch(env.Stream, Dim3.BlocksFor(big, 256), 256, args);
            env.Stream.Synchronize();
            yield return CheckResult.Compare("memory/clear-completes-before-return", result.ToArray(), Filled(big, 1f), 0,
                "Clear() of 256 MB, then a kernel on a non-blocking stream reads 0 (not the old 7)");

            buffer.CopyFrom(Filled(big, 2f));
            addOne.Launch(env.Stream, Dim3.BlocksFor(big, 256), 256, args);
            env.Stream.Synchronize();
            yield return CheckResult.Compare("memory/copy-completes-before-return", result.ToArray(), Filled(big, 3f), 0,
                "CopyFrom(pageable 256 MB), then a kernel on a non-blocking stream reads the new values");
        }

        static float[] Filled(int n, float value)
        {
            var a = new float[n];
            for (int i = 0; i < n; i++) a[i] = value;
            return a;
        }
    }
}
