using System;
using System.Collections.Generic;

namespace Sightline.Engines
{
    /// <summary>
    /// What to say when an engine could not be used and another ran instead. Absence (no driver, no library, no GPU)
    /// is expected on many machines and gets its reason in a few words; anything else (a kernel that does not compile,
    /// a cuDNN error) is a fault the user must see in full: the exception's type and message. Used by the CLI's
    /// `--engine auto` and by the Unity classifier, which logs the engine attempts to the Console once.
    /// </summary>
    public static class EngineFallback
    {
        static readonly HashSet<string> Logged = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>
        /// "CUDA is not available (libcuda.so.1 not found)" for absence; "CUDA failed to start
        /// (NvrtcCompileException: ...)" otherwise, with the whole message so a compile log or cuDNN status survives.
        /// </summary>
        public static string Describe(string engine, Exception error, bool absent)
        {
            if (error == null) throw new ArgumentNullException(nameof(error));
            return absent
                ? $"{engine} is not available ({FirstClause(error.Message)})"
                : $"{engine} failed to start ({error.GetType().Name}: {error.Message.Trim()})";
        }

        /// <summary>
        /// The engine attempts of a classifier ("CUDA: ...; cpu: ready") as one Console line when the first engine
        /// tried was not the one that runs; null when it was, or when this same line was already returned in this
        /// process (a component that reloads does not repeat it). Thread-safe.
        /// </summary>
        public static string? ConsoleLineOnce(string attempts)
        {
            if (string.IsNullOrEmpty(attempts)) return null;
            int firstEnd = attempts.IndexOf("; ", StringComparison.Ordinal);
            string first = firstEnd < 0 ? attempts : attempts.Substring(0, firstEnd);
            if (first.EndsWith(": ready", StringComparison.Ordinal) || first.Contains(": ready (")) return null;
            string line = "engine fallback: " + attempts;
            lock (Logged) return Logged.Add(line) ? line : null;
        }

        // A loader's message lists every path it tried after the first "; ": the first clause is the reason.
        static string FirstClause(string message)
        {
            int end = message.IndexOf("; ", StringComparison.Ordinal);
            return (end > 0 ? message.Substring(0, end) : message).Trim();
        }
    }
}
