using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Sightline.PackageTool.Checks;

namespace Sightline.PackageTool.UnityCompile
{
    /// <summary>Options of `sightline-package compile-as-unity`.</summary>
    public sealed class CompileAsUnityOptions
    {
        public string Root { get; set; } = ".";
        /// <summary>Extra unpacked UPM packages (a folder with package.json): their asmdefs compile too, their DLLs are plugins, their versions count for versionDefines.</summary>
        public List<string> Packages { get; } = new List<string>();
        /// <summary>Extra DLLs, or folders of DLLs, referenced like auto-referenced plugins in the project.</summary>
        public List<string> References { get; } = new List<string>();
        /// <summary>"auto" (DotNet~'s restore of the package's projects, when present), "none", or a project.assets.json or a folder holding some.</summary>
        public string NuGet { get; set; } = "auto";
        /// <summary>Comma-separated define-set names or prefixes ending in '*'; empty: all.</summary>
        public string? Sets { get; set; }
        public bool Samples { get; set; } = true;
    }

    /// <summary>
    /// `sightline-package compile-as-unity ROOT`: compiles the package as Unity 2022.3 does for the Editor and player
    /// builds, prints a table of what compiled and every error with its assembly and define sets; exit 1 on any error.
    /// </summary>
    public static class CompileAsUnity
    {
        public const string Usage = "compile-as-unity [ROOT] [--package DIR]... [--reference DLL|DIR]... [--nuget auto|none|PATH] [--sets NAME,PREFIX*] [--no-samples]";

        public static int Run(CompileAsUnityOptions options, TextWriter output, TextWriter error)
        {
            try
            {
                return RunChecked(options, output, error);
            }
            catch (UnityCompileException e)
            {
                error.WriteLine("compile-as-unity: " + e.Message);
                return 1;
            }
        }

        static int RunChecked(CompileAsUnityOptions options, TextWriter output, TextWriter error)
        {
            string root = Path.GetFullPath(options.Root);
            var targets = UnityTarget.Select(options.Sets);
            var main = PackageLayout.Load(root, ".");
            var extras = options.Packages.Select(p => PackageLayout.Load(p, p)).ToList();
            var problems = main.Problems.Concat(extras.SelectMany(e => e.Problems)).ToList();

            var versions = new Dictionary<string, string>(StringComparer.Ordinal) { [VersionDefineEvaluator.UnityPackageName] = UnityTarget.UnityVersion };
            foreach (var layout in extras.Prepend(main))
            {
                if (versions.ContainsKey(layout.Name)) throw new UnityCompileException($"package {layout.Name} is given twice");
                versions[layout.Name] = layout.Version;
            }

            var assemblies = main.Assemblies.Concat(extras.SelectMany(e => e.Assemblies)).ToList();
            foreach (var dup in assemblies.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
                problems.Add($"assembly name {dup.Key} is defined twice ({string.Join(", ", dup.Select(a => a.Origin))}); Unity refuses to compile");

            var precompiled = main.Plugins.Concat(extras.SelectMany(e => e.Plugins)).ToList();
            foreach (var reference in options.References) precompiled.AddRange(ReferencesAt(reference));
            string netstandardFolder = NuGetCache.NetStandard21Folder();
            // As the .NET SDK's conflict resolution does: a NuGet DLL that netstandard2.1 already has (System.Memory, ...) is left out.
            var nuget = NuGetReferences(options.NuGet, root).Where(p => !File.Exists(Path.Combine(netstandardFolder, p.FileName))).ToList();
            precompiled.AddRange(nuget);
            string? nunit = NuGetCache.NUnit3();
            if (nunit != null && !precompiled.Any(p => p.FileName.Equals("nunit.framework.dll", StringComparison.OrdinalIgnoreCase)))
                precompiled.Add(new PrecompiledAssembly(nunit, "NuGet NUnit " + Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(nunit)))) +
                    ", standing in for the Test Framework's nunit.framework.dll", autoReferenced: false));
            foreach (var asm in assemblies)
                if (precompiled.Any(p => Path.GetFileNameWithoutExtension(p.FileName).Equals(asm.Name, StringComparison.OrdinalIgnoreCase)))
                    problems.Add($"{asm.Origin}: assembly name {asm.Name} is also the name of a precompiled DLL; Unity refuses to compile");

            var netstandard = Directory.GetFiles(netstandardFolder, "*.dll").OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToList();
            var shim = ShimAssemblies.Compile(netstandard, nunit);

            output.WriteLine($"compile-as-unity: {main.Name} {main.Version} at {root}, as Unity {UnityTarget.UnityVersion} compiles it (C# 9, netstandard2.1, no SIGHTLINE_DOTNET)");
            output.WriteLine($"  netstandard2.1: {netstandardFolder}");
            output.WriteLine($"  Unity API: the UnityShim sources compiled as {string.Join(", ", shim.Names)}");
            foreach (var extra in extras) output.WriteLine($"  extra package: {extra.Name} {extra.Version} ({extra.Root}): {extra.Assemblies.Count} assemblies, {extra.Plugins.Count} DLLs");
            foreach (var p in precompiled) output.WriteLine($"  precompiled: {p.FileName} from {p.Origin}");
            if (nuget.Count > 0)
                output.WriteLine("  NOTE: the NuGet DLLs above are not in the package; until it carries them they come from the NuGet cache, as restored for netstandard2.1 (--nuget none leaves them out)");

            var compiler = new UnityCompiler(netstandard, shim, root);
            var outcomes = new List<CompileOutcome>();
            foreach (var target in targets)
            {
                ReportDuplicates(target, precompiled, problems);
                var packageResults = compiler.CompileAll(target, assemblies, precompiled, versions, null, "");
                outcomes.AddRange(packageResults.Values.Select(v => v.outcome));
                if (!options.Samples) continue;
                foreach (var sample in main.Samples.Where(s => s.Assemblies.Count > 0))
                {
                    var results = compiler.CompileAll(target, sample.Assemblies, precompiled.Concat(sample.Plugins).ToList(), versions, packageResults, $" [{sample.Path}]");
                    outcomes.AddRange(results.Values.Select(v => v.outcome));
                }
            }

            PrintTable(output, targets, outcomes);
            int errors = 0;
            foreach (var problem in problems.Distinct())
            {
                error.WriteLine("ERROR " + problem);
                errors++;
            }
            // One line per distinct error, with every define set that shows it.
            foreach (var group in outcomes.Where(o => o.State == CompileState.Failed)
                         .SelectMany(o => o.Errors.Select(e => (o.Assembly, o.Set, e)))
                         .GroupBy(x => (x.Assembly, x.e)))
            {
                var sets = group.Select(x => x.Set).Distinct().ToList();
                error.WriteLine($"ERROR {group.Key.Assembly} [{SetList(sets, targets)}]: {group.Key.e}");
                errors++;
            }
            foreach (var blocked in outcomes.Where(o => o.State == CompileState.Blocked).GroupBy(o => (o.Assembly, o.Note)))
                error.WriteLine($"  {blocked.Key.Assembly} not compiled [{SetList(blocked.Select(b => b.Set).ToList(), targets)}]: {blocked.Key.Note}");
            foreach (var note in outcomes.Where(o => o.State != CompileState.NotIncluded && o.Note != null && o.State != CompileState.Blocked).Select(o => $"{o.Assembly}: {o.Note}").Distinct())
                output.WriteLine("  note: " + note);

            int compiled = outcomes.Count(o => o.State == CompileState.Compiled);
            int failed = outcomes.Count(o => o.State == CompileState.Failed);
            if (errors > 0)
            {
                error.WriteLine($"compile-as-unity failed: {errors} error(s); {failed} assembly compilations failed, {compiled} compiled, over {targets.Count} define sets");
                return 1;
            }
            output.WriteLine($"compile-as-unity passed: {compiled} assembly compilations over {targets.Count} define sets, no errors");
            return 0;
        }

        /// <summary>"all sets", or the set names with a base name standing for all its input-handling variants ("editor-linux*").</summary>
        static string SetList(List<string> sets, IReadOnlyList<UnityTarget> targets)
        {
            if (sets.Count == targets.Count && targets.Count > 3) return "all sets";
            static string Base(string name) => name.Split('+')[0];
            var names = new List<string>();
            foreach (var group in sets.GroupBy(Base))
            {
                int variants = targets.Count(t => Base(t.Name) == group.Key);
                if (variants > 1 && group.Count() == variants) names.Add(group.Key + "*");
                else names.AddRange(group);
            }
            return string.Join(", ", names);
        }

        static void ReportDuplicates(UnityTarget target, List<PrecompiledAssembly> precompiled, List<string> problems)
        {
            foreach (var dup in precompiled.Where(p => p.IsCompatibleWith(target)).GroupBy(p => p.FileName, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
                problems.Add($"[{target.Name}] two precompiled assemblies named {dup.Key} ({string.Join(", ", dup.Select(d => d.Origin))}); Unity refuses to compile");
        }

        static IEnumerable<PrecompiledAssembly> ReferencesAt(string path)
        {
            string full = Path.GetFullPath(path);
            if (File.Exists(full) && full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                return new[] { new PrecompiledAssembly(full, "--reference " + path, autoReferenced: true) };
            if (Directory.Exists(full))
                return Directory.GetFiles(full, "*.dll", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)
                    .Select(f => new PrecompiledAssembly(f, "--reference " + path, autoReferenced: true)).ToList();
            throw new UnityCompileException($"--reference {path}: no such DLL or folder");
        }

        /// <summary>The NuGet DLLs the package's .NET build restores for netstandard2.1 (DotNet~ projects compiling asmdef folders).</summary>
        static IReadOnlyList<PrecompiledAssembly> NuGetReferences(string mode, string root)
        {
            if (mode == "none") return Array.Empty<PrecompiledAssembly>();
            var assetsFiles = new List<string>();
            if (mode == "auto")
            {
                // A package without DotNet~ (an unpacked tarball) carries its DLLs itself: nothing to add.
                if (!Directory.Exists(Path.Combine(root, CsprojMap.DotNetFolder))) return Array.Empty<PrecompiledAssembly>();
                string obj = Path.Combine(root, CsprojMap.DotNetFolder, "artifacts", "obj");
                var map = CsprojMap.Load(root, new List<PackageProblem>());
                var asmdefFolders = Directory.EnumerateFiles(root, "*.asmdef", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(root, Path.GetDirectoryName(f)!).Replace('\\', '/'))
                    .Where(f => !f.Split('/').Any(Assets.PackageAssets.IsHidden));
                foreach (var folder in asmdefFolders)
                    foreach (var entry in map.ForFolder(folder))
                    {
                        string assets = Path.Combine(obj, Path.GetFileNameWithoutExtension(entry.Csproj), "project.assets.json");
                        if (File.Exists(assets)) assetsFiles.Add(assets);
                    }
                if (assetsFiles.Count == 0)
                    throw new UnityCompileException($"--nuget auto: the package's DotNet~ projects are not restored (no project.assets.json under {obj}); run dotnet restore DotNet~/Sightline.slnx, or pass --nuget none");
            }
            else if (File.Exists(mode)) assetsFiles.Add(mode);
            else if (Directory.Exists(mode)) assetsFiles.AddRange(Directory.GetFiles(mode, "project.assets.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal));
            else throw new UnityCompileException($"--nuget {mode}: not 'auto', 'none', a project.assets.json or a folder");
            return NuGetCache.CompileAssets(assetsFiles.Distinct());
        }

        static void PrintTable(TextWriter output, IReadOnlyList<UnityTarget> targets, List<CompileOutcome> outcomes)
        {
            var columns = outcomes.Select(o => o.Assembly).Distinct().ToList();
            int first = Math.Max(12, targets.Max(t => t.Name.Length)) + 2;
            output.WriteLine();
            output.WriteLine("Columns: " + string.Join("  ", columns.Select((c, i) => $"{i + 1}={c}")));
            output.WriteLine("Cells: ok compiled, -- not built for that set, FAIL errors (listed below), skip a reference failed");
            output.WriteLine("define set".PadRight(first) + string.Join(" ", columns.Select((_, i) => (i + 1).ToString().PadLeft(4))));
            foreach (var target in targets)
            {
                var row = columns.Select(c => outcomes.FirstOrDefault(o => o.Assembly == c && o.Set == target.Name)?.State switch
                {
                    CompileState.Compiled => "ok",
                    CompileState.Failed => "FAIL",
                    CompileState.Blocked => "skip",
                    _ => "--",
                });
                output.WriteLine(target.Name.PadRight(first) + string.Join(" ", row.Select(r => r.PadLeft(4))));
            }
            output.WriteLine();
        }
    }
}
