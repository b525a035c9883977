using System;
using System.IO;
using NUnit.Framework;
using Sightline.Cli;
using Sightline.Cli.Reliability;
using Sightline.Cli.Training;
using Sightline.Cuda.Engine;
using Sightline.Engines;

namespace Sightline.Tests.Training
{
    /// <summary>`--math` and `--conv-layout` of train and demo: parsed, passed to the CUDA engine, noted by the CPU engine.</summary>
    public class CudaOptionTests
    {
        [TestCase("strict", CudaMathMode.Strict)]
        [TestCase(" TF32 ", CudaMathMode.Tf32)]
        public void MathIsParsed(string text, CudaMathMode expected) => Assert.That(CudaSettings.ParseMath(text), Is.EqualTo(expected));

        [TestCase("nchw", ConvolutionLayout.Nchw)]
        [TestCase("Auto", ConvolutionLayout.Auto)]
        [TestCase("nhwc", ConvolutionLayout.Nhwc)]
        public void LayoutIsParsed(string text, ConvolutionLayout expected) => Assert.That(CudaSettings.ParseLayout(text), Is.EqualTo(expected));

        [TestCase("--math", "fp16", "--math 'fp16' is not strict or tf32")]
        [TestCase("--conv-layout", "chwn", "--conv-layout 'chwn' is not nchw, auto or nhwc")]
        public void ABadValueIsAOneLineUserErrorBeforeAnyWork(string option, string value, string message)
        {
            string folder = Path.Combine(Path.GetTempPath(), "sightline-cuda-option-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                var (code, _, error) = CliRun.InProcess("train", "--data", folder, "--out", Path.Combine(folder, "run"), option, value);
                Assert.That(code, Is.EqualTo(2));
                Assert.That(error, Does.Contain(message));
                Assert.That(Directory.Exists(Path.Combine(folder, "run")), Is.False, "nothing was started");
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }

        [TestCase("cuda")]
        [TestCase("auto")]
        public void TheCudaFactoryReceivesMathAndLayout(string choice)
        {
            var saved = EngineFactory.Cuda;
            CudaSettings? seen = null;
            EngineFactory.Cuda = (spec, batch, cuda) =>
            {
                seen = cuda;
                throw new UserInputException("stop here (test)");
            };
            try
            {
                Assert.Throws<UserInputException>(() => EngineFactory.Create(choice, DrillData.TinySpec(), 2, 1, null, CudaMathMode.Tf32, ConvolutionLayout.Auto));
                Assert.That(seen, Is.Not.Null);
                Assert.That(seen!.Math, Is.EqualTo(CudaMathMode.Tf32));
                Assert.That(seen.Layout, Is.EqualTo(ConvolutionLayout.Auto));
                Assert.That(seen.Placement, Is.EqualTo(Placement.OneDevice(0)));
                var options = seen.Options(16);
                Assert.That(options.MathMode, Is.EqualTo(CudaMathMode.Tf32));
                Assert.That(options.ConvolutionLayout, Is.EqualTo(ConvolutionLayout.Auto));
                Assert.That(options.MaxBatch, Is.EqualTo(16));
            }
            finally
            {
                EngineFactory.Cuda = saved;
            }
        }

        [Test]
        public void TheCpuEngineNotesThatItIgnoresMathAndLayout()
        {
            var (engine, note) = EngineFactory.Create("cpu", DrillData.TinySpec(), 2, 1, null, CudaMathMode.Tf32, ConvolutionLayout.Nhwc);
            using (engine)
            {
                Assert.That(engine.Name, Is.EqualTo("cpu"));
                Assert.That(note, Does.Contain("--math tf32").And.Contain("--conv-layout nhwc").And.Contain("CUDA engine"));
            }
            var (plain, none) = EngineFactory.Create("cpu", DrillData.TinySpec(), 2, 1, null, CudaMathMode.Strict, ConvolutionLayout.Nchw);
            using (plain) Assert.That(none, Is.Null);
        }
    }
}
