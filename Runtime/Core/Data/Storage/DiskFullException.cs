using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Sightline.Data
{
    /// <summary>
    /// A write ran out of room: the disk (or quota) is full, or the process's file-size limit (ulimit -f) was hit.
    /// An <see cref="IOException"/>, so every existing handler of write failures still catches it; the message names
    /// the file being written and says the previous version of it is unchanged (writes go to a temporary file first).
    /// </summary>
    public sealed class DiskFullException : IOException
    {
        // errno values on Linux and macOS; Win32 error codes on Windows (the low 16 bits of the HResult).
        const int EFBIG = 27, ENOSPC = 28, EDQUOT = 122, EDQUOTMac = 69;
        const int ErrorHandleDiskFull = 39, ErrorDiskFull = 112;

        DiskFullException(string path, bool fileTooLarge, Exception inner)
            : base(Describe(path, fileTooLarge, inner), inner)
        {
            Path = path;
            FileTooLarge = fileTooLarge;
            HResult = inner is IOException ? inner.HResult : (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? unchecked((int)0x80070070) : EFBIG);
        }

        /// <summary>The file that could not be written.</summary>
        public string Path { get; }
        /// <summary>True when the file-size limit (EFBIG), not free space, stopped the write.</summary>
        public bool FileTooLarge { get; }

        static string Describe(string path, bool fileTooLarge, Exception inner) => fileTooLarge
            ? $"file too large while writing {path}: the file-size limit (ulimit -f) was hit ({inner.Message}); the previous file is unchanged"
            : $"disk full while writing {path}: no space left on the device ({inner.Message}); free some space and try again, the previous file is unchanged";

        /// <summary>True for an exception from a file write that means "no space" or "file too large" on this operating system.</summary>
        public static bool IsOutOfSpace(Exception e, out bool fileTooLarge)
        {
            fileTooLarge = false;
            if (e is DiskFullException full)
            {
                fileTooLarge = full.FileTooLarge;
                return true;
            }
            // .NET on Unix reports EFBIG from write() as an ArgumentOutOfRangeException for 'value' ("Specified file
            // length was too large for the file system") thrown by RandomAccess, not as an IOException.
            if (e is ArgumentOutOfRangeException range && range.ParamName == "value" && (range.StackTrace ?? "").Contains("System.IO.RandomAccess"))
            {
                fileTooLarge = true;
                return true;
            }
            if (!(e is IOException)) return false;
            int code = e.HResult & 0xFFFF;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return code == ErrorDiskFull || code == ErrorHandleDiskFull;
            if (code == EFBIG)
            {
                fileTooLarge = true;
                return true;
            }
            return code == ENOSPC || code == EDQUOT || (code == EDQUOTMac && RuntimeInformation.IsOSPlatform(OSPlatform.OSX));
        }

        /// <summary>The exception to throw for <paramref name="e"/> while writing <paramref name="path"/>: a DiskFullException when it means out of space, else null.</summary>
        public static DiskFullException? From(Exception e, string path)
        {
            if (e is DiskFullException already) return already;
            if (!IsOutOfSpace(e, out bool tooLarge)) return null;
            return new DiskFullException(path, tooLarge, e);
        }

        /// <summary>The IOException the operating system gives for a full disk (used by <see cref="WriteFaults"/>).</summary>
        public static IOException NoSpaceLeft() =>
            new IOException("No space left on device", RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? unchecked((int)0x80070070) : ENOSPC);
    }
}
