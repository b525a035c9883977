using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using Sightline.Cuda.Diagnostics;
using Sightline.Cuda.Loading;

namespace Sightline.Tests.Cuda
{
    /// <summary>
    /// The binding's GPU checks (the same code as `sightline check gpu`), one test per check. Ignored with the
    /// loader's reason on machines without CUDA.
    /// </summary>
    [Category("Gpu")]
    public class GpuCheckTests
    {
        static IEnumerable<string> Checks() => GpuChecks.Names;

        [TestCaseSource(nameof(Checks))]
        public void GpuCheckPasses(string check)
        {
            if (!CudaLibraries.IsAvailable(out string reason)) Assert.Ignore(reason);
            var results = GpuChecks.Run(0, new[] { check });
            string report = string.Join("\n", results.Select(r => r.ToLine()));
            Assert.That(results, Is.Not.Empty);
            Assert.That(results.Where(r => r.Outcome == CheckOutcome.Failed).Select(r => r.ToLine()), Is.Empty, report);
            TestContext.WriteLine(report);
        }
    }
}
