using System.CommandLine;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline bench ...`: speed measurements, one subcommand per engine.</summary>
    public static class BenchCommand
    {
        public static Command Create()
        {
            var command = new Command("bench", "Measure how fast an engine trains and classifies.");
            command.Subcommands.Add(BenchCpuCommand.Create());
            return command;
        }
    }
}
