using System;
using System.IO;
using System.Text.Json;
using NUnit.Framework;
using Sightline.Cli.Gpu;
using Sightline.Cuda.Loading;

namespace Sightline.Tests.Cli
{
    /// <summary>`check engine` and `bench gpu` on machines without a GPU, and the report helpers they share.</summary>
    public class EngineCommandTests
    {
        static (int code, string output, string error) Run(params string[] args) => ConsoleCapture.Sightline(args);

        static void AssumeNoCuda()
        {
            if (!CudaLibraries.IsAvailable(out _)) return;
            Assert.Ignore("a CUDA driver is present: this test covers machines without one (the GPU run covers the rest)");
        }

        [Test]
        public void CheckEngineWithoutCudaIsNotRunExitsFourAndWritesBothReports()
        {
            AssumeNoCuda();
            CudaLibraries.IsAvailable(out string reason);
            string path = Path.Combine(Path.GetTempPath(), "sightline-engine-check-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                var (code, output, error) = Run("check", "engine", "--quick", "--no-torch", "--report", path);
                Assert.That(code, Is.EqualTo(Sightline.Cli.CliRunner.NotRun), output);
                Assert.That(output, Does.Contain("SKIP engine: CUDA available").And.Contain("not run"));
                Assert.That(error, Does.Contain("did not run"));
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                Assert.That(doc.RootElement.GetProperty("passed").ValueKind, Is.EqualTo(JsonValueKind.Null), "not run is never passed");
                Assert.That(doc.RootElement.GetProperty("reason").GetString(), Does.Contain(reason));
                Assert.That(doc.RootElement.GetProperty("results")[0].GetProperty("status").GetString(), Is.EqualTo("skipped"));
                Assert.That(File.ReadAllText(Path.ChangeExtension(path, ".txt")), Does.StartWith("Sightline CUDA engine check").And.Contain("result: NOT RUN"));
                // --json prints the same verdict.
                (code, output, _) = Run("check", "engine", "--quick", "--no-torch", "--report", path, "--json");
                Assert.That(code, Is.EqualTo(Sightline.Cli.CliRunner.NotRun));
                using var printed = JsonDocument.Parse(output);
                Assert.That(printed.RootElement.GetProperty("passed").ValueKind, Is.EqualTo(JsonValueKind.Null));
            }
            finally
            {
                File.Delete(path);
                File.Delete(Path.ChangeExtension(path, ".txt"));
            }
        }

        [Test]
        public void AReportWithoutMetricsOrWithASkippedCheckIsNotPassed()
        {
            var empty = new CheckReport { Title = "t" };
            Assert.That(empty.Verdict.Passed, Is.Null, "no checks at all");
            Assert.That(empty.Verdict.ExitCode, Is.EqualTo(Sightline.Cli.CliRunner.NotRun));
            Assert.That(empty.Verdict.Reason, Is.EqualTo("nothing was measured"));

            var silent = new CheckReport { Title = "t" };
            silent.Run("measures nothing", _ => { });
            Assert.That(silent.Results[0].Status, Is.EqualTo("skipped"));
            Assert.That(silent.Verdict.Passed, Is.Null);
            Assert.That(silent.Verdict.Reason, Does.Contain(CheckResult.NothingMeasured));
            using (var doc = JsonDocument.Parse(silent.ToJson()))
                Assert.That(doc.RootElement.GetProperty("passed").ValueKind, Is.EqualTo(JsonValueKind.Null));

            // A torch item without torch: the rest passed, the run as a whole is still not run.
            var partial = new CheckReport { Title = "t" };
            partial.Run("mini", r => r.Add("x", 1e-6, 1e-3));
            partial.Run("torch", r => r.SkipReason = "python3 has no torch");
            Assert.That(partial.Verdict.Passed, Is.Null);
            Assert.That(partial.Verdict.Reason, Does.Contain("python3 has no torch"));

            var all = new CheckReport { Title = "t" };
            all.Run("mini", r => r.Add("x", 1e-6, 1e-3));
            Assert.That(all.Verdict.Passed, Is.True);
            Assert.That(all.Verdict.ExitCode, Is.EqualTo(0));
            partial.Run("fails", r => r.Add("y", 1, 1e-3));
            Assert.That(partial.Verdict.Passed, Is.False, "a failure wins over not run");
            Assert.That(partial.Verdict.ExitCode, Is.EqualTo(1));
        }

        [Test]
        public void BenchGpuWithoutCudaReportsTheErrorAndExitsOne()
        {
            AssumeNoCuda();
            var (code, output, _) = Run("bench", "gpu", "--no-torch", "--measures", "infer_fp32", "--json");
            Assert.That(code, Is.EqualTo(1));
            using var doc = JsonDocument.Parse(output);
            var result = doc.RootElement.GetProperty("results")[0];
            Assert.That(result.GetProperty("measure").GetString(), Is.EqualTo("infer_fp32"));
            Assert.That(result.GetProperty("error").GetString(), Does.Contain("libcuda"));
        }

        [Test]
        public void FramesMeasureWithoutCudaReportsTheError()
        {
            AssumeNoCuda();
            var (code, output, _) = Run("bench", "gpu", "--measures", GpuBench.FramesMeasure, "--variants", "none", "--json");
            Assert.That(code, Is.EqualTo(1));
            using var doc = JsonDocument.Parse(output);
            var results = doc.RootElement.GetProperty("results");
            Assert.That(results.GetArrayLength(), Is.EqualTo(1), "one row: the measure asked for");
            Assert.That(results[0].GetProperty("measure").GetString(), Is.EqualTo(GpuBench.FramesMeasure));
            Assert.That(results[0].GetProperty("error").GetString(), Does.Contain("libcuda"));
        }

        [Test]
        public void TheBf16MeasureIsGpuMdsRow()
        {
            var m = GpuBench.Measures[GpuBench.Bf16Measure];
            Assert.That(m.Batch, Is.EqualTo(256));
            Assert.That(m.Train, Is.False);
            Assert.That(m.Goal, Is.EqualTo(77200));
        }

        [Test]
        public void UnknownBenchMeasureIsAUserError()
        {
            var (code, _, error) = Run("bench", "gpu", "--no-torch", "--measures", "train_fp64");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("unknown measure 'train_fp64'"));
        }

        [Test]
        public void UnknownBenchVariantIsAUserErrorListingTheKnownOnes()
        {
            var (code, _, error) = Run("bench", "gpu", "--no-torch", "--measures", "infer_fp32", "--variants", "separate,nchw8");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("unknown variant 'nchw8'").And.Contain("separate").And.Contain("auto").And.Contain("none"));
        }

        [Test]
        public void BenchVariantsChangeTheEngineOptionsTheyName()
        {
            var separate = new Sightline.Cuda.Engine.CudaEngineOptions();
            GpuBench.Variants["separate"].Configure(separate);
            Assert.That(separate.FuseLrnPooling, Is.False);
            Assert.That(separate.ConvolutionLayout, Is.EqualTo(Sightline.Cuda.Engine.ConvolutionLayout.Nchw));
            var auto = new Sightline.Cuda.Engine.CudaEngineOptions();
            GpuBench.Variants["auto"].Configure(auto);
            Assert.That(auto.ConvolutionLayout, Is.EqualTo(Sightline.Cuda.Engine.ConvolutionLayout.Auto));
            Assert.That(auto.FuseLrnPooling, Is.True, "the default engine's fusion stays on in the layout variant");
        }

        [Test]
        public void TheFusionAndLayoutChecksAreInTheCatalog()
        {
            var ids = EngineCheck.Catalog(new EngineCheckOptions()).ConvertAll(c => c.Id);
            Assert.That(ids, Is.SupersetOf(new[] { "mini-unfused", "paper-fusion", "mini-nhwc", "paper-nhwc", "paper-nhwc-split", "paper-auto-tf32", "augment", "mini-bf16", "paper-bf16" }));
            Assert.That(ids, Is.Unique);
        }

        [Test]
        public void UnknownEngineCheckIsAUserError()
        {
            var (code, _, error) = Run("check", "engine", "--only", "paper-nhwc,paper-nchw9");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("unknown engine check 'paper-nchw9'"));
        }

        [Test]
        public void NormalisedErrorIsScaleFreeAndFlagsNaN()
        {
            Assert.That(Compare.NormalizedMaxError(new[] { 101f, 0f }, new[] { 100f, 0f }), Is.EqualTo(0.01).Within(1e-9));
            Assert.That(Compare.NormalizedMaxError(new[] { 1.01e-3f, 0f }, new[] { 1e-3f, 0f }), Is.EqualTo(0.01).Within(1e-5));
            Assert.That(double.IsNaN(Compare.NormalizedMaxError(new[] { float.NaN }, new[] { 1f })), Is.True);
            Assert.That(double.IsNaN(Compare.NormalizedMaxError(new[] { 1f }, new[] { 1f, 2f })), Is.True);
        }

        [Test]
        public void RelativeL2BarelyMovesForOneFlippedValueButFlagsAPermutation()
        {
            var rng = new Random(4);
            var expected = new float[10000];
            for (int i = 0; i < expected.Length; i++) expected[i] = (float)(rng.NextDouble() * 2 - 1);
            // One value moved to where a ReLU or pool near-tie could send it.
            var flipped = (float[])expected.Clone();
            flipped[1234] = 0f;
            Assert.That(Compare.RelativeL2(flipped, expected), Is.LessThan(0.02));
            Assert.That(Compare.NormalizedMaxError(flipped, expected), Is.GreaterThan(0.05), "the max error is dominated by the flip");
            // A layout fault: every value read from the wrong place.
            var permuted = new float[expected.Length];
            for (int i = 0; i < expected.Length; i++) permuted[i] = expected[(i * 7 + 3) % expected.Length];
            Assert.That(Compare.RelativeL2(permuted, expected), Is.GreaterThan(1.0));
            Assert.That(double.IsNaN(Compare.RelativeL2(new[] { float.NaN }, new[] { 1f })), Is.True);
            Assert.That(double.IsNaN(Compare.RelativeL2(new[] { 1f }, new[] { 1f, 2f })), Is.True);
        }

        [Test]
        public void ReportCountsAnExceptionAsAFailureAndKeepsGoing()
        {
            var report = new CheckReport { Title = "t" };
            report.Run("throws", _ => throw new InvalidOperationException("boom at conv3"));
            report.Run("passes", r => r.Add("x", 1e-6, 1e-3));
            report.Run("fails", r => r.Add("y", double.NaN, 1e-3));
            Assert.That(report.Results.ConvertAll(r => r.Status), Is.EqualTo(new[] { "error", "pass", "fail" }));
            Assert.That(report.Failed, Is.True);
            string text = report.ToText();
            Assert.That(text, Does.Contain("FAIL engine: throws").And.Contain("boom at conv3"));
            Assert.That(text, Does.Contain("PASS engine: passes"));
            Assert.That(text, Does.Contain("y = NaN"));
        }
    }
}
