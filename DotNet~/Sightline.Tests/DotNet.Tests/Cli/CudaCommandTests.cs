using System;
using System.IO;
using System.Text.Json;
using NUnit.Framework;
using Sightline.Cuda.Loading;

namespace Sightline.Tests.Cli
{
    /// <summary>doctor and check report cleanly on any machine: reasons when CUDA is absent, exit codes for scripts.</summary>
    public class CudaCommandTests
    {
        static (int code, string output, string error) Run(params string[] args) => ConsoleCapture.Sightline(args);

        [Test]
        public void DoctorJsonListsEveryLibraryWithPathOrReason()
        {
            var (code, output, _) = Run("doctor", "--json");
            Assert.That(code, Is.EqualTo(0));
            using var doc = JsonDocument.Parse(output);
            var libraries = doc.RootElement.GetProperty("libraries");
            Assert.That(libraries.GetArrayLength(), Is.EqualTo(Enum.GetValues(typeof(CudaLibrary)).Length));
            foreach (var library in libraries.EnumerateArray())
            {
                bool found = library.GetProperty("found").GetBoolean();
                if (found) Assert.That(library.GetProperty("path").GetString(), Is.Not.Empty);
                else
                {
                    Assert.That(library.GetProperty("problem").GetString(), Does.Contain("not found"));
                    Assert.That(library.GetProperty("attempts").GetArrayLength(), Is.GreaterThan(0));
                }
            }
            bool available = CudaLibraries.IsAvailable(out _);
            Assert.That(doc.RootElement.GetProperty("devices").GetArrayLength() > 0, Is.EqualTo(available));
            if (!available) Assert.That(doc.RootElement.GetProperty("deviceProblem").GetString(), Is.Not.Empty);
        }

        [Test]
        public void CheckGpuWithoutCudaSaysWhyAndIsNotRun()
        {
            if (CudaLibraries.IsAvailable(out string reason)) Assert.Ignore("CUDA is available here");
            string folder = Path.Combine(Path.GetTempPath(), "sightline-gpucheck-" + Guid.NewGuid().ToString("N"));
            try
            {
                var (code, output, error) = Run("check", "gpu", "--out", folder);
                Assert.That(code, Is.EqualTo(Sightline.Cli.CliRunner.NotRun));
                Assert.That(output, Does.Contain("SKIP cuda"));
                Assert.That(error.Trim(), Is.EqualTo("sightline: " + reason));
                Assert.That(File.ReadAllText(Path.Combine(folder, "gpu-check.txt")), Does.Contain("0 passed, 0 failed, 1 not run; result: NOT RUN"));
                using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "gpu-check.json")));
                Assert.That(doc.RootElement.GetProperty("passed").ValueKind, Is.EqualTo(JsonValueKind.Null), "not run is never passed");
                Assert.That(doc.RootElement.GetProperty("reason").GetString(), Does.Contain(reason));
                Assert.That(doc.RootElement.GetProperty("counts").GetProperty("notRun").GetInt32(), Is.EqualTo(1));
            }
            finally
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, true);
            }
        }

        [Test]
        public void UnknownCheckAndBadNvrtcPathAreUserErrors()
        {
            var (code, _, error) = Run("check", "gpu", "--only", "memory,bogus");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("unknown GPU check 'bogus'").And.Contain("cudnn-conv"));
            (code, _, error) = Run("check", "kernels", "--nvrtc", "/nonexistent/libnvrtc.so.13");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("/nonexistent/libnvrtc.so.13"));
        }

        [Test]
        public void CheckKernelsCompilesEveryEmbeddedKernel()
        {
            string? nvrtc = Environment.GetEnvironmentVariable("SIGHTLINE_NVRTC");
            if (string.IsNullOrEmpty(nvrtc) && !CudaLibraries.Find(CudaLibrary.Nvrtc).IsLoaded)
                Assert.Ignore("no NVRTC here: set SIGHTLINE_NVRTC (see .ci/fetch-nvrtc.sh)");
            var (code, output, _) = string.IsNullOrEmpty(nvrtc) ? Run("check", "kernels", "--json") : Run("check", "kernels", "--nvrtc", nvrtc!, "--json");
            Assert.That(code, Is.EqualTo(0), output);
            using var doc = JsonDocument.Parse(output);
            Assert.That(doc.RootElement.GetProperty("failed").GetInt32(), Is.EqualTo(0));
            Assert.That(doc.RootElement.GetProperty("passed").GetInt32(), Is.EqualTo(2 * Sightline.Cuda.Kernels.KernelSources.All.Count));
        }

        [Test]
        public void AFailedGraphCaptureIsLoggedOnceAndShownByDoctor()
        {
            string folder = Path.Combine(Path.GetTempPath(), "sightline-graphs-" + Guid.NewGuid().ToString("N"));
            string? saved = Environment.GetEnvironmentVariable(Sightline.Cuda.Nvrtc.KernelCache.FolderVariable);
            Environment.SetEnvironmentVariable(Sightline.Cuda.Nvrtc.KernelCache.FolderVariable, folder);
            try
            {
                Assert.That(Sightline.Cuda.Diagnostics.GraphCaptureRecord.Report("on"), Is.Null);
                Assert.That(Sightline.Cuda.Diagnostics.GraphCaptureRecord.Last(), Is.Null);
                string status = "off: capture failed: cuStreamEndCapture: CUDA_ERROR_STREAM_CAPTURE_INVALIDATED " + Guid.NewGuid().ToString("N");
                string? line = Sightline.Cuda.Diagnostics.GraphCaptureRecord.Report(status);
                Assert.That(line, Does.Contain(status).And.Contain("doctor"));
                Assert.That(Sightline.Cuda.Diagnostics.GraphCaptureRecord.Report(status), Is.Null, "logged once per process");
                var (code, output, _) = Run("doctor", "--json");
                Assert.That(code, Is.EqualTo(0));
                using var doc = JsonDocument.Parse(output);
                Assert.That(doc.RootElement.GetProperty("graphCaptureFailure").GetString(), Does.Contain(status));
                (_, output, _) = Run("doctor");
                Assert.That(output, Does.Contain("CUDA graphs: the last capture failed").And.Contain(status));
            }
            finally
            {
                Environment.SetEnvironmentVariable(Sightline.Cuda.Nvrtc.KernelCache.FolderVariable, saved);
                if (Directory.Exists(folder)) Directory.Delete(folder, true);
            }
        }
    }
}
