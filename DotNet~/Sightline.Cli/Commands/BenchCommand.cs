using System.CommandLine;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline bench ...`: speed measurements (engines, data pipeline), each against its peer in the same run.</summary>
    public static class BenchCommand
    {
        public static Command Create()
        {
            var command = new Command("bench", "Measure how fast an engine trains and classifies.");
            command.Subcommands.Add(BenchCpuCommand.Create());
            command.Subcommands.Add(BenchDataCommand.Create());
            return command;
        }
    }
}
