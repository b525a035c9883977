using System;
using System.CommandLine;

namespace Sightline.Cli
{
    /// <summary>Parses and runs a command; bad arguments and user errors end as one line and exit code 2.</summary>
    public static class CliRunner
    {
        public const int UsageError = 2;
        /// <summary>A write ran out of disk space or hit the file-size limit.</summary>
        public const int DiskFull = 3;
        /// <summary>A check did not run (no GPU, no PyTorch) or measured nothing: not a pass and not a failure.</summary>
        public const int NotRun = 4;

        public static int Run(RootCommand root, string[] args)
        {
            // Tables are for people; when output goes to a file or pipe, don't squeeze them into 80 columns.
            if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 160;
            // A forced CPU instruction set (SIGHTLINE_CPU_ISA) that cannot be honoured is an input error, said before any work.
            if (Sightline.Cpu.Gemm.IsaProblem != null)
            {
                Console.Error.WriteLine($"sightline: environment: {Sightline.Cpu.Gemm.IsaProblem}");
                return UsageError;
            }
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors) Console.Error.WriteLine($"sightline: {error.Message}");
                return UsageError;
            }
            try
            {
                return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            }
            catch (UserInputException e)
            {
                Console.Error.WriteLine($"sightline: {e.Message}");
                return UsageError;
            }
            catch (Sightline.Data.DiskFullException e)
            {
                // Not a bug and not the user's input: one line saying which file and that the old one is intact.
                Console.Error.WriteLine($"sightline: {e.Message}");
                return DiskFull;
            }
        }
    }

    /// <summary>Something the user gave us is wrong (a path, a setting); the message says what and where.</summary>
    public sealed class UserInputException : Exception
    {
        public UserInputException(string message) : base(message) { }
    }
}
