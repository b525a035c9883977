using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace Sightline.Tests.Cuda
{
    /// <summary>
    /// Native~/emulator/run.sh: every engine kernel of Native~/kernels run on the CPU (blocks in sequence, a block's
    /// threads as OS threads, __syncthreads as a barrier) against double-precision references, and the fused
    /// LRN+pool kernels against the separate ones bit for bit. The kernels' logic is tested on every machine with g++,
    /// GPU or not.
    /// </summary>
    public class KernelEmulatorTests
    {
        static bool OnPath(string tool)
        {
            var path = Environment.GetEnvironmentVariable("PATH") ?? "";
            return path.Split(Path.PathSeparator).Any(d => d.Length > 0 && File.Exists(Path.Combine(d, tool)));
        }

        [Test]
        [Timeout(900_000)]
        public void EveryKernelMatchesItsReferenceOnTheEmulator()
        {
            if (!OnPath("bash") || !OnPath("g++"))
            {
                const string why = "the kernel emulator needs bash and g++ >= 11 on PATH";
                if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(why + " (CI=true: CI must run it)");
                Assert.Ignore(why);
            }
            var start = new ProcessStartInfo("bash", Path.Combine(RepositoryFolder.Root(), "Native~", "emulator", "run.sh"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            string errors = stderr.Result;
            var lines = output.Split('\n');
            var failed = lines.Where(l => l.StartsWith("FAIL", StringComparison.Ordinal)).ToList();
            Assert.That(failed, Is.Empty, "kernels that disagree with their reference:\n" + string.Join("\n", failed));
            Assert.That(process.ExitCode, Is.EqualTo(0), "run.sh exit code; stderr:\n" + errors + "\nstdout tail:\n" + string.Join("\n", lines.TakeLast(20)));
            Assert.That(output, Does.Contain("\n0 failures"));
            // Every kernel family ran (a run that compiled nothing or skipped a test must not pass).
            foreach (var family in new[] { "lrn fwd", "lrn bwd", "pool fwd", "pool bwd", "fused lrn+pool fwd", "fused pool+lrn bwd", "fused argmax",
                         "transpose", "bf16 convert", "bf16 pipeline", "bf16 lrn+pool nhwc", "bf16 relu+pool nhwc", "bf16 bias+relu nhwc", "bias relu", "bias grad", "relu backward", "bias tanh", "tanh backward", "softmax", "sgd", "copy2d", "augment", "fc bias relu dropout" })
                Assert.That(lines.Count(l => l.StartsWith("ok", StringComparison.Ordinal) && l.Contains(family)), Is.GreaterThan(0), family + " was not checked");
        }
    }
}
