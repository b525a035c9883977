using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Sightline.PackageTool.UnityCompile
{
    /// <summary>
    /// The Unity API stand-in (DotNet~/UnityShim, embedded in this tool) compiled the way Unity splits its API:
    /// UnityEditor/ becomes the UnityEditor assembly, a top folder named like another Unity assembly
    /// ("UnityEngine.TestRunner") becomes that assembly, and everything else (UnityEngine/, the shim's own helpers,
    /// top-level files) becomes UnityEngine, except helper files that use the UnityEditor API, which join UnityEditor.
    /// UnityEngine grants its internals to the others, as the shim's single .NET assembly has them.
    /// Player builds get UnityEngine only, so code using UnityEditor outside #if UNITY_EDITOR fails as in Unity.
    /// </summary>
    public sealed class ShimAssemblies
    {
        public const string Engine = "UnityEngine";
        public const string Editor = "UnityEditor";

        readonly Dictionary<string, MetadataReference> _byName;

        ShimAssemblies(Dictionary<string, MetadataReference> byName) { _byName = byName; }

        public MetadataReference? Get(string name) => _byName.TryGetValue(name, out var r) ? r : null;

        public IReadOnlyCollection<string> Names => _byName.Keys;

        /// <summary>Compiles the embedded shim sources; throws if the shim itself does not compile.</summary>
        public static ShimAssemblies Compile(IReadOnlyList<MetadataReference> netStandard)
        {
            var sources = EmbeddedSources();
            if (sources.Count == 0) throw new UnityCompileException("this build of sightline-package carries no UnityShim sources");
            string AssemblyOf((string path, string text) source)
            {
                int slash = source.path.IndexOf('/');
                string top = slash < 0 ? "" : source.path.Substring(0, slash);
                if (top == Editor || (top.StartsWith("Unity", StringComparison.Ordinal) && top != Engine)) return top;
                if (top != Engine && source.text.Contains("UnityEditor")) return Editor;
                return Engine;
            }
            var groups = sources.GroupBy(AssemblyOf)
                .OrderBy(g => g.Key == Engine ? 0 : g.Key == Editor ? 1 : 2).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
            var compiled = new Dictionary<string, MetadataReference>(StringComparer.Ordinal);
            var parse = new CSharpParseOptions(LanguageVersion.CSharp9);
            foreach (var group in groups)
            {
                var trees = group.Select(s => CSharpSyntaxTree.ParseText(s.text, parse, "UnityShim/" + s.path)).ToList();
                if (group.Key == Engine)
                    trees.Add(CSharpSyntaxTree.ParseText(string.Concat(groups.Where(g => g.Key != Engine)
                        .Select(g => $"[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"{g.Key}\")]\n")), parse, "UnityShim/InternalsVisibleTo.g.cs"));
                var compilation = CSharpCompilation.Create(group.Key, trees, netStandard.Concat(compiled.Values),
                    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
                var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (errors.Count > 0)
                    throw new UnityCompileException($"the Unity shim assembly {group.Key} does not compile: " + string.Join("; ", errors.Take(5)));
                compiled[group.Key] = compilation.ToMetadataReference();
            }
            return new ShimAssemblies(compiled);
        }

        static List<(string path, string text)> EmbeddedSources()
        {
            const string prefix = "UnityShim/";
            var assembly = typeof(ShimAssemblies).Assembly;
            var list = new List<(string, string)>();
            foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal))
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                list.Add((name.Substring(prefix.Length).Replace('\\', '/'), reader.ReadToEnd()));
            }
            return list;
        }
    }
}
