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

        /// <summary>Tries every candidate in order and stops at the first that loads.</summary>
        public static LoadedLibrary Find(CudaLibrary library, IEnumerable<string> candidates)
        {
            var attempts = new List<LoadAttempt>();
            foreach (var candidate in candidates)
            {
                if (System.IO.Path.IsPathRooted(candidate) && !File.Exists(candidate))
                {
                    attempts.Add(new LoadAttempt(candidate, "no such file"));
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

        /// <summary>"libcudnn.so.9 not found; tried: ..." — what a user needs to fix the setup.</summary>
        public string Describe()
        {
            var text = new StringBuilder();
            if (IsLoaded) text.Append(Library).Append(" loaded from ").Append(Path);
            else
            {
                text.Append(Library).Append(" not found");
                if (Attempts.Count == 0) text.Append(" (nothing to try)");
            }
            if (!IsLoaded)
            {
                text.Append("; tried: ");
                for (int i = 0; i < Attempts.Count; i++)
                {
                    if (i > 0) text.Append("; ");
                    text.Append(Attempts[i]);
                }
            }
            return text.ToString();
        }

        public override string ToString() => Describe();
    }
}
