using System;
using System.IO;
using NUnit.Framework;

namespace Sightline.Tests
{
    /// <summary>Where the repository (the package root) is, for tests that read its files.</summary>
    public static class RepositoryFolder
    {
        /// <summary>The nearest folder above the test binaries that holds package.json.</summary>
        public static string Root()
        {
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "package.json"))) dir = dir.Parent;
            if (dir == null) throw new InvalidOperationException($"no package.json above {TestContext.CurrentContext.TestDirectory}");
            return dir.FullName;
        }
    }
}
