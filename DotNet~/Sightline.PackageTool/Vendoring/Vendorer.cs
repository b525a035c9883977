using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Sightline.PackageTool.Metas;

namespace Sightline.PackageTool.Vendoring
{
    /// <summary>
    /// Refreshes Plugins/ from the NuGet cache: each dependency's DLL, retargeted and renamed, with a .meta that keeps
    /// its GUID across refreshes and turns Auto Reference off. Licence files beside the DLLs are committed by hand
    /// (the package check requires one per folder).
    /// </summary>
    public static class Vendorer
    {
        static readonly Regex GuidLine = new Regex("^guid: ([0-9a-f]{32})$", RegexOptions.Multiline | RegexOptions.CultureInvariant);

        public static string NuGetCache() =>
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") is string set && set.Length > 0
                ? set
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        /// <summary>netstandard.dll of .NET Standard 2.1 in the NuGet cache (NETStandard.Library.Ref 2.1.0, restored with any netstandard2.1 project).</summary>
        public static string NetStandardReference(string cache)
        {
            string path = Path.Combine(cache, "netstandard.library.ref", "2.1.0", "ref", "netstandard2.1", "netstandard.dll");
            if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing: run 'dotnet restore DotNet~/Sightline.slnx' first", path);
            return path;
        }

        public static string SourceDll(string cache, VendoredDependency d) =>
            Path.Combine(cache, d.Id.ToLowerInvariant(), d.Version, "lib", d.Framework, d.AssemblyName + ".dll");

        /// <summary>Writes every dependency; returns the problems (missing DLLs, types found nowhere), empty on success.</summary>
        public static IReadOnlyList<string> Run(string root, IReadOnlyList<VendoredDependency> dependencies, string cache, Action<string> log)
        {
            var problems = new List<string>();
            var retargeter = new AssemblyRetargeter(NetStandardReference(cache), dependencies);
            foreach (var d in dependencies)
            {
                string source = SourceDll(cache, d);
                if (!File.Exists(source))
                {
                    problems.Add($"{d}: {source} is missing: restore the solution (or 'dotnet add package {d.Id} --version {d.Version}')");
                    continue;
                }
                string folder = Path.Combine(root, d.Folder);
                string target = Path.Combine(folder, d.VendoredFile);
                var unresolved = retargeter.Rewrite(source, target, d);
                foreach (var type in unresolved) problems.Add($"{d}: {type} is neither in netstandard 2.1 nor in a vendored assembly");
                if (unresolved.Count > 0) continue;
                foreach (var stale in Directory.GetFiles(folder, "*.dll").Where(f => Path.GetFileName(f) != d.VendoredFile))
                {
                    File.Delete(stale);
                    if (File.Exists(stale + ".meta")) File.Delete(stale + ".meta");
                    log($"removed {Path.GetRelativePath(root, stale)}");
                }
                string rel = d.Folder + "/" + d.VendoredFile;
                string meta = target + ".meta";
                string guid = File.Exists(meta) && GuidLine.Match(File.ReadAllText(meta)) is var m && m.Success ? m.Groups[1].Value : MetaWriter.NewGuid();
                File.WriteAllText(meta, MetaTemplates.VendoredPlugin(rel, guid, d.DesktopOnly));
                log($"{rel}: {d} ({new FileInfo(target).Length:N0} bytes)");
            }
            return problems;
        }
    }
}
