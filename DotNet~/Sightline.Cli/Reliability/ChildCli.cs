using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace Sightline.Cli.Reliability
{
    /// <summary>
    /// This CLI run again as a child process (so a drill can SIGKILL it), its output collected in memory. With a
    /// file-size limit it runs under bash with SIGXFSZ ignored, so a write past the limit fails with EFBIG (an
    /// IOException) instead of killing the process.
    /// </summary>
    public sealed class ChildCli : IDisposable
    {
        readonly Process _process;
        readonly StringBuilder _out = new StringBuilder();
        readonly StringBuilder _err = new StringBuilder();

        ChildCli(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_out) _out.AppendLine(e.Data); };
            _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_err) _err.AppendLine(e.Data); };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        /// <summary>The path of sightline.dll (this assembly).</summary>
        public static string CliDll => typeof(Program).Assembly.Location;

        /// <summary>The dotnet host that runs the CLI dll.</summary>
        public static string Host
        {
            get
            {
                string? self = Environment.ProcessPath;
                if (self != null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return self;
                return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            }
        }

        /// <summary>True where a child can run under a file-size limit (bash with ulimit: Linux and macOS).</summary>
        public static bool CanLimitFileSize => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && File.Exists("/bin/bash");

        public static ChildCli Start(params string[] args) => StartLimited(0, args);

        /// <summary>Starts `sightline ARGS` with extra environment variables (name, value).</summary>
        public static ChildCli StartWithEnvironment((string Name, string Value)[] environment, params string[] args) => StartLimited(0, args, environment);

        /// <summary>Starts `sightline ARGS`; with <paramref name="fileSizeKiB"/> &gt; 0, no file it writes may grow past that many KiB.</summary>
        public static ChildCli StartLimited(int fileSizeKiB, params string[] args) => StartLimited(fileSizeKiB, args, Array.Empty<(string, string)>());

        static ChildCli StartLimited(int fileSizeKiB, string[] args, (string Name, string Value)[] environment)
        {
            ProcessStartInfo info;
            if (fileSizeKiB > 0)
            {
                // Ignored signals stay ignored across exec, so dotnet itself runs with SIGXFSZ ignored.
                info = new ProcessStartInfo("/bin/bash");
                info.ArgumentList.Add("-c");
                info.ArgumentList.Add($"trap '' XFSZ; ulimit -f {fileSizeKiB}; exec \"$0\" \"$@\"");
                info.ArgumentList.Add(Host);
            }
            else
            {
                info = new ProcessStartInfo(Host);
            }
            info.ArgumentList.Add(CliDll);
            foreach (var a in args) info.ArgumentList.Add(a);
            info.UseShellExecute = false;
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            // Plain output: no progress bars in the child.
            info.Environment["NO_COLOR"] = "1";
            // The runtime's W^X double mapping sizes a memory file with ftruncate, which a file-size limit refuses
            // ("Out of memory." at startup); the limit is meant for the files Sightline writes.
            if (fileSizeKiB > 0) info.Environment["DOTNET_EnableWriteXorExecute"] = "0";
            foreach (var (name, value) in environment) info.Environment[name] = value;
            return new ChildCli(Process.Start(info) ?? throw new InvalidOperationException("could not start " + info.FileName));
        }

        public bool HasExited => _process.HasExited;
        public int ExitCode => _process.ExitCode;

        public string Output
        {
            get { lock (_out) return _out.ToString(); }
        }

        public string Error
        {
            get { lock (_err) return _err.ToString(); }
        }

        /// <summary>SIGKILL (TerminateProcess on Windows): no handler, no finally block runs in the child.</summary>
        public void Kill()
        {
            try
            {
                if (!_process.HasExited) _process.Kill(true);
            }
            catch (InvalidOperationException)
            {
            }
            _process.WaitForExit();
        }

        public bool WaitForExit(TimeSpan limit)
        {
            if (!_process.WaitForExit((int)limit.TotalMilliseconds)) return false;
            _process.WaitForExit(); // drains the redirected output
            return true;
        }

        /// <summary>The child crashed with an exception nobody handled (the runtime's report on stderr).</summary>
        public bool ReportedUnhandledException => Error.Contains("Unhandled exception", StringComparison.Ordinal);

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }
    }
}
