using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Sightline.PackageTool.Metas;
using Sightline.PackageTool.Vendoring;
using Sightline.PackageTool.UnityCompile;

namespace Sightline.PackageTool
{
    /// <summary>
    /// sightline-package meta [ROOT] [--prune]   create missing .meta files (and with --prune delete orphaned ones)
    /// sightline-package check [ROOT]            check metas, package.json, asmdefs, versions, forbidden files, vendored DLLs
    /// sightline-package compile-as-unity [ROOT] compile every asmdef (and sample) as Unity 2022.3 does, for the
    ///                                           Editor and player builds (options: see CompileAsUnity.Usage)
    /// sightline-package check-tarball DIR      check an unpacked `npm pack` tarball (.ci/check-tarball.sh)
    /// sightline-package vendor ROOT ID/VERSION/FRAMEWORK[/ASSEMBLY]...   refresh Plugins/ from the NuGet cache
    ///                                           (DotNet~/scripts/vendor-dependencies.sh names the packages)
    /// Exit codes: 0 fine, 1 the check found problems, 2 bad arguments.
    /// </summary>
    public static class Program
    {
        const string Usage = "usage: sightline-package meta [ROOT] [--prune] | check [ROOT] | check-tarball DIR | vendor ROOT ID/VERSION/FRAMEWORK[/ASSEMBLY]... | " + CompileAsUnity.Usage;

        public static int Main(string[] args)
        {
            if (args.Length == 0) return Fail(Usage);
            string command = args[0];
            if (command == "compile-as-unity") return CompileAsUnityCommand(args.Skip(1).ToList());
            var rest = args.Skip(1).ToList();
            if (command == "vendor") return Vendor(rest);
            if (command == "check-tarball") return CheckTarball(rest);
            bool prune = rest.Remove("--prune");
            if (rest.Any(a => a.StartsWith("--", StringComparison.Ordinal))) return Fail($"unknown option '{rest.First(a => a.StartsWith("--", StringComparison.Ordinal))}'. {Usage}");
            if (rest.Count > 1) return Fail(Usage);
            string root = Path.GetFullPath(rest.Count == 1 ? rest[0] : ".");
            if (!File.Exists(Path.Combine(root, "package.json"))) return Fail($"{root} is not a package root: it has no package.json");

            switch (command)
            {
                case "meta":
                    var created = MetaWriter.CreateMissing(root);
                    foreach (var meta in created) Console.WriteLine($"created {meta}");
                    int pruned = 0;
                    if (prune)
                        foreach (var meta in MetaWriter.PruneOrphans(root))
                        {
                            Console.WriteLine($"deleted orphaned {meta}");
                            pruned++;
                        }
                    Console.WriteLine($"{created.Count} .meta files created" + (prune ? $", {pruned} orphaned deleted" : ""));
                    return 0;
                case "check":
                    var problems = PackageChecker.Check(root);
                    foreach (var problem in problems) Console.Error.WriteLine(problem);
                    if (problems.Count > 0)
                    {
                        Console.Error.WriteLine($"package check failed: {problems.Count} problem(s) in {root}");
                        return 1;
                    }
                    Console.WriteLine($"package check passed: {root}");
                    return 0;
                default:
                    return Fail($"unknown command '{command}'. {Usage}");
            }
        }

        static int CheckTarball(List<string> args)
        {
            if (args.Count != 1) return Fail(Usage);
            string unpacked = Path.GetFullPath(args[0]);
            if (!Directory.Exists(unpacked)) return Fail($"{unpacked} does not exist");
            var problems = Checks.TarballChecks.Check(unpacked);
            foreach (var problem in problems) Console.Error.WriteLine(problem);
            if (problems.Count > 0)
            {
                Console.Error.WriteLine($"tarball check failed: {problems.Count} problem(s) in {unpacked}");
                return 1;
            }
            Console.WriteLine($"tarball check passed: {unpacked}");
            return 0;
        }

        static int Vendor(List<string> args)
        {
            if (args.Count < 2) return Fail(Usage);
            string root = Path.GetFullPath(args[0]);
            if (!File.Exists(Path.Combine(root, "package.json"))) return Fail($"{root} is not a package root: it has no package.json");
            List<VendoredDependency> dependencies;
            try { dependencies = args.Skip(1).Select(VendoredDependency.Parse).ToList(); }
            catch (ArgumentException e) { return Fail(e.Message); }
            var problems = Vendorer.Run(root, dependencies, Vendorer.NuGetCache(), Console.WriteLine);
            foreach (var problem in problems) Console.Error.WriteLine(problem);
            if (problems.Count > 0)
            {
                Console.Error.WriteLine($"vendoring failed: {problems.Count} problem(s)");
                return 1;
            }
            Console.WriteLine($"{dependencies.Count} vendored assemblies written under {VendoredDependency.PluginsFolder}/");
            return 0;
        }

        static int CompileAsUnityCommand(System.Collections.Generic.List<string> args)
        {
            var options = new CompileAsUnityOptions();
            string? root = null;
            for (int i = 0; i < args.Count; i++)
            {
                string a = args[i];
                string Value()
                {
                    if (i + 1 >= args.Count) throw new ArgumentException($"{a} needs a value");
                    return args[++i];
                }
                try
                {
                    switch (a)
                    {
                        case "--package": options.Packages.Add(Value()); break;
                        case "--reference": options.References.Add(Value()); break;
                        case "--nuget": options.NuGet = Value(); break;
                        case "--sets": options.Sets = Value(); break;
                        case "--no-samples": options.Samples = false; break;
                        default:
                            if (a.StartsWith("--", StringComparison.Ordinal)) return Fail($"unknown option '{a}'. usage: sightline-package {CompileAsUnity.Usage}");
                            if (root != null) return Fail($"two package roots ('{root}', '{a}'). usage: sightline-package {CompileAsUnity.Usage}");
                            root = a;
                            break;
                    }
                }
                catch (ArgumentException e)
                {
                    return Fail(e.Message + ". usage: sightline-package " + CompileAsUnity.Usage);
                }
            }
            options.Root = root ?? ".";
            return CompileAsUnity.Run(options, Console.Out, Console.Error);
        }

        static int Fail(string message)
        {
            Console.Error.WriteLine("sightline-package: " + message);
            return 2;
        }
    }
}
