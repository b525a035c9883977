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
            yield return DemoCommand.Create();
            yield return RenderCommand.Create();
            yield return TrainCommand.Create();
            yield return EvalCommand.Create();
        }
    }
}
