using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Sightline.PackageTool.Metas;

namespace Sightline.Tests.Package
{
    /// <summary>
    /// A throw-away copy of the real package (sources, metas, manifests; no build output or .git) to break on purpose.
    /// One copy serves every test: <see cref="Restore"/> (in TearDown) puts back whatever a test changed, added or
    /// deleted, which is far cheaper than copying the package for each test.
    /// </summary>
    public sealed class PackageCopy
    {
        static PackageCopy? s_shared;

        readonly Dictionary<string, (long length, DateTime written, byte[] content)> _files;
        readonly HashSet<string> _folders;

        PackageCopy(string root)
        {
            Root = root;
            _files = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
                .ToDictionary(f => f, f => (new FileInfo(f).Length, File.GetLastWriteTimeUtc(f), File.ReadAllBytes(f)), StringComparer.Ordinal);
            _folders = new HashSet<string>(Directory.GetDirectories(root, "*", SearchOption.AllDirectories), StringComparer.Ordinal);
        }

        public string Root { get; }

        /// <summary>The repository root (<see cref="RepositoryFolder.Root"/>).</summary>
        public static string RepositoryRoot() => RepositoryFolder.Root();

        /// <summary>
        /// The shared copy, made on first use. Files added since the last `meta` run get a .meta in the copy, so it
        /// starts clean even on a branch whose newest files have none yet.
        /// </summary>
        public static PackageCopy Shared()
        {
            if (s_shared != null) return s_shared;
            string root = Path.Combine(Path.GetTempPath(), "sightline-package-" + Guid.NewGuid().ToString("N"));
            CopyFolder(RepositoryRoot(), root);
            MetaWriter.CreateMissing(root);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { Directory.Delete(root, recursive: true); }
                catch (IOException) { }
            };
            return s_shared = new PackageCopy(root);
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

        /// <summary>Undoes every change since the copy was made.</summary>
        public void Restore()
        {
            foreach (var file in Directory.GetFiles(Root, "*", SearchOption.AllDirectories))
                if (!_files.ContainsKey(file)) File.Delete(file);
            foreach (var dir in Directory.GetDirectories(Root, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
                if (!_folders.Contains(dir)) Directory.Delete(dir, recursive: true);
            foreach (var dir in _folders) Directory.CreateDirectory(dir);
            foreach (var pair in _files)
            {
                var info = new FileInfo(pair.Key);
                if (info.Exists && info.Length == pair.Value.length && info.LastWriteTimeUtc == pair.Value.written) continue;
                File.WriteAllBytes(pair.Key, pair.Value.content);
                File.SetLastWriteTimeUtc(pair.Key, pair.Value.written);
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
    }
}
