using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Sightline.PackageTool.Assets;
using Sightline.PackageTool.Metas;
using Sightline.PackageTool.Vendoring;

namespace Sightline.PackageTool.Checks
{
    /// <summary>
    /// An unpacked UPM tarball (what `npm pack` makes from package.json's "files"): everything Unity imports has its
    /// .meta, every vendored DLL an asmdef names is inside, and nothing that only builds or tests the .NET side
    /// (DotNet~, Native~, CI scripts, build output) came along.
    /// </summary>
    public static class TarballChecks
    {
        /// <summary>
        /// An upper bound on the unpacked size (about 11.4 MB in 0.1.0: sources, 3.5 MB of vendored DLLs and the Camera
        /// Classifier sample's 6 MB model), to catch data or build output that comes along by accident.
        /// </summary>
        public const long MaxUnpackedBytes = 16L * 1024 * 1024;
        static readonly string[] MustHave = { "package.json", "README.md", "CHANGELOG.md", "LICENSE.md", "Documentation~/index.md", "Documentation~/install.md" };
        static readonly string[] MustNotHave = { "DotNet~", "Native~", ".ci", ".gpu", "runs" };

        public static IReadOnlyList<PackageProblem> Check(string unpacked)
        {
            var problems = new List<PackageProblem>();
            foreach (var path in MustHave)
                if (!File.Exists(Path.Combine(unpacked, path))) problems.Add(new PackageProblem(path, "missing from the tarball: add it to package.json \"files\""));
            foreach (var path in MustNotHave)
                if (Directory.Exists(Path.Combine(unpacked, path))) problems.Add(new PackageProblem(path, "must not be in the tarball: it is not part of the Unity package"));
            foreach (var file in Directory.EnumerateFiles(unpacked, "*", SearchOption.AllDirectories))
            {
                string rel = Path.GetRelativePath(unpacked, file).Replace('\\', '/');
                var parts = rel.Split('/');
                if (parts.Any(p => p == "bin" || p == "obj")) problems.Add(new PackageProblem(rel, "build output in the tarball"));
                if (rel.EndsWith(".csproj", StringComparison.Ordinal) || rel.EndsWith(".slnx", StringComparison.Ordinal) || rel.EndsWith(".sln", StringComparison.Ordinal))
                    problems.Add(new PackageProblem(rel, "a project file in the tarball (Unity would try to use it)"));
            }
            long size = Directory.EnumerateFiles(unpacked, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            if (size > MaxUnpackedBytes) problems.Add(new PackageProblem(".", $"unpacked size {size:N0} bytes is over {MaxUnpackedBytes:N0}: something large came along"));

            MetaChecks.Check(PackageAssets.Scan(unpacked), problems);
            foreach (var asmdef in Directory.EnumerateFiles(unpacked, "*.asmdef", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                string rel = Path.GetRelativePath(unpacked, asmdef).Replace('\\', '/');
                using var doc = JsonDocument.Parse(File.ReadAllText(asmdef));
                if (!doc.RootElement.TryGetProperty("precompiledReferences", out var list)) continue;
                foreach (var item in list.EnumerateArray())
                {
                    string? dll = item.GetString();
                    if (dll == null || !dll.StartsWith(VendoredDependency.Prefix, StringComparison.Ordinal)) continue;
                    if (!Directory.Exists(Path.Combine(unpacked, VendoredDependency.PluginsFolder))
                        || Directory.GetFiles(Path.Combine(unpacked, VendoredDependency.PluginsFolder), dll, SearchOption.AllDirectories).Length == 0)
                        problems.Add(new PackageProblem(rel, $"names {dll}, which is not in the tarball's {VendoredDependency.PluginsFolder}/"));
                }
            }
            return problems;
        }
    }
}
