using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Sightline.PackageTool.Assets;
using Sightline.PackageTool.Checks;
using Sightline.PackageTool.Metas;

namespace Sightline.PackageTool
{
    /// <summary>Everything CI checks about the package layout; an empty list means the package is sound.</summary>
    public static class PackageChecker
    {
        public static IReadOnlyList<PackageProblem> Check(string root)
        {
            root = Path.GetFullPath(root);
            var problems = new List<PackageProblem>();
            if (!Directory.Exists(root))
            {
                problems.Add(new PackageProblem(root, "package root does not exist"));
                return problems;
            }
            var assets = PackageAssets.Scan(root);
            MetaChecks.Check(assets, problems);
            string? version = ManifestChecks.Check(root, problems);
            VersionChecks.Check(root, version, problems);
            var projects = CsprojMap.Load(root, problems);
            AsmdefChecks.Check(root, Asmdefs(root, assets), projects, problems);
            ForbiddenFiles.Check(root, problems);
            VendoredChecks.Check(root, problems);
            return problems;
        }

        /// <summary>The package's asmdefs, and those in samples (they are imported once a user installs a sample).</summary>
        static IEnumerable<string> Asmdefs(string root, PackageAssets assets)
        {
            var all = assets.Files.Where(f => f.EndsWith(".asmdef", StringComparison.Ordinal)).ToList();
            string samples = Path.Combine(root, "Samples~");
            if (Directory.Exists(samples))
                all.AddRange(Directory.EnumerateFiles(samples, "*.asmdef", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).OrderBy(f => f, StringComparer.Ordinal));
            return all;
        }
    }
}
