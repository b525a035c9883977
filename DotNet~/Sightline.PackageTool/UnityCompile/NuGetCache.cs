using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Sightline.PackageTool.UnityCompile
{
    /// <summary>
    /// Finds things in the local NuGet package folder: the netstandard2.1 reference assemblies Unity's scripts compile
    /// against (NETStandard.Library.Ref, which the package tool's own restore downloads), NUnit, and the netstandard2.1
    /// compile assets a restored project.assets.json lists.
    /// </summary>
    public static class NuGetCache
    {
        public static string PackagesFolder =>
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") is string env && env.Length > 0
                ? env
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        /// <summary>The folder of netstandard.dll and its facades (mscorlib, System.*), as Unity's .NET Standard 2.1 profile.</summary>
        public static string NetStandard21Folder()
        {
            var candidates = new List<string> { Path.Combine(PackagesFolder, "netstandard.library.ref", "2.1.0", "ref", "netstandard2.1") };
            string? dotnetRoot = Environment.GetEnvironmentVariable("DOTNET_ROOT");
            if (string.IsNullOrEmpty(dotnetRoot)) dotnetRoot = Path.GetDirectoryName(Environment.ProcessPath ?? "");
            if (!string.IsNullOrEmpty(dotnetRoot)) candidates.Add(Path.Combine(dotnetRoot!, "packs", "NETStandard.Library.Ref", "2.1.0", "ref", "netstandard2.1"));
            foreach (var c in candidates)
                if (File.Exists(Path.Combine(c, "netstandard.dll"))) return c;
            throw new UnityCompileException("netstandard2.1 reference assemblies not found (looked in " + string.Join(", ", candidates) +
                "); restore DotNet~/Sightline.PackageTool, which downloads NETStandard.Library.Ref 2.1.0");
        }

        /// <summary>nunit.framework.dll of the newest NUnit 3.x in the cache (Unity's Test Framework ships a 3.5 fork), or null.</summary>
        public static string? NUnit3()
        {
            string folder = Path.Combine(PackagesFolder, "nunit");
            if (!Directory.Exists(folder)) return null;
            return Directory.GetDirectories(folder)
                .Select(d => (dir: d, version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(x => x.version != null && x.version.Major == 3)
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "lib", "netstandard2.0", "nunit.framework.dll"))
                .FirstOrDefault(File.Exists);
        }

        /// <summary>
        /// The netstandard2.1 compile DLLs of every package a project.assets.json lists (the restore of a DotNet~ project
        /// that compiles a package folder), keyed by file name; "id version" is the origin.
        /// </summary>
        public static IReadOnlyList<PrecompiledAssembly> CompileAssets(IEnumerable<string> assetsFiles)
        {
            var found = new Dictionary<string, PrecompiledAssembly>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in assetsFiles)
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file));
                var root = doc.RootElement;
                string packages = root.GetProperty("packageFolders").EnumerateObject().Select(p => p.Name).FirstOrDefault() ?? PackagesFolder;
                var target = root.GetProperty("targets").EnumerateObject()
                    .FirstOrDefault(t => t.Name == "netstandard2.1" || t.Name.StartsWith(".NETStandard,Version=v2.1", StringComparison.Ordinal));
                if (target.Value.ValueKind != JsonValueKind.Object) continue;
                var libraries = root.GetProperty("libraries");
                foreach (var lib in target.Value.EnumerateObject())
                {
                    if (!lib.Value.TryGetProperty("type", out var type) || type.GetString() != "package") continue;
                    if (!lib.Value.TryGetProperty("compile", out var compile)) continue;
                    string libPath = libraries.TryGetProperty(lib.Name, out var l) && l.TryGetProperty("path", out var p) ? p.GetString() ?? "" : lib.Name.ToLowerInvariant();
                    foreach (var asset in compile.EnumerateObject())
                    {
                        if (asset.Name.EndsWith("/_._", StringComparison.Ordinal) || !asset.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) continue;
                        string dll = Path.Combine(packages, libPath, asset.Name);
                        if (!File.Exists(dll)) throw new UnityCompileException($"{file} lists {dll}, which is not in the NuGet cache; run dotnet restore");
                        found[Path.GetFileName(dll)] = new PrecompiledAssembly(dll, "NuGet " + lib.Name.Replace('/', ' '), autoReferenced: true);
                    }
                }
            }
            return found.Values.OrderBy(p => p.FileName, StringComparer.Ordinal).ToList();
        }
    }
}
