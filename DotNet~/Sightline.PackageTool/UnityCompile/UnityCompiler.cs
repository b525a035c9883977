using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Sightline.PackageTool.UnityCompile
{
    /// <summary>
    /// Compiles every assembly of a package (and of extra packages) for each define set the way Unity 2022.3 does:
    /// per asmdef, only its own sources, its platform and defineConstraints rules, versionDefines, references by asmdef
    /// name (to what was compiled for the same set), precompiled DLLs (all auto-referenced ones, or with
    /// overrideReferences only those named), unsafe code only where allowed, UnityEngine (and UnityEditor in the Editor
    /// or for Editor-only assemblies) unless noEngineReferences, C# 9 against netstandard2.1. Rules follow Unity's
    /// Editor/Mono/Scripting/ScriptCompilation (EditorBuildRules.cs, CustomScriptAssembly.cs, EditorCompilation.cs).
    /// Not modelled: Editor-only assemblies compile against Unity's .NET Framework 4.8 profile in Unity and against
    /// netstandard2.1 here; Unity adds the Test Framework's assemblies to Editor-only asmdefs on its own, this does not.
    /// </summary>
    public sealed class UnityCompiler
    {
        readonly IReadOnlyList<MetadataReference> _netStandard;
        readonly ShimAssemblies _shim;
        readonly Dictionary<string, (IReadOnlyList<string> errors, MetadataReference reference)> _cache = new Dictionary<string, (IReadOnlyList<string>, MetadataReference)>(StringComparer.Ordinal);
        readonly Dictionary<string, SyntaxTree> _trees = new Dictionary<string, SyntaxTree>(StringComparer.Ordinal);
        readonly Dictionary<MetadataReference, string> _metadataKeys = new Dictionary<MetadataReference, string>(ReferenceEqualityComparer.Instance);
        readonly Dictionary<ScriptAssembly, IReadOnlyCollection<string>> _symbolsUsed = new Dictionary<ScriptAssembly, IReadOnlyCollection<string>>();
        readonly string _displayRoot;

        public UnityCompiler(IReadOnlyList<MetadataReference> netStandard, ShimAssemblies shim, string displayRoot)
        {
            _netStandard = netStandard;
            _shim = shim;
            _displayRoot = displayRoot;
        }

        /// <summary>
        /// Compiles <paramref name="assemblies"/> for <paramref name="target"/>. <paramref name="upstream"/> holds assemblies
        /// already compiled for the same set (the package's, when compiling a sample). Results are keyed by name.
        /// </summary>
        public Dictionary<string, (CompileOutcome outcome, MetadataReference? reference, ScriptAssembly assembly)> CompileAll(
            UnityTarget target, IReadOnlyList<ScriptAssembly> assemblies, IReadOnlyList<PrecompiledAssembly> precompiled,
            IReadOnlyDictionary<string, string> packageVersions,
            IReadOnlyDictionary<string, (CompileOutcome outcome, MetadataReference? reference, ScriptAssembly assembly)>? upstream, string labelSuffix)
        {
            var results = new Dictionary<string, (CompileOutcome, MetadataReference?, ScriptAssembly)>(StringComparer.Ordinal);
            var included = new Dictionary<string, (ScriptAssembly asm, HashSet<string> defines)>(StringComparer.Ordinal);
            foreach (var asm in assemblies)
            {
                var defines = new HashSet<string>(target.Defines, StringComparer.Ordinal);
                if (asm.Definition != null) defines.UnionWith(VersionDefineEvaluator.Defines(asm.Definition, packageVersions));
                if (asm.IsEditorOnly) defines.Add("UNITY_EDITOR_ONLY_COMPILATION");
                string? why = Excluded(asm, target, defines);
                if (why != null)
                {
                    results[asm.Name] = (new CompileOutcome(asm.Name + labelSuffix, target.Name, CompileState.NotIncluded, Array.Empty<string>(), why), null, asm);
                    continue;
                }
                included[asm.Name] = (asm, defines);
            }

            var compatiblePrecompiled = precompiled.Where(p => p.IsCompatibleWith(target)).ToList();
            foreach (var name in Order(included.Values.Select(v => v.asm).ToList(), included.Keys))
            {
                var (asm, defines) = included[name];
                var refs = new List<MetadataReference>(_netStandard);
                var keyParts = new List<string>();
                string? blockedBy = null;
                var notes = new List<string>();

                if (!asm.NoEngineReferences)
                {
                    refs.Add(_shim.Get(ShimAssemblies.Engine)!);
                    keyParts.Add(ShimAssemblies.Engine);
                    if ((target.IsEditor || asm.IsEditorOnly) && _shim.Get(ShimAssemblies.Editor) is MetadataReference editor)
                    {
                        refs.Add(editor);
                        keyParts.Add(ShimAssemblies.Editor);
                    }
                }

                foreach (var dep in ReferencedAssemblies(asm, target, included.Keys, upstream))
                {
                    var found = results.TryGetValue(dep, out var r) ? r : upstream != null && upstream.TryGetValue(dep, out var u) ? u : default;
                    if (found.Item1 == null)
                    {
                        if (_shim.Get(dep) is MetadataReference shimRef)
                        {
                            refs.Add(shimRef);
                            keyParts.Add("shim:" + dep);
                        }
                        continue; // Unity skips references to assemblies that do not exist.
                    }
                    if (found.Item1.State == CompileState.NotIncluded) continue; // not built for this set: Unity drops the reference
                    if (found.Item2 == null)
                    {
                        blockedBy ??= dep;
                        continue;
                    }
                    refs.Add(found.Item2);
                    keyParts.Add("asm:" + dep + ":" + _metadataKeys[found.Item2]);
                }

                foreach (var p in PrecompiledFor(asm, compatiblePrecompiled, notes))
                {
                    refs.Add(MetadataReference.CreateFromFile(p.Path));
                    keyParts.Add("dll:" + p.Path);
                }

                if (blockedBy != null)
                {
                    results[name] = (new CompileOutcome(name + labelSuffix, target.Name, CompileState.Blocked, Array.Empty<string>(), $"references {blockedBy}, which did not compile"), null, asm);
                    continue;
                }

                var relevant = defines.Where(SymbolsUsed(asm).Contains).OrderBy(d => d, StringComparer.Ordinal).ToList();
                bool unsafeCode = asm.Definition?.AllowUnsafeCode ?? false;
                string key = Hash(name + "|" + unsafeCode + "|" + string.Join(",", relevant) + "|" + string.Join(";", keyParts.OrderBy(k => k, StringComparer.Ordinal)) + "|" + string.Join(";", asm.Sources));
                if (!_cache.TryGetValue(key, out var compiled))
                {
                    var parse = new CSharpParseOptions(LanguageVersion.CSharp9, preprocessorSymbols: defines);
                    var trees = asm.Sources.Select(s => Tree(s, parse, relevant)).ToList();
                    var compilation = CSharpCompilation.Create(name, trees, refs,
                        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: unsafeCode,
                            nullableContextOptions: NullableContextOptions.Disable, concurrentBuild: true, deterministic: true));
                    var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(Format).ToList();
                    var reference = compilation.ToMetadataReference();
                    _metadataKeys[reference] = key;
                    compiled = (errors, reference);
                    _cache[key] = compiled;
                }
                var state = compiled.errors.Count == 0 ? CompileState.Compiled : CompileState.Failed;
                results[name] = (new CompileOutcome(name + labelSuffix, target.Name, state, compiled.errors, notes.Count > 0 ? string.Join("; ", notes) : null),
                    state == CompileState.Compiled ? compiled.reference : null, asm);
            }
            // In the package's order, so the report's columns are stable.
            var ordered = new Dictionary<string, (CompileOutcome, MetadataReference?, ScriptAssembly)>(StringComparer.Ordinal);
            foreach (var asm in assemblies) ordered[asm.Name] = results[asm.Name];
            return ordered;
        }

        /// <summary>Why Unity leaves <paramref name="asm"/> out of this set, or null when it compiles it.</summary>
        static string? Excluded(ScriptAssembly asm, UnityTarget target, HashSet<string> defines)
        {
            if (asm.Kind == ScriptAssemblyKind.PredefinedEditor && !target.IsEditor) return "Editor scripts are not in player builds";
            var def = asm.Definition;
            if (def == null) return null;
            if (!target.IsEditor && def.IsTestAssembly) return "test assemblies are built for the Editor only";
            if (!DefineConstraints.AllHold(def.DefineConstraints, defines)) return "defineConstraints " + string.Join(", ", def.DefineConstraints) + " do not hold";
            if (def.IncludePlatforms.Count == 0 && def.ExcludePlatforms.Count == 0) return null;
            bool ok = def.ExcludePlatforms.Count > 0 ? !def.ExcludePlatforms.Contains(target.Platform) : def.IncludePlatforms.Contains(target.Platform);
            return ok ? null : $"platform {target.Platform} is not in its platforms";
        }

        /// <summary>Asmdef references, or for a predefined assembly every auto-referenced assembly (and Assembly-CSharp for -Editor).</summary>
        static IEnumerable<string> ReferencedAssemblies(ScriptAssembly asm, UnityTarget target, IEnumerable<string> included,
            IReadOnlyDictionary<string, (CompileOutcome outcome, MetadataReference? reference, ScriptAssembly assembly)>? upstream)
        {
            if (asm.Kind == ScriptAssemblyKind.AssemblyDefinition) return asm.References;
            var all = (upstream?.Values.Select(v => v.assembly) ?? Enumerable.Empty<ScriptAssembly>()).ToList();
            var names = all.Where(a => a.Kind == ScriptAssemblyKind.AssemblyDefinition && a.AutoReferenced).Select(a => a.Name).ToList();
            if (asm.Kind == ScriptAssemblyKind.PredefinedEditor) names.Add("Assembly-CSharp");
            return names.Concat(included.Where(n => n != asm.Name && n != "Assembly-CSharp" && n != "Assembly-CSharp-Editor")).Distinct();
        }

        static IEnumerable<PrecompiledAssembly> PrecompiledFor(ScriptAssembly asm, List<PrecompiledAssembly> pool, List<string> notes)
        {
            var def = asm.Definition;
            if (def != null && def.OverrideReferences)
            {
                foreach (var name in def.PrecompiledReferences)
                {
                    var match = pool.FirstOrDefault(p => string.Equals(p.FileName, name, StringComparison.OrdinalIgnoreCase));
                    if (match != null) yield return match;
                    else notes.Add($"precompiledReferences names {name}, which is not present");
                }
                yield break;
            }
            foreach (var p in pool.Where(p => p.AutoReferenced)) yield return p;
        }

        /// <summary>Dependency order among the included assemblies; a cycle is an error as in Unity.</summary>
        static IEnumerable<string> Order(List<ScriptAssembly> assemblies, IEnumerable<string> includedNames)
        {
            var included = new HashSet<string>(includedNames, StringComparer.Ordinal);
            var byName = assemblies.ToDictionary(a => a.Name, StringComparer.Ordinal);
            var done = new HashSet<string>(StringComparer.Ordinal);
            var visiting = new HashSet<string>(StringComparer.Ordinal);
            var order = new List<string>();
            void Visit(ScriptAssembly a)
            {
                if (done.Contains(a.Name)) return;
                if (!visiting.Add(a.Name)) throw new UnityCompileException($"assembly references form a cycle through {a.Name}");
                var deps = a.Kind == ScriptAssemblyKind.AssemblyDefinition
                    ? a.References
                    : included.Where(n => n != a.Name && (a.Kind == ScriptAssemblyKind.PredefinedEditor || n != "Assembly-CSharp-Editor"));
                foreach (var d in deps)
                    if (included.Contains(d) && byName.TryGetValue(d, out var dep)) Visit(dep);
                visiting.Remove(a.Name);
                done.Add(a.Name);
                order.Add(a.Name);
            }
            foreach (var a in assemblies.OrderBy(a => a.Kind).ThenBy(a => a.Name, StringComparer.Ordinal)) Visit(a);
            return order;
        }

        static readonly Regex Directive = new Regex(@"^\s*#\s*(?:if|elif)\b(.*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        static readonly Regex Identifier = new Regex(@"[A-Za-z_][A-Za-z0-9_]*", RegexOptions.CultureInvariant);

        /// <summary>The symbols the sources test in #if/#elif: only these can change what compiles.</summary>
        IReadOnlyCollection<string> SymbolsUsed(ScriptAssembly asm)
        {
            if (_symbolsUsed.TryGetValue(asm, out var used)) return used;
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in asm.Sources)
                foreach (Match m in Directive.Matches(File.ReadAllText(file)))
                {
                    string condition = m.Groups[1].Value;
                    int comment = condition.IndexOf("//", StringComparison.Ordinal);
                    if (comment >= 0) condition = condition.Substring(0, comment);
                    foreach (Match id in Identifier.Matches(condition)) set.Add(id.Value);
                }
            _symbolsUsed[asm] = set;
            return set;
        }

        SyntaxTree Tree(string file, CSharpParseOptions parse, IReadOnlyList<string> relevant)
        {
            string key = file + "|" + string.Join(",", relevant);
            if (!_trees.TryGetValue(key, out var tree))
            {
                tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), parse, file, Encoding.UTF8);
                _trees[key] = tree;
            }
            return tree;
        }

        string Format(Diagnostic d)
        {
            var span = d.Location.GetLineSpan();
            if (!span.IsValid) return $"error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
            string path = span.Path.StartsWith(_displayRoot, StringComparison.Ordinal)
                ? Path.GetRelativePath(_displayRoot, span.Path).Replace('\\', '/') : span.Path;
            return $"{path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
