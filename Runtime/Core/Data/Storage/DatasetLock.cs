using System;
using System.IO;

namespace Sightline.Data
{
    /// <summary>
    /// One writer per dataset: an exclusively opened lock file under .sightline/. The operating system releases it
    /// when the process ends, even when it is killed, so a crash never leaves the dataset locked.
    /// </summary>
    public sealed class DatasetLock : IDisposable
    {
        readonly FileStream _stream;

        DatasetLock(FileStream stream, string path)
        {
            _stream = stream;
            Path = path;
        }

        public string Path { get; }

        public static string PathFor(string root) => System.IO.Path.Combine(root, DatasetLayout.PrivateFolder, "writer.lock");

        public static bool TryAcquire(string root, out DatasetLock? datasetLock)
        {
            string path = PathFor(root);
            datasetLock = null;
            try
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                datasetLock = new DatasetLock(stream, path);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }

        public static DatasetLock Acquire(string root)
        {
            if (TryAcquire(root, out var datasetLock)) return datasetLock!;
            throw DatasetException.At(PathFor(root), "another DatasetWriter has this dataset open (one writer per dataset at a time)");
        }

        public void Dispose() => _stream.Dispose();
    }
}
