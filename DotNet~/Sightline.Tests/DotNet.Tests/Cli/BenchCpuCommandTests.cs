using System;
using System.IO;
using System.Text.Json;
using NUnit.Framework;

namespace Sightline.Tests.Cli
{
    public class BenchCpuCommandTests
    {
        static (int code, string output, string error) Run(params string[] args) => ConsoleCapture.Sightline(args);

        [Test]
        public void JsonReportsRatesForTheMiniPresetAndTheGemm()
        {
            var (code, output, error) = Run("bench", "cpu", "--json", "--seconds", "0.01", "--skip-paper", "--gemm-size", "64", "--batch", "4", "--threads", "1", "--layers");
            Assert.That(code, Is.EqualTo(0), error);
            using var doc = JsonDocument.Parse(output);
            var root = doc.RootElement;
            Assert.That(root.GetProperty("threads").GetInt32(), Is.EqualTo(1));
            var gemm = root.GetProperty("gemm");
            Assert.That(gemm.GetProperty("gflops").GetDouble(), Is.GreaterThan(0));
            bool hasBlas = gemm.GetProperty("openblasGflops").ValueKind == JsonValueKind.Number;
            Assert.That(gemm.GetProperty("ratioToOpenblas").ValueKind == JsonValueKind.Number, Is.EqualTo(hasBlas));
            if (!hasBlas) Assert.That(gemm.GetProperty("note").GetString(), Does.Contain("OpenBLAS not found"));
            // The FMA ceiling of the kernel's width: the GEMM cannot beat it (half of it is allowed for: a shared core can
            // be slowed while one of the two is timed), and a loop the compiler dropped would report far more than any
            // core issues (64 flops a cycle at 6 GHz).
            string kernel = gemm.GetProperty("kernel").GetString()!;
            bool fmaKernel = kernel.StartsWith("avx512f", StringComparison.Ordinal) || kernel.StartsWith("avx2-fma", StringComparison.Ordinal);
            if (!fmaKernel)
                Assert.That(gemm.GetProperty("peakGflops").ValueKind, Is.EqualTo(JsonValueKind.Null), "the portable kernels issue no FMA instructions");
            else
            {
                double peak = gemm.GetProperty("peakGflops").GetDouble();
                Assert.That(peak, Is.InRange(0.5 * gemm.GetProperty("gflops").GetDouble(), 64 * 6.0));
                Assert.That(gemm.GetProperty("fractionOfPeak").GetDouble(), Is.EqualTo(gemm.GetProperty("gflops").GetDouble() / peak).Within(0.002));
            }
            var engines = root.GetProperty("engines");
            Assert.That(engines.GetArrayLength(), Is.EqualTo(1));
            var mini = engines[0];
            Assert.That(mini.GetProperty("spec").GetString(), Is.EqualTo("mini"));
            Assert.That(mini.GetProperty("trainImagesPerSecond").GetDouble(), Is.GreaterThan(0));
            Assert.That(mini.GetProperty("inferImagesPerSecond").GetDouble(), Is.GreaterThan(0));
            Assert.That(mini.GetProperty("layers").GetArrayLength(), Is.GreaterThan(8));
            double bound = mini.GetProperty("fractionOfGemmBound").GetDouble();
            Assert.That(bound, Is.EqualTo(mini.GetProperty("trainGflops").GetDouble() / gemm.GetProperty("gflops").GetDouble()).Within(0.01 * bound + 0.002));
            Assert.That(mini.GetProperty("gemmBoundImagesPerSecond").GetDouble() * bound,
                Is.EqualTo(mini.GetProperty("trainImagesPerSecond").GetDouble()).Within(0.02 * mini.GetProperty("trainImagesPerSecond").GetDouble()));
            // The split of a step's time: every part a fraction, together the whole step (other is the remainder).
            double sum = 0;
            foreach (var part in new[] { "gemm", "im2col", "lrn", "pool", "pointwise", "update", "other" })
            {
                double share = mini.GetProperty("timeSplit").GetProperty(part).GetDouble();
                Assert.That(share, Is.InRange(0.0, 1.0), part);
                sum += share;
            }
            Assert.That(sum, Is.InRange(0.95, 1.05), "the parts of a step add up to it");
            Assert.That(mini.GetProperty("timeSplit").GetProperty("gemm").GetDouble(), Is.GreaterThan(0), "a step multiplies");
            Assert.That(mini.GetProperty("timeSplit").GetProperty("im2col").GetDouble(), Is.GreaterThan(0), "a step unfolds images");
        }

        [Test]
        public void BadSecondsIsAUserError()
        {
            var (code, _, error) = Run("bench", "cpu", "--seconds", "-1");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("--seconds"));
        }
    }
}
