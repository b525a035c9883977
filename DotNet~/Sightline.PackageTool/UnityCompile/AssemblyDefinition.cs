using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Sightline.PackageTool.UnityCompile
{
    /// <summary>One versionDefines entry: <see cref="Define"/> is set when package <see cref="Name"/> is present in a version
    /// matching <see cref="Expression"/> (an empty expression: any version).</summary>
    public sealed class VersionDefine
    {
        public VersionDefine(string name, string expression, string define)
        {
            Name = name;
            Expression = expression;
            Define = define;
        }

        public string Name { get; }
        public string Expression { get; }
        public string Define { get; }
    }

    /// <summary>
    /// An .asmdef file, with the fields Unity 2022.3 reads (CustomScriptAssemblyData in Unity's
    /// Editor/Mono/Scripting/ScriptCompilation/CustomScriptAssembly.cs). Missing fields take Unity's defaults.
    /// </summary>
    public sealed class AssemblyDefinition
    {
        AssemblyDefinition(string path, string name)
        {
            Path = path;
            Name = name;
        }

        /// <summary>Where the file is, as the user should read it (relative to the package root where possible).</summary>
        public string Path { get; }
        /// <summary>The folder whose sources (outside nested asmdef folders) the assembly compiles.</summary>
        public string Folder { get; private set; } = "";
        public string Name { get; }
        public IReadOnlyList<string> References { get; private set; } = Array.Empty<string>();
        public IReadOnlyList<string> IncludePlatforms { get; private set; } = Array.Empty<string>();
        public IReadOnlyList<string> ExcludePlatforms { get; private set; } = Array.Empty<string>();
        public bool AllowUnsafeCode { get; private set; }
        public bool OverrideReferences { get; private set; }
        public IReadOnlyList<string> PrecompiledReferences { get; private set; } = Array.Empty<string>();
        public bool AutoReferenced { get; private set; } = true;
        public IReadOnlyList<string> DefineConstraints { get; private set; } = Array.Empty<string>();
        public IReadOnlyList<VersionDefine> VersionDefines { get; private set; } = Array.Empty<VersionDefine>();
        public bool NoEngineReferences { get; private set; }

        /// <summary>Unity treats an assembly whose only include platform is "Editor" as Editor-only.</summary>
        public bool IsEditorOnly => IncludePlatforms.Count == 1 && IncludePlatforms[0] == UnityTarget.EditorPlatform;

        /// <summary>Test assemblies are those constrained on UNITY_INCLUDE_TESTS (Unity skips them in player builds).</summary>
        public bool IsTestAssembly => DefineConstraints.Any(c => c == "UNITY_INCLUDE_TESTS");

        /// <summary>Reads <paramref name="fullPath"/>; throws <see cref="UnityCompileException"/> naming the file and field.</summary>
        public static AssemblyDefinition Load(string fullPath, string displayPath)
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(File.ReadAllText(fullPath));
            }
            catch (JsonException e)
            {
                throw new UnityCompileException($"{displayPath}: invalid JSON at line {(e.LineNumber ?? 0) + 1}");
            }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new UnityCompileException($"{displayPath}: must be a JSON object");
                string name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() ?? "" : "";
                if (name.Trim().Length == 0) throw new UnityCompileException($"{displayPath}: 'name' is missing or empty");
                var asm = new AssemblyDefinition(displayPath, name)
                {
                    Folder = System.IO.Path.GetDirectoryName(fullPath) ?? "",
                    References = Strings(root, "references", displayPath),
                    IncludePlatforms = Strings(root, "includePlatforms", displayPath),
                    ExcludePlatforms = Strings(root, "excludePlatforms", displayPath),
                    AllowUnsafeCode = Bool(root, "allowUnsafeCode", false, displayPath),
                    OverrideReferences = Bool(root, "overrideReferences", false, displayPath),
                    PrecompiledReferences = Strings(root, "precompiledReferences", displayPath),
                    AutoReferenced = Bool(root, "autoReferenced", true, displayPath),
                    DefineConstraints = Strings(root, "defineConstraints", displayPath),
                    VersionDefines = VersionDefinesOf(root, displayPath),
                    NoEngineReferences = Bool(root, "noEngineReferences", false, displayPath),
                };
                if (asm.IncludePlatforms.Count > 0 && asm.ExcludePlatforms.Count > 0)
                    throw new UnityCompileException($"{displayPath}: sets both 'includePlatforms' and 'excludePlatforms'; Unity allows only one");
                foreach (var platform in asm.IncludePlatforms.Concat(asm.ExcludePlatforms))
                    if (!UnityTarget.KnownPlatforms.Contains(platform))
                        throw new UnityCompileException($"{displayPath}: unknown platform \"{platform}\" (Unity 2022.3 names: {string.Join(", ", UnityTarget.KnownPlatforms)})");
                foreach (var constraint in asm.DefineConstraints)
                    if (!UnityCompile.DefineConstraints.IsValid(constraint))
                        throw new UnityCompileException($"{displayPath}: invalid define constraint \"{constraint}\"");
                return asm;
            }
        }

        // Unity's asmdef references may be names or "GUID:<guid of the asmdef's .meta>"; both resolve to an asmdef name.
        internal AssemblyDefinition WithReferences(IReadOnlyList<string> references)
        {
            var copy = (AssemblyDefinition)MemberwiseClone();
            copy.References = references;
            return copy;
        }

        static IReadOnlyList<string> Strings(JsonElement root, string field, string path)
        {
            if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return Array.Empty<string>();
            if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                throw new UnityCompileException($"{path}: '{field}' must be an array of strings");
            return value.EnumerateArray().Select(v => v.GetString() ?? "").Where(s => s.Length > 0).ToList();
        }

        static bool Bool(JsonElement root, string field, bool fallback, string path)
        {
            if (!root.TryGetProperty(field, out var value)) return fallback;
            if (value.ValueKind == JsonValueKind.True) return true;
            if (value.ValueKind == JsonValueKind.False) return false;
            throw new UnityCompileException($"{path}: '{field}' must be true or false");
        }

        static IReadOnlyList<VersionDefine> VersionDefinesOf(JsonElement root, string path)
        {
            if (!root.TryGetProperty("versionDefines", out var value) || value.ValueKind == JsonValueKind.Null) return Array.Empty<VersionDefine>();
            if (value.ValueKind != JsonValueKind.Array) throw new UnityCompileException($"{path}: 'versionDefines' must be an array");
            var list = new List<VersionDefine>();
            int index = 0;
            foreach (var entry in value.EnumerateArray())
            {
                string? name = StringField(entry, "name");
                string? define = StringField(entry, "define");
                if (entry.ValueKind != JsonValueKind.Object || string.IsNullOrEmpty(name) || string.IsNullOrEmpty(define))
                    throw new UnityCompileException($"{path}: versionDefines[{index}] needs a 'name' (package) and a 'define'");
                list.Add(new VersionDefine(name!, StringField(entry, "expression") ?? "", define!));
                index++;
            }
            return list;
        }

        static string? StringField(JsonElement obj, string field) =>
            obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
