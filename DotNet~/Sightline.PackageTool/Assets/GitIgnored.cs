using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Sightline.PackageTool.Assets
{
    /// <summary>
    /// The paths git ignores under a folder (asked from git itself so every .gitignore rule applies).
    /// Outside a git work tree, or without git, nothing is ignored.
    /// </summary>
    public sealed class GitIgnored
    {
        readonly HashSet<string> _paths;

        GitIgnored(HashSet<string> paths) { _paths = paths; }

        public static GitIgnored Load(string root)
        {
            var paths = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                var info = new ProcessStartInfo("git")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (var arg in new[] { "-C", root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory" })
                    info.ArgumentList.Add(arg);
                using var git = Process.Start(info);
                if (git == null) return new GitIgnored(paths);
                git.StandardError.ReadToEndAsync();
                string output = git.StandardOutput.ReadToEnd();
                git.WaitForExit();
                if (git.ExitCode != 0) return new GitIgnored(paths);
                foreach (var entry in output.Split('\0', StringSplitOptions.RemoveEmptyEntries)) paths.Add(entry.TrimEnd('/'));
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // git is not installed: check everything.
            }
            return new GitIgnored(paths);
        }

        public bool IsIgnored(string relativePath, bool isDirectory) => _paths.Contains(relativePath);
    }
}
