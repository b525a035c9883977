using System.Collections.Generic;
using System.CommandLine;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline bench ...`: speed measurements (engines, data pipeline), each against its peer in the same run.</summary>
    /// <summary>`sightline bench ...`: speed measurements. Add a subcommand with one line below.</summary>
    public static class BenchCommand
    {
        public static Command Create()
        {
            var command = new Command("bench", "Measure how fast an engine trains and classifies.");
            command.Subcommands.Add(BenchCpuCommand.Create());
            command.Subcommands.Add(BenchDataCommand.Create());
            return command;
        }
            var command = new Command("bench", "Measure the engines' speed on this machine.");
            foreach (var sub in Subcommands()) command.Subcommands.Add(sub);

        static IEnumerable<Command> Subcommands()
        {
            yield return BenchGpuCommand.Create();
    }
}
