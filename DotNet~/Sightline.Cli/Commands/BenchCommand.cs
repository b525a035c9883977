using System.Collections.Generic;
using System.CommandLine;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline bench ...`: speed measurements, each against its peer in the same run. Add a subcommand with one line below.</summary>
    public static class BenchCommand
    {
        public static Command Create()
        {
            var command = new Command("bench", "Measure speed on this machine (engines, data pipeline), with ratios to a peer measured in the same run.");
            foreach (var sub in Subcommands()) command.Subcommands.Add(sub);
            return command;
        }

        static IEnumerable<Command> Subcommands()
        {
            yield return BenchCpuCommand.Create();
            yield return BenchDataCommand.Create();
            yield return BenchInferCommand.Create();
            yield return BenchGpuCommand.Create();
        }
    }
}
