using System.IO;
using System.Linq;
using NUnit.Framework;
using Sightline.Cuda.Kernels;

namespace Sightline.Tests.Cuda
{
    /// <summary>The generated KernelSources.g.cs matches Native~/kernels (run DotNet~/scripts/embed-kernels.sh when not).</summary>
    public class KernelSourcesTests
    {
        static string RepositoryRoot()
        {
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir != null && !(File.Exists(Path.Combine(dir.FullName, "package.json")) && Directory.Exists(Path.Combine(dir.FullName, "Native~"))))
                dir = dir.Parent;
            Assert.That(dir, Is.Not.Null, "repository root (package.json + Native~) not found above " + TestContext.CurrentContext.TestDirectory);
            return dir!.FullName;
        }

        [Test]
        public void EmbeddedSourcesMatchTheKernelFiles()
        {
            string folder = Path.Combine(RepositoryRoot(), "Native~", "kernels");
            var files = Directory.GetFiles(folder, "*.cu").OrderBy(f => f, System.StringComparer.Ordinal).ToArray();
            Assert.That(KernelSources.All.Keys.OrderBy(k => k, System.StringComparer.Ordinal), Is.EqualTo(files.Select(Path.GetFileName)),
                "kernel files and embedded sources differ: run bash DotNet~/scripts/embed-kernels.sh");
            foreach (var file in files)
                Assert.That(KernelSources.All[Path.GetFileName(file)], Is.EqualTo(File.ReadAllText(file).Replace("\r", "")),
                    Path.GetFileName(file) + " changed since embedding: run bash DotNet~/scripts/embed-kernels.sh");
        }
    }
}
