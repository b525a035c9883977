using System;
using System.IO;
using Spectre.Console;

namespace Sightline.Tests
{
    /// <summary>Runs a command-line entry point in process with its console output captured: the one helper every CLI test uses.</summary>
    public static class ConsoleCapture
    {
        // Console.Out is process-wide: two captures at once would read each other's output.
        static readonly object Gate = new object();

        /// <summary>Runs <paramref name="main"/> and returns its exit code with what it wrote to stdout and stderr.</summary>
        public static (int code, string output, string error) Run(Func<int> main)
        {
            lock (Gate)
            {
                var stdout = new StringWriter();
                var stderr = new StringWriter();
                var oldOut = Console.Out;
                var oldErr = Console.Error;
                Console.SetOut(stdout);
                Console.SetError(stderr);
                // Spectre binds its console to the writer current at first use (maybe another test's): rebind it to ours.
                var oldAnsi = AnsiConsole.Console;
                AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
                AnsiConsole.Profile.Width = 200;
                try
                {
                    int code = main();
                    return (code, stdout.ToString(), stderr.ToString());
                }
                finally
                {
                    Console.SetOut(oldOut);
                    Console.SetError(oldErr);
                    AnsiConsole.Console = oldAnsi;
                }
            }
        }

        /// <summary>`sightline ARGS` in process.</summary>
        public static (int code, string output, string error) Sightline(params string[] args) => Run(() => global::Sightline.Cli.Program.Main(args));
    }
}
