using System;
using System.IO;
using System.Linq;
using Sightline.PackageTool.Metas;
using Sightline.PackageTool.UnityCompile;

namespace Sightline.PackageTool
{
    /// <summary>
    /// sightline-package meta [ROOT] [--prune]   create missing .meta files (and with --prune delete orphaned ones)
    /// sightline-package check [ROOT]            check metas, package.json, asmdefs, versions, forbidden files
    /// sightline-package compile-as-unity [ROOT] compile every asmdef (and sample) as Unity 2022.3 does, for the
    ///                                           Editor and player builds (options: see CompileAsUnity.Usage)
    /// Exit codes: 0 fine, 1 the check found problems, 2 bad arguments.
    /// </summary>
    public static class Program
    {
        const string Usage = "usage: sightline-package meta [ROOT] [--prune] | check [ROOT] | " + CompileAsUnity.Usage;

        public static int Main(string[] args)
        {
            if (args.Length == 0) return Fail(Usage);
            string command = args[0];
            if (command == "compile-as-unity") return CompileAsUnityCommand(args.Skip(1).ToList());
            var rest = args.Skip(1).ToList();
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
