using System;
using System.IO;
using NUnit.Framework;
using Sightline.PackageTool.Metas;

namespace Sightline.Tests.Package
{
    /// <summary>A throw-away copy of the real package (sources, metas, manifests; no build output or .git) to break on purpose.</summary>
    public sealed class PackageCopy : IDisposable
    {
        PackageCopy(string root) { Root = root; }

        public string Root { get; }

        /// <summary>The repository root: the nearest folder above the test binaries that holds package.json.</summary>
        public static string RepositoryRoot()
        {
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "package.json"))) dir = dir.Parent;
            if (dir == null) throw new InvalidOperationException($"no package.json above {TestContext.CurrentContext.TestDirectory}");
            return dir.FullName;
        }

        /// <summary>Copies the package and gives any file added since the last `meta` run a .meta, so the copy starts clean.</summary>
        public static PackageCopy Create()
        {
            string root = Path.Combine(Path.GetTempPath(), "sightline-package-" + Guid.NewGuid().ToString("N"));
            CopyFolder(RepositoryRoot(), root);
            MetaWriter.CreateMissing(root);
            return new PackageCopy(root);
        }

        static void CopyFolder(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            foreach (var dir in Directory.GetDirectories(from))
            {
                string name = Path.GetFileName(dir);
                if (name == ".git" || name == "artifacts" || name == "bin" || name == "obj" || name == "runs" || name == ".gpu" || name == "Native~") continue;
                CopyFolder(dir, Path.Combine(to, name));
            }
        }

        public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

        public void Write(string relative, string text)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
            File.WriteAllText(PathOf(relative), text);
        }

        public string Read(string relative) => File.ReadAllText(PathOf(relative));

        public void Replace(string relative, string from, string to)
        {
            string text = Read(relative);
            Assume.That(text, Does.Contain(from), $"{relative} no longer contains '{from}'; update the test");
            File.WriteAllText(PathOf(relative), text.Replace(from, to));
        }

        public void Dispose()
        {
            try { Directory.Delete(Root, recursive: true); }
            catch (IOException) { }
        }
    }
}
