using System;
using System.CommandLine;
using Sightline.Cli.Commands;

namespace Sightline.Cli
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            var root = new RootCommand("Sightline: train and run AlexNet (Krizhevsky, Sutskever, Hinton 2012) on the CPU or NVIDIA GPUs.");
            foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
            return CliRunner.Run(root, args);
        }
    }
}
