using System;
using System.CommandLine;
using Sightline.Cli.Reliability;

namespace Sightline.Cli.Commands
{
    /// <summary>
    /// `sightline check reliability`: the fast versions of the crash, disk-full, divergence, load, CUDA out-of-memory
    /// and fuzzing drills, as one table. Exit 1 when any data was lost, any exception went unhandled or a check failed;
    /// 4 when nothing failed but a check did not run (the CUDA drill without a GPU): a skipped row is not a pass.
    /// </summary>
    public static class CheckReliabilityCommand
    {
        public static Command Create()
        {
            var json = new Option<bool>("--json") { Description = "print the table as JSON" };
            var seconds = new Option<int>("--seconds") { Description = "time budget in seconds (more kills and fuzzing with more time)", DefaultValueFactory = _ => 60 };
            var seed = new Option<int?>("--seed") { Description = "seed of the kill points and fault positions (default: new each run; printed to replay it)" };
            var command = new Command("reliability", "Kill training and capture at random points, fill the disk, inject NaN gradients, load the classifier; report data lost.")
            {
                json, seconds, seed,
            };
            command.SetAction(parse =>
            {
                int budget = parse.GetValue(seconds);
                if (budget < 1) throw new UserInputException($"--seconds must be at least 1 (got {budget})");
                int chosen = parse.GetValue(seed) ?? Environment.TickCount & 0x7FFFFFFF;
                bool asJson = parse.GetValue(json);
                var rows = ReliabilityReport.RunAll(chosen, budget, asJson ? null : name => Console.Error.WriteLine($"running {name}..."));
                if (asJson) Console.WriteLine(ReliabilityReport.ToJson(rows, chosen));
                else ReliabilityReport.PrintTable(rows, chosen);
                return ReliabilityReport.Verdict(rows).ExitCode;
            });
            return command;
        }
    }
}
