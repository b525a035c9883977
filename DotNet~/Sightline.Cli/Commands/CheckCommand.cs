using System.Collections.Generic;
using System.CommandLine;

namespace Sightline.Cli.Commands
{
    /// <summary>`sightline check ...`: verifications that report PASS/FAIL. Add a subcommand with one line below.</summary>
    public static class CheckCommand
    {
        public static Command Create()
        {
            var command = new Command("check", "Verify parts of Sightline on this machine (GPU binding, kernels, the CUDA engine).");
            foreach (var sub in Subcommands()) command.Subcommands.Add(sub);
            return command;
        }

        static IEnumerable<Command> Subcommands()
        {
            yield return CheckGpuCommand.Create();
            yield return CheckKernelsCommand.Create();
            yield return CheckEngineCommand.Create();
            yield return CheckReliabilityCommand.Create();
            yield return CheckParityCommand.Create();
        }
    }
}
