using System.IO;
using System.Linq;
using NUnit.Framework;
using Sightline.Cuda.Kernels;

namespace Sightline.Tests.Cuda
{
    /// <summary>The generated KernelSources.g.cs matches Native~/kernels (run DotNet~/scripts/embed-kernels.sh when not).</summary>
    public class KernelSourcesTests
    {
        [Test]
        public void EmbeddedSourcesMatchTheKernelFiles()
        {
            string folder = Path.Combine(RepositoryFolder.Root(), "Native~", "kernels");
            var files = Directory.GetFiles(folder, "*.cu").OrderBy(f => f, System.StringComparer.Ordinal).ToArray();
            Assert.That(KernelSources.All.Keys.OrderBy(k => k, System.StringComparer.Ordinal), Is.EqualTo(files.Select(Path.GetFileName)),
                "kernel files and embedded sources differ: run bash DotNet~/scripts/embed-kernels.sh");
            foreach (var file in files)
                Assert.That(KernelSources.All[Path.GetFileName(file)], Is.EqualTo(File.ReadAllText(file).Replace("\r", "")),
                    Path.GetFileName(file) + " changed since embedding: run bash DotNet~/scripts/embed-kernels.sh");
        }
    }
}
