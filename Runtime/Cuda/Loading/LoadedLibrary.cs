using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Sightline.Cuda.Loading
{
    /// <summary>
    /// The outcome of looking for one native library: the handle and path when found, and every attempt either way.
    /// Libraries stay loaded for the life of the process (unloading CUDA libraries is not safe while handles live).
    /// </summary>
    public sealed class LoadedLibrary
    {
        readonly List<string> _missingSymbols = new List<string>();

        LoadedLibrary(CudaLibrary library, IntPtr handle, string? path, IReadOnlyList<LoadAttempt> attempts)
        {
            Library = library;
            Handle = handle;
            Path = path;
            Attempts = attempts;
        }

        public CudaLibrary Library { get; }
        public IntPtr Handle { get; }
        /// <summary>What was loaded: the candidate that worked (a file name or an absolute path).</summary>
        public string? Path { get; }
        public IReadOnlyList<LoadAttempt> Attempts { get; }
        public bool IsLoaded => Handle != IntPtr.Zero;

        /// <summary>
        /// The file actually mapped (Linux: from /proc/self/maps, so "libcudnn.so.9" shows as
        /// /usr/lib/x86_64-linux-gnu/libcudnn.so.9.14.0); <see cref="Path"/> where that cannot be told.
        /// </summary>
        public string? ResolvedPath
        {
            get
            {
                if (Path == null || NativeMethods.IsWindows) return Path;
                try
                {
                    if (!File.Exists("/proc/self/maps")) return Path;
                    string name = System.IO.Path.GetFileName(Path);
                    int so = name.IndexOf(".so", StringComparison.Ordinal);
                    string prefix = so > 0 ? name.Substring(0, so + 3) + "." : name;
                    string? folder = System.IO.Path.IsPathRooted(Path) ? System.IO.Path.GetDirectoryName(Path) : null;
                    foreach (var line in File.ReadLines("/proc/self/maps"))
                    {
                        int slash = line.IndexOf('/');
                        if (slash < 0) continue;
                        string mapped = line.Substring(slash).Trim();
                        string file = System.IO.Path.GetFileName(mapped);
                        if (!file.StartsWith(prefix, StringComparison.Ordinal)) continue;
                        if (folder != null && System.IO.Path.GetDirectoryName(mapped) != folder) continue;
                        return mapped;
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                }
                return Path;
            }
        }

        /// <summary>Tries every candidate in order and stops at the first that loads.</summary>
        public static LoadedLibrary Find(CudaLibrary library, IEnumerable<string> candidates)
        {
            var attempts = new List<LoadAttempt>();
            foreach (var candidate in candidates)
            {
                if (System.IO.Path.IsPathRooted(candidate) && !File.Exists(candidate))
                {
                    attempts.Add(new LoadAttempt(candidate, NoSuchFile));
                    continue;
                }
                IntPtr handle;
                string? error;
                try
                {
                    handle = NativeMethods.Load(candidate, out error);
                }
                catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException)
                {
                    handle = IntPtr.Zero;
                    error = e.GetType().Name + ": " + e.Message;
                }
                attempts.Add(new LoadAttempt(candidate, handle == IntPtr.Zero ? error ?? "failed" : null));
                if (handle != IntPtr.Zero) return new LoadedLibrary(library, handle, candidate, attempts);
            }
            return new LoadedLibrary(library, IntPtr.Zero, null, attempts);
        }

        /// <summary>Loads exactly one file (a path given on the command line), recording the attempt.</summary>
        public static LoadedLibrary FromPath(CudaLibrary library, string path) => Find(library, new[] { path });

        /// <summary>The address of a required export; throws CudaUnavailableException naming the library when absent.</summary>
        public IntPtr Require(string symbol)
        {
            IntPtr address = Optional(symbol);
            if (address == IntPtr.Zero)
                throw new CudaUnavailableException($"{Path} was loaded but does not export {symbol} (too old a version?)");
            return address;
        }

        /// <summary>The address of an export that older versions lack, or zero.</summary>
        public IntPtr Optional(string symbol)
        {
            if (!IsLoaded) throw new InvalidOperationException(Library + " is not loaded");
            IntPtr address = NativeMethods.Symbol(Handle, symbol);
            if (address == IntPtr.Zero)
                lock (_missingSymbols) _missingSymbols.Add(symbol);
            return address;
        }

        /// <summary>
        /// "Cudnn not found; tried libcudnn.so.9: cannot open shared object file ...; libcudnn.so.9 not in /usr/local/cuda/lib64, ..."
        /// — every attempt, with the absent install folders folded into one list per file name.
        /// </summary>
        public string Describe()
        {
            if (IsLoaded) return Library + " loaded from " + Path;
            var text = new StringBuilder();
            text.Append(Library).Append(" not found");
            if (Attempts.Count == 0) return text.Append(" (nothing to try)").ToString();
            var failures = new List<string>();
            var absent = new List<(string Name, List<string> Folders)>();
            foreach (var attempt in Attempts)
            {
                if (attempt.Error == NoSuchFile && System.IO.Path.IsPathRooted(attempt.Candidate))
                {
                    string name = System.IO.Path.GetFileName(attempt.Candidate);
                    string folder = System.IO.Path.GetDirectoryName(attempt.Candidate) ?? "";
                    int at = absent.FindIndex(a => a.Name == name);
                    if (at < 0) absent.Add((name, new List<string> { folder }));
                    else absent[at].Folders.Add(folder);
                }
                else failures.Add(attempt.ToString());
            }
            foreach (var (name, folders) in absent) failures.Add(name + " not in " + string.Join(", ", folders));
            return text.Append("; tried ").Append(string.Join("; ", failures)).ToString();
        }

        internal const string NoSuchFile = "no such file";

        public override string ToString() => Describe();
    }
}
