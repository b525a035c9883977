using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sightline.PackageTool.Assets;

namespace Sightline.PackageTool.UnityCompile
{
    /// <summary>
    /// The scripts and plugins of one UPM package as Unity sees them once installed: each .cs file belongs to the asmdef
    /// (or .asmref) in its folder or the nearest folder above; files outside every asmdef are not compiled at all (Unity
    /// warns "will not be compiled because it exists outside the Assets folder and does not belong to any assembly
    /// definition file"), which this reports as a problem. Folders ending in '~' and names starting with '.' are
    /// not imported. Samples (package.json "samples") are listed separately: Unity copies one into Assets/Samples,
    /// where scripts outside asmdefs compile into Assembly-CSharp, or Assembly-CSharp-Editor inside Editor folders.
    /// </summary>
    public sealed class PackageLayout
    {
        PackageLayout(string root, string name, string version)
        {
            Root = root;
            Name = name;
            Version = version;
        }

        public string Root { get; }
        public string Name { get; }
        public string Version { get; }
        public List<ScriptAssembly> Assemblies { get; } = new List<ScriptAssembly>();
        public List<PrecompiledAssembly> Plugins { get; } = new List<PrecompiledAssembly>();
        public List<SampleLayout> Samples { get; } = new List<SampleLayout>();
        /// <summary>Scripts Unity would not compile, and other layout problems, each naming the file.</summary>
        public List<string> Problems { get; } = new List<string>();

        public static PackageLayout Load(string root, string label)
        {
            root = Path.GetFullPath(root);
            string manifestPath = Path.Combine(root, "package.json");
            if (!File.Exists(manifestPath)) throw new UnityCompileException($"{label}: {root} has no package.json, so it is not a UPM package root");
            string name, version;
            JsonElement samples = default;
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(manifestPath));
                name = doc.RootElement.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
                version = doc.RootElement.TryGetProperty("version", out var v) ? v.GetString() ?? "" : "";
                if (doc.RootElement.TryGetProperty("samples", out var s)) samples = s.Clone();
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException)
            {
                throw new UnityCompileException($"{label}: {manifestPath} is not valid package.json: {e.Message}");
            }
            if (name.Length == 0 || version.Length == 0) throw new UnityCompileException($"{label}: {manifestPath} needs 'name' and 'version'");

            var layout = new PackageLayout(root, name, version);
            var assets = PackageAssets.Scan(root);
            layout.Collect(root, assets.Files, label, predefinedAllowed: false, layout.Assemblies, layout.Plugins, layout.Problems);

            if (samples.ValueKind == JsonValueKind.Array)
                foreach (var sample in samples.EnumerateArray())
                {
                    string? path = sample.ValueKind == JsonValueKind.Object && sample.TryGetProperty("path", out var p) ? p.GetString() : null;
                    if (string.IsNullOrEmpty(path)) continue;
                    string full = Path.GetFullPath(Path.Combine(root, path));
                    if (!Directory.Exists(full))
                    {
                        layout.Problems.Add($"{label}/package.json: sample path '{path}' does not exist");
                        continue;
                    }
                    var sampleLayout = new SampleLayout(path!);
                    var files = ImportableFiles(full).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).ToList();
                    layout.Collect(root, files, label, predefinedAllowed: true, sampleLayout.Assemblies, sampleLayout.Plugins, layout.Problems, path);
                    layout.Samples.Add(sampleLayout);
                }
            return layout;
        }

        /// <summary>Files Unity imports under a folder: no names starting with '.', no folders ending in '~'.</summary>
        static IEnumerable<string> ImportableFiles(string folder)
        {
            foreach (var file in Directory.GetFiles(folder).OrderBy(f => f, StringComparer.Ordinal))
                if (!Path.GetFileName(file).StartsWith(".", StringComparison.Ordinal)) yield return file;
            foreach (var dir in Directory.GetDirectories(folder).OrderBy(d => d, StringComparer.Ordinal))
                if (!PackageAssets.IsHidden(Path.GetFileName(dir)))
                    foreach (var file in ImportableFiles(dir)) yield return file;
        }

        static readonly Regex GuidLine = new Regex(@"^guid:\s*([0-9a-fA-F]{32})\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);

        void Collect(string root, IReadOnlyList<string> files, string label, bool predefinedAllowed,
            List<ScriptAssembly> assemblies, List<PrecompiledAssembly> plugins, List<string> problems, string? sampleFolder = null)
        {
            string Display(string rel) => label == "." ? rel : $"{label}/{rel}";
            var byFolder = new Dictionary<string, ScriptAssembly>(StringComparer.Ordinal);
            var asmrefFolders = new Dictionary<string, string>(StringComparer.Ordinal);
            var guids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var rel in files.Where(f => f.EndsWith(".asmdef", StringComparison.Ordinal)))
            {
                var def = AssemblyDefinition.Load(Path.Combine(root, rel), Display(rel));
                string folder = Folder(rel);
                if (byFolder.ContainsKey(folder)) throw new UnityCompileException($"{Display(rel)}: a second .asmdef in folder '{folder}'; Unity allows one per folder");
                var asm = new ScriptAssembly(def.Name, ScriptAssemblyKind.AssemblyDefinition, def, Display(rel));
                byFolder[folder] = asm;
                assemblies.Add(asm);
                string meta = Path.Combine(root, rel + ".meta");
                if (File.Exists(meta))
                {
                    var m = GuidLine.Match(File.ReadAllText(meta));
                    if (m.Success) guids[m.Groups[1].Value] = def.Name;
                }
            }
            foreach (var rel in files.Where(f => f.EndsWith(".asmref", StringComparison.Ordinal)))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, rel)));
                string reference = doc.RootElement.TryGetProperty("reference", out var r) ? r.GetString() ?? "" : "";
                if (reference.Length == 0) throw new UnityCompileException($"{Display(rel)}: 'reference' is missing");
                asmrefFolders[Folder(rel)] = reference;
            }
            // Resolve "GUID:" references to asmdef names; the nearest asmdef or asmref owns each script.
            for (int i = 0; i < assemblies.Count; i++)
            {
                var def = assemblies[i].Definition;
                if (def == null || !def.References.Any(r => r.StartsWith("GUID:", StringComparison.Ordinal))) continue;
                var names = def.References.Select(r => r.StartsWith("GUID:", StringComparison.Ordinal) && guids.TryGetValue(r.Substring(5), out var n) ? n : r).ToList();
                var replaced = new ScriptAssembly(assemblies[i].Name, assemblies[i].Kind, def.WithReferences(names), assemblies[i].Origin);
                foreach (var key in byFolder.Where(kv => kv.Value == assemblies[i]).Select(kv => kv.Key).ToList()) byFolder[key] = replaced;
                assemblies[i] = replaced;
            }

            ScriptAssembly? predefinedRuntime = null, predefinedEditor = null;
            foreach (var rel in files)
            {
                if (rel.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                {
                    plugins.Add(PrecompiledAssembly.FromPlugin(Path.Combine(root, rel), Display(rel)));
                    continue;
                }
                if (!rel.EndsWith(".cs", StringComparison.Ordinal)) continue;
                var owner = Owner(rel, byFolder, asmrefFolders, assemblies, Display);
                if (owner != null)
                {
                    owner.Sources.Add(Path.Combine(root, rel));
                    continue;
                }
                if (!predefinedAllowed)
                {
                    problems.Add($"{Display(rel)}: belongs to no assembly definition, so Unity does not compile it (scripts in a package need an .asmdef)");
                    continue;
                }
                bool editor = rel.Split('/').Contains("Editor");
                if (editor)
                    (predefinedEditor ??= Add(new ScriptAssembly("Assembly-CSharp-Editor", ScriptAssemblyKind.PredefinedEditor, null, sampleFolder ?? label))).Sources.Add(Path.Combine(root, rel));
                else
                    (predefinedRuntime ??= Add(new ScriptAssembly("Assembly-CSharp", ScriptAssemblyKind.PredefinedRuntime, null, sampleFolder ?? label))).Sources.Add(Path.Combine(root, rel));
            }

            ScriptAssembly Add(ScriptAssembly a)
            {
                assemblies.Add(a);
                return a;
            }
        }

        static ScriptAssembly? Owner(string rel, Dictionary<string, ScriptAssembly> byFolder, Dictionary<string, string> asmrefFolders,
            List<ScriptAssembly> assemblies, Func<string, string> display)
        {
            for (string folder = Folder(rel); ; folder = Folder(folder))
            {
                if (byFolder.TryGetValue(folder, out var asm)) return asm;
                if (asmrefFolders.TryGetValue(folder, out var reference))
                {
                    string name = reference.StartsWith("GUID:", StringComparison.Ordinal) ? reference : reference;
                    var target = assemblies.FirstOrDefault(a => a.Name == name);
                    if (target == null) throw new UnityCompileException($"{display(folder)}: its .asmref points at '{reference}', which is not an asmdef of this package");
                    return target;
                }
                if (folder.Length == 0) return null;
            }
        }

        static string Folder(string rel)
        {
            int slash = rel.LastIndexOf('/');
            return slash < 0 ? "" : rel.Substring(0, slash);
        }
    }

    /// <summary>One sample of a package as imported into a project: its assemblies and plugins.</summary>
    public sealed class SampleLayout
    {
        public SampleLayout(string path) { Path = path; }

        public string Path { get; }
        public List<ScriptAssembly> Assemblies { get; } = new List<ScriptAssembly>();
        public List<PrecompiledAssembly> Plugins { get; } = new List<PrecompiledAssembly>();
    }
}
