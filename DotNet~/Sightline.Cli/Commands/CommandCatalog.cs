using System.Collections.Generic;
using System.CommandLine;

namespace Sightline.Cli.Commands
{
    /// <summary>Every sightline subcommand, in the order --help lists them. Add a command with one line here.</summary>
    public static class CommandCatalog
    {
        public static IEnumerable<Command> All()
        {
            yield return SpecCommand.Create();
            yield return DemoCommand.Create();
            yield return RenderCommand.Create();
            yield return TrainCommand.Create();
            yield return EvalCommand.Create();
            yield return InspectCommand.Create();
            yield return ExportCommand.Create();
            yield return ExportManifestCommand.Create();
            yield return ImportCommand.Create();
            yield return ClassifyCommand.Create();
            yield return BenchCommand.Create();
            yield return CheckCommand.Create();
            yield return DoctorCommand.Create();
            yield return FuzzCommand.Create();
            yield return DebugWriteFramesCommand.Create();
        }
    }
}
