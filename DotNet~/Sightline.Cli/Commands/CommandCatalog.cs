using System.Collections.Generic;
using System.CommandLine;

namespace Sightline.Cli.Commands
{
    /// <summary>Every sightline subcommand, in the order --help lists them.</summary>
    public static class CommandCatalog
    {
        public static IEnumerable<Command> All()
        {
            yield return SpecCommand.Create();
            yield return BenchCommand.Create();
            yield return InspectCommand.Create();
            yield return DebugWriteFramesCommand.Create();
            yield return DoctorCommand.Create();
            yield return CheckCommand.Create();
            yield return Group("check", "Verify the installation and the engines.", CheckEngineCommand.Create());
            yield return Group("bench", "Measure the engines' speed.", BenchGpuCommand.Create());
            yield return ExportCommand.Create();
            yield return ClassifyCommand.Create();
            yield return Group("bench", "Measure the engines' speed.", BenchInferCommand.Create());
        }

        static Command Group(string name, string description, params Command[] subcommands)
        {
            var group = new Command(name, description);
            foreach (var s in subcommands) group.Subcommands.Add(s);
            return group;
        // Several files may contribute subcommands to one group ("bench infer", "bench gpu"): same-named top-level
        // commands are folded into the first, so each group appears once.
        static IEnumerable<Command> MergeGroups(IEnumerable<Command> commands)
            var byName = new Dictionary<string, Command>();
            var order = new List<Command>();
            foreach (var c in commands)
            {
                if (byName.TryGetValue(c.Name, out var first))
                {
                    foreach (var s in new List<Command>(c.Subcommands)) first.Subcommands.Add(s);
                    continue;
                }
                byName[c.Name] = c;
                order.Add(c);
            }
            return order;
        }
    }
}
