using System;
using System.IO;

namespace Sightline.Data
{
    /// <summary>
    /// Writes a file so that a crash at any moment leaves either the old file or the complete new one: the bytes go to
    /// a temporary file next to the target, are flushed to disk, and the temporary file is renamed over the target.
    /// Running out of space throws <see cref="DiskFullException"/> naming the target (whose old contents are unchanged).
    /// </summary>
    public static class AtomicFile
    {
        public static string TempPathFor(string path) => path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + DatasetLayout.TempSuffix;

        public static void Write(string path, Action<Stream> write)
        {
            string temp = TempPathFor(path);
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    write(WriteFaults.Wrap(stream));
                    stream.Flush(true);
                }
                MoveOver(temp, path);
            }
            catch (Exception e)
            {
                TryDelete(temp);
                var full = DiskFullException.From(e, path);
                if (full != null) throw full;
                throw;
            }
        }

        public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes, 0, bytes.Length));

        /// <summary>Renames source to destination, replacing destination if it exists (a rename on one volume: atomic).</summary>
        public static void MoveOver(string source, string destination)
        {
#if NET
            File.Move(source, destination, true);
#else
            if (File.Exists(destination)) File.Replace(source, destination, null);
            else File.Move(source, destination);
#endif
        }

        public static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path)) File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
