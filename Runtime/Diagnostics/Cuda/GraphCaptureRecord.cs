using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Sightline.Cuda.Nvrtc;

namespace Sightline.Cuda.Diagnostics
{
    /// <summary>
    /// A failed CUDA-graph capture does not stop an engine (it runs ordinary launches, a little slower), so it must
    /// not pass silently either: <see cref="Report"/> gives the line to log once per process and keeps the failure in
    /// a file next to the kernel cache, where `sightline doctor` finds it (<see cref="Last"/>).
    /// </summary>
    public static class GraphCaptureRecord
    {
        /// <summary>How CudaEngine.GraphStatus begins when capturing failed.</summary>
        public const string FailedPrefix = "off: capture failed";
        public const string FileName = "graph-capture-failure.txt";
        static readonly HashSet<string> Logged = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>
        /// Takes an engine's graph status: when capture failed, records it (in <paramref name="folder"/>, by default the
        /// kernel cache's) and returns the line to log, once per distinct failure in this process; otherwise null.
        /// </summary>
        public static string? Report(string graphStatus, string? folder = null)
        {
            if (graphStatus == null || !graphStatus.StartsWith(FailedPrefix, StringComparison.Ordinal)) return null;
            string where = folder ?? KernelCache.Default().Folder;
            try
            {
                Directory.CreateDirectory(where);
                File.WriteAllText(Path.Combine(where, FileName), DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + ": " + graphStatus + "\n");
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The log line below still says it; only doctor's later view is lost.
            }
            lock (Logged)
                return Logged.Add(graphStatus) ? $"CUDA graphs {graphStatus}; running ordinary kernel launches instead (`sightline doctor` shows this too)" : null;
        }

        /// <summary>The last recorded capture failure ("2026-12-06 20:00 UTC: off: capture failed: ..."), or null.</summary>
        public static string? Last(string? folder = null)
        {
            string file = Path.Combine(folder ?? KernelCache.Default().Folder, FileName);
            try
            {
                return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
