using System;
using System.Runtime.InteropServices;

namespace Sightline.Cuda.Loading
{
    /// <summary>
    /// dlopen/dlsym (Linux, macOS) and LoadLibraryW/GetProcAddress (Windows) through [DllImport], so the loader works
    /// in .NET, Mono and IL2CPP alike (System.Runtime.InteropServices.NativeLibrary is .NET-only).
    /// </summary>
    static unsafe class NativeMethods
    {
        const int RtldNow = 2;

        // glibc before 2.34 keeps dlopen in libdl.so.2; later ones also export it from libc.so.6.
        static class LibDl
        {
            [DllImport("libdl.so.2", EntryPoint = "dlopen")] public static extern IntPtr Open(byte* file, int mode);
            [DllImport("libdl.so.2", EntryPoint = "dlsym")] public static extern IntPtr Symbol(IntPtr handle, byte* name);
            [DllImport("libdl.so.2", EntryPoint = "dlerror")] public static extern IntPtr Error();
        }

        static class LibC
        {
            [DllImport("libc.so.6", EntryPoint = "dlopen")] public static extern IntPtr Open(byte* file, int mode);
            [DllImport("libc.so.6", EntryPoint = "dlsym")] public static extern IntPtr Symbol(IntPtr handle, byte* name);
            [DllImport("libc.so.6", EntryPoint = "dlerror")] public static extern IntPtr Error();
        }

        static class LibSystem
        {
            [DllImport("/usr/lib/libSystem.dylib", EntryPoint = "dlopen")] public static extern IntPtr Open(byte* file, int mode);
            [DllImport("/usr/lib/libSystem.dylib", EntryPoint = "dlsym")] public static extern IntPtr Symbol(IntPtr handle, byte* name);
            [DllImport("/usr/lib/libSystem.dylib", EntryPoint = "dlerror")] public static extern IntPtr Error();
        }

        static class Kernel32
        {
            [DllImport("kernel32.dll", EntryPoint = "LoadLibraryW", CharSet = CharSet.Unicode, SetLastError = true)]
            public static extern IntPtr LoadLibrary(string path);
            [DllImport("kernel32.dll", EntryPoint = "LoadLibraryExW", CharSet = CharSet.Unicode, SetLastError = true)]
            public static extern IntPtr LoadLibraryEx(string path, IntPtr file, uint flags);
            [DllImport("kernel32.dll", EntryPoint = "GetProcAddress", SetLastError = true)]
            public static extern IntPtr GetProcAddress(IntPtr module, byte* name);
        }

        enum Flavour { Unknown, LibDl, LibC, LibSystem, Windows }
        static Flavour _flavour;

        public static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
        public static bool IsMacOS => RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

        /// <summary>Loads a library by file name (the system search path) or absolute path; null error on success.</summary>
        public static IntPtr Load(string nameOrPath, out string? error)
        {
            error = null;
            if (IsWindows)
            {
                // An absolute path also resolves the DLL's own dependencies from its folder (cuDNN's sub-libraries).
                const uint LoadWithAlteredSearchPath = 0x8;
                IntPtr module = System.IO.Path.IsPathRooted(nameOrPath)
                    ? Kernel32.LoadLibraryEx(nameOrPath, IntPtr.Zero, LoadWithAlteredSearchPath)
                    : Kernel32.LoadLibrary(nameOrPath);
                if (module == IntPtr.Zero) error = "LoadLibraryW failed with Windows error " + Marshal.GetLastWin32Error();
                return module;
            }
            byte[] file = Utf8.NullTerminated(nameOrPath);
            fixed (byte* f = file)
            {
                IntPtr handle = Open(f, out string? openError);
                if (openError != null) { error = openError; return IntPtr.Zero; }
                if (handle == IntPtr.Zero) error = LastError() ?? "dlopen returned NULL";
                return handle;
            }
        }

        /// <summary>The address of an exported symbol, or zero when the library lacks it.</summary>
        public static IntPtr Symbol(IntPtr library, string name)
        {
            byte[] n = Utf8.NullTerminated(name);
            fixed (byte* p = n)
            {
                if (IsWindows) return Kernel32.GetProcAddress(library, p);
                switch (_flavour)
                {
                    case Flavour.LibDl: return LibDl.Symbol(library, p);
                    case Flavour.LibC: return LibC.Symbol(library, p);
                    case Flavour.LibSystem: return LibSystem.Symbol(library, p);
                    default: return IntPtr.Zero;
                }
            }
        }

        static IntPtr Open(byte* file, out string? error)
        {
            error = null;
            if (_flavour == Flavour.Unknown)
            {
                // Find which library exports dlopen here; a missing one throws DllNotFoundException/EntryPointNotFoundException.
                var tried = new System.Text.StringBuilder();
                foreach (var candidate in IsMacOS ? new[] { Flavour.LibSystem } : new[] { Flavour.LibDl, Flavour.LibC })
                {
                    try
                    {
                        // Bind dlerror first: resolving a P/Invoke on first call may itself use dlsym and would
                        // clear the error text of the dlopen we want to report.
                        ErrorWith(candidate);
                        IntPtr handle = OpenWith(candidate, file);
                        _flavour = candidate;
                        return handle;
                    }
                    catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
                    {
                        tried.Append(candidate).Append(": ").Append(e.Message).Append("; ");
                    }
                }
                error = "no dlopen available (" + tried.ToString().TrimEnd(' ', ';') + ")";
                return IntPtr.Zero;
            }
            return OpenWith(_flavour, file);
        }

        static IntPtr OpenWith(Flavour flavour, byte* file)
        {
            switch (flavour)
            {
                case Flavour.LibDl: return LibDl.Open(file, RtldNow);
                case Flavour.LibC: return LibC.Open(file, RtldNow);
                default: return LibSystem.Open(file, RtldNow);
            }
        }

        static string? LastError() => _flavour == Flavour.Unknown ? null : Utf8.FromPointer(ErrorWith(_flavour));

        static IntPtr ErrorWith(Flavour flavour)
        {
            switch (flavour)
            {
                case Flavour.LibDl: return LibDl.Error();
                case Flavour.LibC: return LibC.Error();
                default: return LibSystem.Error();
            }
        }
    }
}
