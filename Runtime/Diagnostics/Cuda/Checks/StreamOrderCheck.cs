using System.Collections.Generic;
using System.Globalization;
using Sightline.Cuda.Driver;

namespace Sightline.Cuda.Diagnostics.Checks
{
    static class StreamOrderCheck
    {
        public static IEnumerable<CheckResult> Run(GpuCheckEnvironment env)
        {
            const int n = 1 << 16;
            using var writerStream = new CudaStream(env.Context);
            using var readerStream = new CudaStream(env.Context);
            using var written = new CudaEvent(env.Context, timing: false);
            using var start = new CudaEvent(env.Context);
            using var end = new CudaEvent(env.Context);
            using var buffer = new DeviceBuffer<float>(env.Context, n);
            using var result = new DeviceBuffer<float>(env.Context, n);
            buffer.Fill(0f);
            result.Fill(-1f);
            var module = env.Module("selftest.cu");

            // writer: a slow kernel (milliseconds), then the event; reader: waits for the event, then reads.
            var slow = new KernelArgs();
            slow.Add(buffer.Address);
            slow.Add(42f);
            slow.Add(n);
            slow.Add(200_000);
            start.Record(writerStream);
            module.Kernel("sl_selftest_slow_write").Launch(writerStream, Dim3.BlocksFor(n, 256), 256, slow);
            end.Record(writerStream);
            written.Record(writerStream);
            readerStream.Wait(written);
            var read = new KernelArgs();
            read.Add(result.Address);
            read.Add(buffer.Address);
            read.Add(n);
            module.Kernel("sl_selftest_add_one").Launch(readerStream, Dim3.BlocksFor(n, 256), 256, read);
            readerStream.Synchronize();
            bool readerDoneImpliesWriterDone = end.IsComplete;
            var expected = new float[n];
            for (int i = 0; i < n; i++) expected[i] = 43f;
            yield return CheckResult.Compare("stream-order/event-wait", result.ToArray(), expected, 0, "reader saw every value of the slow writer (42 + 1)");

            writerStream.Synchronize();
            float ms = CudaEvent.ElapsedMilliseconds(start, end);
            yield return readerDoneImpliesWriterDone && ms > 0
                ? CheckResult.Pass("stream-order/event-timing", "slow writer took " + ms.ToString("0.000", CultureInfo.InvariantCulture) + " ms of GPU time")
                : CheckResult.Fail("stream-order/event-timing", $"writer finished before reader: {readerDoneImpliesWriterDone}, elapsed {ms} ms");
        }
    }
}
