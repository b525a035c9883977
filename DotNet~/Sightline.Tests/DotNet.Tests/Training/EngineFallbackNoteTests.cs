using System;
using System.IO;
using System.Text.Json;
using NUnit.Framework;
using Sightline.Cli.Reliability;
using Sightline.Cli.Training;
using Sightline.Cuda;

namespace Sightline.Tests.Training
{
    /// <summary>`--engine auto` says why it fell back: the reason for absence, the whole exception for anything else.</summary>
    public class EngineFallbackNoteTests
    {
        static string NoteWhenCudaThrows(Exception e)
        {
            var saved = EngineFactory.Cuda;
            EngineFactory.Cuda = (spec, batch, cuda) => throw e;
            try
            {
                var (engine, note) = EngineFactory.Create("auto", DrillData.TinySpec(), 2, 1);
                using (engine) Assert.That(engine.Name, Is.EqualTo("cpu"));
                return note!;
            }
            finally
            {
                EngineFactory.Cuda = saved;
            }
        }

        [Test]
        public void AbsenceGivesTheLoadersFirstReason()
        {
            string note = NoteWhenCudaThrows(new CudaUnavailableException("libcuda.so.1 not found; tried /usr/lib/x86_64-linux-gnu/libcuda.so.1: no such file"));
            Assert.That(note, Is.EqualTo("using the CPU: CUDA is not available (libcuda.so.1 not found)"));
        }

        [Test]
        public void AFailureOtherThanAbsenceGivesTheExceptionTypeAndWholeMessage()
        {
            var fault = new CudaException("cudnnConvolutionForward", 3, "CUDNN_STATUS_BAD_PARAM", "conv2 forward; workspace 0 bytes");
            string note = NoteWhenCudaThrows(fault);
            Assert.That(note, Does.StartWith("using the CPU: CUDA failed to start (CudaException: "));
            Assert.That(note, Does.Contain("CUDNN_STATUS_BAD_PARAM").And.Contain("workspace 0 bytes"), "the part after '; ' is kept too");
            Assert.That(note, Does.Not.Contain("not available"));
        }

        [Test]
        public void TrainJsonCarriesTheRealException()
        {
            string root = CliRun.NewFolder("fallback");
            var saved = EngineFactory.Cuda;
            EngineFactory.Cuda = (spec, batch, cuda) => throw new InvalidOperationException("kernel lrn_pool.cu did not compile: error: identifier \"foo\" is undefined");
            try
            {
                string images = CliRun.ImageFolder(Path.Combine(root, "images"), 6, 3);
                var (code, output, error) = CliRun.InProcess("train", "--data", images, "--out", Path.Combine(root, "run"), "--epochs", "1", "--batch", "4",
                    "--threads", "1", "--engine", "auto", "--json");
                Assert.That(code, Is.EqualTo(0), error);
                Assert.That(error, Does.Contain("CUDA failed to start (InvalidOperationException: kernel lrn_pool.cu did not compile"), "on the console (stderr in --json mode)");
                using var doc = JsonDocument.Parse(output);
                Assert.That(doc.RootElement.GetProperty("engineNote").GetString(), Does.Contain("identifier \"foo\" is undefined"));
            }
            finally
            {
                EngineFactory.Cuda = saved;
                if (Directory.Exists(root)) Directory.Delete(root, true);
            }
        }
    }
}
