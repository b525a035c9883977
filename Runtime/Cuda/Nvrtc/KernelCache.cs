using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Sightline.Cuda.Nvrtc
{
    /// <summary>
    /// Compiled kernels on disk, keyed by a hash of NVRTC's version, the target, the options and the source, so a
    /// changed kernel or compiler never reuses a stale binary. Writes are atomic (temp file, then rename); a
    /// broken or unreadable cache only costs a recompile.
    /// </summary>
    public sealed class KernelCache
    {
        /// <summary>Environment variable naming the cache folder (default: the user's local application data).</summary>
        public const string FolderVariable = "SIGHTLINE_KERNEL_CACHE";

        public KernelCache(string folder)
        {
            if (string.IsNullOrWhiteSpace(folder)) throw new ArgumentException("the kernel cache folder is empty", nameof(folder));
            Folder = folder;
        }

        public string Folder { get; }

        /// <summary>SIGHTLINE_KERNEL_CACHE, else LocalApplicationData/Sightline/kernel-cache, else the temp folder.</summary>
        public static KernelCache Default()
        {
            string? folder = Environment.GetEnvironmentVariable(FolderVariable);
            if (string.IsNullOrEmpty(folder))
            {
                string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
                folder = string.IsNullOrEmpty(local)
                    ? Path.Combine(Path.GetTempPath(), "sightline-kernel-cache")
                    : Path.Combine(local, "Sightline", "kernel-cache");
            }
            return new KernelCache(folder!);
        }

        /// <summary>The cache key: a hex SHA-256 of everything that changes the output.</summary>
        public static string Key(string nvrtcVersion, string target, string options, string source)
        {
            using var sha = SHA256.Create();
            byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(nvrtcVersion + "\n" + target + "\n" + options + "\n" + source));
            var hex = new StringBuilder(hash.Length * 2);
            foreach (byte b in hash) hex.Append(b.ToString("x2"));
            return hex.ToString();
        }

        public string PathFor(string name, string key, bool cubin) =>
            Path.Combine(Folder, Sanitize(name) + "-" + key.Substring(0, 32) + (cubin ? ".cubin" : ".ptx"));

        public byte[]? TryRead(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllBytes(path) : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>Writes atomically; returns false (and leaves no partial file) when the folder is not writable.</summary>
        public bool TryWrite(string path, byte[] image)
        {
            string temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
            try
            {
                Directory.CreateDirectory(Folder);
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                {
                    stream.Write(image, 0, image.Length);
                    stream.Flush(true);
                }
                if (File.Exists(path)) File.Delete(path); // same key, same content: another process won the race
                File.Move(temp, path);
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                try { if (File.Exists(temp)) File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                return false;
            }
        }

        static string Sanitize(string name)
        {
            var s = new StringBuilder(name.Length);
            foreach (char c in name) s.Append(char.IsLetterOrDigit(c) || c == '-' || c == '_' ? c : '_');
            return s.ToString();
        }
    }
}
