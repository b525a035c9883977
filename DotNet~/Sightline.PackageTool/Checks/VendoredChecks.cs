using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Sightline.PackageTool.Vendoring;

namespace Sightline.PackageTool.Checks
{
    /// <summary>
    /// The managed DLLs under Plugins/ (written by DotNet~/scripts/vendor-dependencies.sh): one renamed DLL and a licence
    /// per folder, Auto Reference off, the same version as the csproj PackageReference of that package, and every
    /// asmdef's precompiledReferences naming a DLL that is there.
    /// </summary>
    public static class VendoredChecks
    {
        static readonly string[] LicenceNames = { "LICENSE.md", "LICENSE.txt", "LICENSE" };

        public static void Check(string root, List<PackageProblem> problems)
        {
            var references = PackageReferences(root, problems);
            var vendoredFiles = new HashSet<string>(StringComparer.Ordinal);
            string plugins = Path.Combine(root, VendoredDependency.PluginsFolder);
            if (Directory.Exists(plugins))
                foreach (var folder in Directory.GetDirectories(plugins).OrderBy(f => f, StringComparer.Ordinal))
                    CheckFolder(root, folder, references, vendoredFiles, problems);
            CheckAsmdefs(root, vendoredFiles, problems);
        }

        static void CheckFolder(string root, string folder, Dictionary<string, (string version, string csproj)> references, HashSet<string> vendoredFiles, List<PackageProblem> problems)
        {
            string id = Path.GetFileName(folder);
            string rel = Rel(root, folder);
            var dlls = Directory.GetFiles(folder, "*.dll");
            if (dlls.Length != 1)
            {
                problems.Add(new PackageProblem(rel, $"holds {dlls.Length} DLLs; a vendored package folder holds exactly one (run DotNet~/scripts/vendor-dependencies.sh)"));
                if (dlls.Length == 0) return;
            }
            if (!LicenceNames.Any(n => File.Exists(Path.Combine(folder, n))))
                problems.Add(new PackageProblem(rel, $"has no licence file ({string.Join(", ", LicenceNames)}) for {id}"));
            foreach (var dll in dlls)
            {
                string dllRel = Rel(root, dll);
                string name = Path.GetFileNameWithoutExtension(dll);
                vendoredFiles.Add(Path.GetFileName(dll));
                if (!name.StartsWith(VendoredDependency.Prefix, StringComparison.Ordinal))
                    problems.Add(new PackageProblem(dllRel, $"a vendored DLL's name starts with {VendoredDependency.Prefix}, so it cannot clash with another copy of {id} in a Unity project"));
                string meta = dll + ".meta";
                if (File.Exists(meta) && !File.ReadAllText(meta).Contains("  isExplicitlyReferenced: 1\n", StringComparison.Ordinal))
                    problems.Add(new PackageProblem(dllRel + ".meta", "Auto Reference must be off (isExplicitlyReferenced: 1): only Sightline's asmdefs may see a vendored DLL"));
                string assemblyName, version;
                try { (assemblyName, version) = Identity(dll); }
                catch (Exception e) when (e is BadImageFormatException || e is InvalidOperationException || e is IOException)
                {
                    problems.Add(new PackageProblem(dllRel, "not a readable .NET assembly: " + e.Message));
                    continue;
                }
                if (assemblyName != name)
                    problems.Add(new PackageProblem(dllRel, $"the assembly inside is named {assemblyName}; the file and the assembly must have one name (Unity and IL2CPP resolve by assembly name)"));
                if (references.TryGetValue(id, out var reference) && reference.version != version)
                    problems.Add(new PackageProblem(dllRel, $"is {id} {version} but {reference.csproj} references {id} {reference.version}: run DotNet~/scripts/vendor-dependencies.sh after updating its package list"));
            }
        }

        static void CheckAsmdefs(string root, HashSet<string> vendoredFiles, List<PackageProblem> problems)
        {
            foreach (var top in new[] { "Runtime", "Editor", "Tests" })
            {
                string dir = Path.Combine(root, top);
                if (!Directory.Exists(dir)) continue;
                foreach (var asmdef in Directory.EnumerateFiles(dir, "*.asmdef", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
                {
                    string rel = Rel(root, asmdef);
                    JsonDocument doc;
                    try { doc = JsonDocument.Parse(File.ReadAllText(asmdef)); }
                    catch (JsonException) { continue; } // reported by the asmdef check
                    using (doc)
                    {
                        if (!doc.RootElement.TryGetProperty("precompiledReferences", out var list) || list.ValueKind != JsonValueKind.Array) continue;
                        foreach (var item in list.EnumerateArray())
                        {
                            string? dll = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                            if (dll == null) continue;
                            if (dll.StartsWith(VendoredDependency.Prefix, StringComparison.Ordinal) && !vendoredFiles.Contains(dll))
                                problems.Add(new PackageProblem(rel, $"precompiledReferences names {dll}, which is not under {VendoredDependency.PluginsFolder}/"));
                            else if (vendoredFiles.Contains(VendoredDependency.Prefix + dll))
                                problems.Add(new PackageProblem(rel, $"precompiledReferences names {dll}: the package carries it as {VendoredDependency.Prefix + dll} (the plain name would pick up another package's copy)"));
                        }
                    }
                }
            }
        }

        /// <summary>The assembly's name and its package version (AssemblyInformationalVersion up to '+', else the file version).</summary>
        public static (string name, string version) Identity(string dll)
        {
            using var stream = File.OpenRead(dll);
            using var pe = new PEReader(stream);
            var md = pe.GetMetadataReader();
            var assembly = md.GetAssemblyDefinition();
            string? informational = null, file = null;
            foreach (var handle in assembly.GetCustomAttributes())
            {
                var attribute = md.GetCustomAttribute(handle);
                if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
                var ctor = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
                if (ctor.Parent.Kind != HandleKind.TypeReference) continue;
                string type = md.GetString(md.GetTypeReference((TypeReferenceHandle)ctor.Parent).Name);
                if (type != "AssemblyInformationalVersionAttribute" && type != "AssemblyFileVersionAttribute") continue;
                var blob = md.GetBlobReader(attribute.Value);
                blob.ReadUInt16(); // prolog
                string? value = blob.ReadSerializedString();
                if (type == "AssemblyInformationalVersionAttribute") informational = value;
                else file = value;
            }
            string version = informational ?? file ?? assembly.Version.ToString();
            int plus = version.IndexOf('+');
            return (md.GetString(assembly.Name), plus < 0 ? version : version.Substring(0, plus));
        }

        /// <summary>Every PackageReference Include/Version in DotNet~'s csproj files (the first csproj that names a package wins).</summary>
        static Dictionary<string, (string version, string csproj)> PackageReferences(string root, List<PackageProblem> problems)
        {
            var map = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase);
            foreach (var csproj in CsprojMap.ProjectFiles(root))
            {
                XDocument doc;
                try { doc = XDocument.Load(Path.Combine(root, csproj)); }
                catch (XmlException) { continue; } // reported by the csproj map
                foreach (var item in doc.Descendants("PackageReference"))
                {
                    var id = (string?)item.Attribute("Include");
                    var version = (string?)item.Attribute("Version");
                    if (id != null && version != null && !map.ContainsKey(id)) map[id] = (version, csproj);
                }
            }
            return map;
        }

        static string Rel(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
    }
}
