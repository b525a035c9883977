using System.CommandLine;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline bench ...`: throughput measurements, one subcommand per part of the pipeline.</summary>
    public static class BenchCommand
    {
        public static Command Create()
        {
            var command = new Command("bench", "Measure throughput of parts of the pipeline.");
            command.Subcommands.Add(BenchDataCommand.Create());
            return command;
        }
    }
}
