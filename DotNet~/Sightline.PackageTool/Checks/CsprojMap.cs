using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace Sightline.PackageTool.Checks
{
    /// <summary>
    /// Which package folder each csproj in DotNet~ compiles (from its `$(RepoRoot)/Folder/**/*.cs` items) and the
    /// assembly it builds, so the asmdef in that folder can be held to the same assembly name.
    /// </summary>
    public sealed class CsprojMap
    {
        public sealed class Entry
        {
            public Entry(string csproj, string assemblyName)
            {
                Csproj = csproj;
                AssemblyName = assemblyName;
            }

            public string Csproj { get; }
            public string AssemblyName { get; }
        }

        readonly Dictionary<string, List<Entry>> _byFolder = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);

        public static string DotNetFolder => "DotNet~";

        public static IEnumerable<string> ProjectFiles(string root)
        {
            string dotnet = Path.Combine(root, DotNetFolder);
            if (!Directory.Exists(dotnet)) yield break;
            foreach (var file in Directory.EnumerateFiles(dotnet, "*.csproj", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                string rel = Path.GetRelativePath(root, file).Replace('\\', '/');
                var parts = rel.Split('/');
                if (parts.Any(p => p == "artifacts" || p == "bin" || p == "obj")) continue;
                yield return rel;
            }
        }

        public static CsprojMap Load(string root, List<PackageProblem> problems)
        {
            var map = new CsprojMap();
            foreach (var rel in ProjectFiles(root))
            {
                XDocument doc;
                try
                {
                    doc = XDocument.Load(Path.Combine(root, rel));
                }
                catch (XmlException e)
                {
                    problems.Add(new PackageProblem(rel, $"invalid XML at line {e.LineNumber}: {e.Message}"));
                    continue;
                }
                string assembly = doc.Descendants("AssemblyName").Select(e => e.Value.Trim()).LastOrDefault()
                    ?? Path.GetFileNameWithoutExtension(rel);
                foreach (var compile in doc.Descendants("Compile"))
                {
                    var include = (string?)compile.Attribute("Include");
                    if (include == null) continue;
                    foreach (var item in include.Split(';'))
                    {
                        string? folder = PackageFolder(item.Trim());
                        if (folder == null) continue;
                        if (!map._byFolder.TryGetValue(folder, out var entries)) map._byFolder.Add(folder, entries = new List<Entry>());
                        entries.Add(new Entry(rel, assembly));
                    }
                }
            }
            return map;
        }

        /// <summary>`$(RepoRoot)/Runtime/Core/**/*.cs` -> `Runtime/Core`; null for items outside the package.</summary>
        static string? PackageFolder(string include)
        {
            const string prefix = "$(RepoRoot)";
            if (!include.StartsWith(prefix, StringComparison.Ordinal)) return null;
            string rest = include.Substring(prefix.Length).Replace('\\', '/').TrimStart('/');
            int wildcard = rest.IndexOf('*');
            if (wildcard < 0) return null;
            return rest.Substring(0, wildcard).TrimEnd('/');
        }

        /// <summary>Every csproj compiling <paramref name="folder"/> (a build variant, such as one without CUDA, may add a second).</summary>
        public IReadOnlyList<Entry> ForFolder(string folder) => _byFolder.TryGetValue(folder, out var entries) ? entries : (IReadOnlyList<Entry>)Array.Empty<Entry>();
    }
}
