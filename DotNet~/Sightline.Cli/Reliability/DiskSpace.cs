using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using Sightline.Data;

namespace Sightline.Cli.Reliability
{
    /// <summary>
    /// How the disk-full drill runs out of space: on a real, small filesystem it mounts itself (a tmpfs, when it runs
    /// as root on Linux as CI does), where a filler file leaves exactly the free space wanted and the OS answers ENOSPC;
    /// or, where it cannot mount, through the in-process <see cref="WriteFaults"/> wrapper. <see cref="Description"/>
    /// says which, for the table.
    /// </summary>
    public abstract class DiskSpace : IDisposable
    {
        /// <summary>Where the drill's files go.</summary>
        public abstract string Folder { get; }
        /// <summary>"real filesystem: tmpfs of 64 MiB mounted at ..." or "in-process fault wrapper (why)".</summary>
        public abstract string Description { get; }
        public abstract bool IsReal { get; }

        /// <summary>Until disposed, at most <paramref name="bytes"/> more bytes can be written (a real filesystem rounds up to its block).</summary>
        public abstract IDisposable LeaveFree(long bytes);

        public virtual void Dispose() { }

        /// <summary>A tmpfs of <paramref name="bytes"/> at a new folder under <paramref name="parent"/>, else the wrapper in that folder.</summary>
        public static DiskSpace Create(string parent, long bytes, bool allowMount = true)
        {
            DiskSpace? mounted = null;
            string reason = !allowMount ? "mounting not asked for" : Tmpfs.TryMount(parent, bytes, out mounted);
            if (mounted != null) return mounted;
            string folder = Path.Combine(parent, "disk");
            Directory.CreateDirectory(folder);
            return new Wrapper(folder, reason);
        }

        sealed class Wrapper : DiskSpace
        {
            readonly string _why;

            public Wrapper(string folder, string why)
            {
                Folder = folder;
                _why = why;
            }

            public override string Folder { get; }
            public override string Description => $"in-process fault wrapper ({_why})";
            public override bool IsReal => false;
            public override IDisposable LeaveFree(long bytes) => WriteFaults.DiskFullAfter(bytes);
        }

        sealed class Tmpfs : DiskSpace
        {
            readonly long _bytes;
            string Filler => Path.Combine(Folder, ".filler");

            Tmpfs(string folder, long bytes)
            {
                Folder = folder;
                _bytes = bytes;
            }

            public override string Folder { get; }
            public override string Description => $"real filesystem: tmpfs of {_bytes >> 10} KiB mounted by the drill at {Folder}";
            public override bool IsReal => true;

            /// <summary>Returns null and the mounted filesystem, or the reason it could not mount.</summary>
            public static string TryMount(string parent, long bytes, out DiskSpace? mounted)
            {
                mounted = null;
                if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return "not Linux";
                if (Environment.UserName != "root") return $"not root (running as {Environment.UserName})";
                string folder = Path.Combine(parent, "tmpfs");
                Directory.CreateDirectory(folder);
                var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "sightline-diskfull", folder);
                if (code != 0) return $"mount -t tmpfs failed: {output.Trim()}";
                mounted = new Tmpfs(folder, bytes);
                return "";
            }

            public override IDisposable LeaveFree(long bytes)
            {
                long available = new DriveInfo(Folder).AvailableFreeSpace;
                long fill = available - bytes;
                if (fill > 0)
                {
                    using var stream = new FileStream(Filler, FileMode.Create, FileAccess.Write);
                    var block = new byte[1 << 16];
                    for (long left = fill; left > 0; left -= block.Length) stream.Write(block, 0, (int)Math.Min(block.Length, left));
                }
                return new Release(this);
            }

            sealed class Release : IDisposable
            {
                readonly Tmpfs _owner;
                public Release(Tmpfs owner) => _owner = owner;
                public void Dispose() => File.Delete(_owner.Filler);
            }

            public override void Dispose()
            {
                var (code, output) = Run("umount", Folder);
                if (code != 0) throw new IOException($"umount {Folder} failed: {output.Trim()}");
                Directory.Delete(Folder);
            }
        }

        static (int code, string output) Run(string program, params string[] args)
        {
            var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) info.ArgumentList.Add(a);
            try
            {
                using var process = Process.Start(info)!;
                string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
                process.WaitForExit();
                return (process.ExitCode, output);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return (-1, $"{program}: {e.Message}");
            }
        }
    }
}
