using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace Sightline.Cli.Gpu
{
    /// <summary>Runs python3 scripts (PyTorch references and benchmarks) with a time limit, capturing their output.</summary>
    public static class PythonRunner
    {
        /// <summary>SIGHTLINE_PYTHON, else python3.</summary>
        public static string Interpreter => Environment.GetEnvironmentVariable("SIGHTLINE_PYTHON") is { Length: > 0 } p ? p : "python3";

        /// <summary>Null when python3 with torch imports; otherwise why not (for a "skipped" line).</summary>
        public static string? TorchMissingReason() => MissingModules("torch, numpy", Interpreter);

        /// <summary>Null when <paramref name="interpreter"/> imports <paramref name="modules"/> (comma-separated); otherwise why not.</summary>
        public static string? MissingModules(string modules, string interpreter)
        {
            try
            {
                var (code, output) = Run(new[] { "-c", $"import {modules}" }, 60, null, interpreter);
                return code == 0 ? null : $"{interpreter} cannot import {modules} (exit {code}): {Tail(output, 300)}";
            }
            catch (Exception e)
            {
                return $"{interpreter} could not be started: {e.Message}";
            }
        }

        /// <summary>Exit code and combined stdout+stderr; kills the process tree after <paramref name="timeoutSeconds"/>.</summary>
        public static (int ExitCode, string Output) Run(string[] arguments, int timeoutSeconds, Action<string>? onLine = null, string? interpreter = null)
        {
            var start = new ProcessStartInfo(interpreter ?? Interpreter)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in arguments) start.ArgumentList.Add(a);
            // The GPU run puts CUDA 13 and the system cuDNN on LD_LIBRARY_PATH for Sightline; PyTorch brings its own
            // (newer) cuDNN and must not pick up the system one.
            if (Environment.GetEnvironmentVariable("SIGHTLINE_PYTHON_KEEP_LD_LIBRARY_PATH") != "1") start.Environment.Remove("LD_LIBRARY_PATH");
            var output = new StringBuilder();
            using var process = new Process { StartInfo = start };
            void Take(string? line)
            {
                if (line == null) return;
                lock (output) output.AppendLine(line);
                onLine?.Invoke(line);
            }
            process.OutputDataReceived += (_, e) => Take(e.Data);
            process.ErrorDataReceived += (_, e) => Take(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(timeoutSeconds * 1000))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                process.WaitForExit(5000);
                lock (output) return (124, output + $"\n(killed after {timeoutSeconds} s)");
            }
            process.WaitForExit();
            lock (output) return (process.ExitCode, output.ToString());
        }

        public static string Tail(string text, int chars) => text.Length <= chars ? text.Trim() : "..." + text.Substring(text.Length - chars).Trim();

        /// <summary>Finds a script of Tests/Reference from the current folder or the executable's, walking up.</summary>
        public static string FindReferenceScript(string name, string? explicitPath)
        {
            if (!string.IsNullOrEmpty(explicitPath))
            {
                if (!File.Exists(explicitPath)) throw new FileNotFoundException($"reference script {explicitPath} does not exist", explicitPath);
                return Path.GetFullPath(explicitPath);
            }
            foreach (var root in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(root); dir != null; dir = dir.Parent)
                {
                    foreach (var candidate in new[] { Path.Combine(dir.FullName, "Tests", "Reference", name), Path.Combine(dir.FullName, "reference", name) })
                        if (File.Exists(candidate)) return candidate;
                }
            }
            throw new FileNotFoundException($"{name} not found under Tests/Reference/ or reference/ above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}; pass its path", name);
        }
    }
}
