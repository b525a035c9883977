using System;
using NUnit.Framework;
using Sightline.Engines;

namespace Sightline.Tests.Core.Engines
{
    public class EngineFallbackTests
    {
        [Test]
        public void AbsenceIsShortAndAFaultIsWhole()
        {
            var missing = new InvalidOperationException("libcuda.so.1 not found; tried /usr/lib/libcuda.so.1");
            Assert.That(EngineFallback.Describe("CUDA", missing, absent: true), Is.EqualTo("CUDA is not available (libcuda.so.1 not found)"));
            var fault = new InvalidOperationException("cuDNN error CUDNN_STATUS_EXECUTION_FAILED; in conv3 backward");
            Assert.That(EngineFallback.Describe("CUDA", fault, absent: false),
                Is.EqualTo("CUDA failed to start (InvalidOperationException: cuDNN error CUDNN_STATUS_EXECUTION_FAILED; in conv3 backward)"));
        }

        [Test]
        public void TheConsoleGetsAFallbackOnceAndNothingWhenTheFirstEngineRuns()
        {
            Assert.That(EngineFallback.ConsoleLineOnce("cuda: ready (OneDevice(0))"), Is.Null);
            Assert.That(EngineFallback.ConsoleLineOnce("onnxruntime: ready"), Is.Null);
            string attempts = "CUDA: cuDNN error CUDNN_STATUS_BAD_PARAM " + Guid.NewGuid().ToString("N") + "; onnxruntime: ready";
            string? line = EngineFallback.ConsoleLineOnce(attempts);
            Assert.That(line, Is.EqualTo("engine fallback: " + attempts));
            Assert.That(EngineFallback.ConsoleLineOnce(attempts), Is.Null, "the same attempts are logged once per process");
        }
    }
}
