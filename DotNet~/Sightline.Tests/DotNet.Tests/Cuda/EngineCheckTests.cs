using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using Sightline.Cli.Gpu;
using Sightline.Cuda.Loading;

namespace Sightline.Tests.Cuda
{
    /// <summary>
    /// The CUDA engine against the CPU engine, as NUnit tests: each case is one entry of `sightline check engine`'s
    /// catalogue (EngineCheck.Catalog), so the command and the tests are one code. The mini-network entries run here
    /// (the paper-sized and PyTorch ones are the command's, on the GPU machine). Ignored with the loader's reason
    /// where CUDA is absent.
    /// </summary>
    [Category("Gpu")]
    public class EngineCheckTests
    {
        static IEnumerable<string> MiniChecks() =>
            EngineCheck.Catalog(new EngineCheckOptions()).Where(c => !c.Paper && !c.Torch).Select(c => c.Id);

        [TestCaseSource(nameof(MiniChecks))]
        public void EngineCheckPasses(string id)
        {
            if (!CudaLibraries.IsAvailable(out string reason)) Assert.Ignore(reason);
            var lines = new List<string>();
            var report = EngineCheck.Run(new EngineCheckOptions { Paper = false, Torch = false }, lines.Add, new[] { id });
            string log = string.Join("\n", lines);
            Assert.That(report.Results.Select(r => r.Status), Is.EqualTo(new[] { "pass" }), log);
            TestContext.WriteLine(log);
        }

        [Test]
        public void TheCatalogueHasUniqueIdsAndMiniCasesForTheTests()
        {
            var catalog = EngineCheck.Catalog(new EngineCheckOptions());
            Assert.That(catalog.Select(c => c.Id), Is.Unique);
            Assert.That(MiniChecks(), Does.Contain("mini-one").And.Contain("mini-split"), "the training step in one and two towers, which CudaEngineTests used to repeat");
        }
    }
}
