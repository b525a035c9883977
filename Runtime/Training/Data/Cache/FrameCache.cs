using System;
using System.Collections.Generic;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Linq;
using System.Threading;
using MessagePack;

namespace Sightline.Data
{
    /// <summary>
    /// Decoded frames of a dataset in one memory-mapped file: S x S x 3 bytes per frame (HWC, RGB, rows top-down),
    /// with an index (path, label, split), the per-pixel mean image and the RGB colour PCA of the training frames.
    /// Built once by <see cref="OpenOrBuild"/> and rebuilt automatically when the dataset's files change. Reading
    /// frames is thread-safe. Frames that cannot be decoded are left out and listed in <see cref="Skipped"/>.
    /// </summary>
    public sealed unsafe class FrameCache : IDisposable
    {
        readonly MemoryMappedFile _map;
        readonly MemoryMappedViewAccessor _view;
        readonly byte* _base;
        readonly CacheMeta _meta;
        readonly CacheEntry[] _entries;
        bool _disposed;

        FrameCache(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, CacheMeta meta, bool rebuilt)
        {
            Path = path;
            _map = map;
            _view = view;
            _meta = meta;
            _entries = meta.Entries.ToArray();
            WasRebuilt = rebuilt;
            StoredSize = meta.StoredSize;
            Labels = new LabelMap(meta.Labels);
            Pca = new ColorPca(meta.Covariance);
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            _base = p + view.PointerOffset;
        }

        public string Path { get; }
        /// <summary>Side of every stored frame (256 for the paper).</summary>
        public int StoredSize { get; }
        public int FrameBytes => StoredSize * StoredSize * 3;
        public int Count => _entries.Length;
        public IReadOnlyList<CacheEntry> Entries => _entries;
        public LabelMap Labels { get; }
        /// <summary>Frames that could not be decoded when the cache was built, each with the file and the problem.</summary>
        public IReadOnlyList<DatasetProblem> Skipped => _meta.Skipped;
        /// <summary>Per-pixel mean of the training frames, S x S x 3 (HWC, RGB), in 0..255 units.</summary>
        public float[] MeanImage => _meta.Mean;
        public ColorPca Pca { get; }
        /// <summary>Training frames the mean and PCA were computed over.</summary>
        public int StatsFrameCount => _meta.StatsFrames;
        public string Fingerprint => _meta.Fingerprint;
        /// <summary>True when this open built the file (the dataset changed or there was no cache).</summary>
        public bool WasRebuilt { get; }

        /// <summary>The S x S x 3 bytes of entry <paramref name="entry"/>, straight from the mapped file.</summary>
        public ReadOnlySpan<byte> Frame(int entry)
        {
            ThrowIfDisposed();
            return new ReadOnlySpan<byte>(FramePointer(entry), FrameBytes);
        }

        /// <summary>Address of an entry's bytes in the mapping (valid until Dispose): for copying to pinned or device memory without a managed copy.</summary>
        public byte* FramePointer(int entry)
        {
            if ((uint)entry >= (uint)_entries.Length) throw new ArgumentOutOfRangeException(nameof(entry), entry, $"the cache holds {_entries.Length} frames");
            return _base + CacheFileHeader.FramesOffset + (long)_entries[entry].Slot * FrameBytes;
        }

        public void CopyFrame(int entry, Span<byte> destination) => Frame(entry).CopyTo(destination);

        /// <summary>Entry indices of one split, in cache (relative path) order.</summary>
        public int[] EntriesIn(DatasetSplit split)
        {
            var list = new List<int>();
            for (int i = 0; i < _entries.Length; i++)
                if (_entries[i].Split == split) list.Add(i);
            return list.ToArray();
        }

        /// <summary>The centre <paramref name="inputSize"/> square of the mean image as [3, inputSize, inputSize] (CHW): what every crop subtracts.</summary>
        public float[] MeanCrop(int inputSize) => AugmentApply.MeanCrop(MeanImage, StoredSize, inputSize);

        /// <summary>
        /// Where <see cref="OpenOrBuild"/> keeps the cache of a dataset for one stored size: the options' folder if
        /// set; for a Sightline dataset its own .sightline/ folder; for an ImageFolder tree a per-user folder
        /// (SIGHTLINE_CACHE_DIR, else the local application data folder, under Sightline/caches/&lt;hash of the path&gt;),
        /// so that the user's image tree gets no extra folder that other tools would take for a class.
        /// </summary>
        public static string DefaultPath(Dataset dataset, int storedSize, FrameCacheOptions? options = null)
        {
            string dir = options?.CacheDirectory
                ?? (dataset.Kind == DatasetKind.Sightline ? System.IO.Path.Combine(dataset.Root, DatasetLayout.PrivateFolder) : UserCacheFolder(dataset.Root));
            return System.IO.Path.Combine(dir, $"cache-{storedSize}.bin");
        }

        const string SourceFile = "dataset-path.txt";

        static string UserCacheBase()
        {
            string? baseDir = Environment.GetEnvironmentVariable("SIGHTLINE_CACHE_DIR");
            if (!string.IsNullOrEmpty(baseDir)) return baseDir!;
            string appData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return System.IO.Path.Combine(string.IsNullOrEmpty(appData) ? System.IO.Path.GetTempPath() : appData, "Sightline", "caches");
        }

        /// <summary>Per-user caches whose dataset folder no longer exists are deleted when another cache is built, so they do not pile up.</summary>
        static void PruneOrphanedUserCaches()
        {
            try
            {
                string baseDir = UserCacheBase();
                if (!Directory.Exists(baseDir)) return;
                foreach (var dir in Directory.GetDirectories(baseDir))
                {
                    string source = System.IO.Path.Combine(dir, SourceFile);
                    if (!File.Exists(source)) continue;
                    string root = File.ReadAllText(source).Trim();
                    if (root.Length > 0 && !Directory.Exists(root)) Directory.Delete(dir, true);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Housekeeping only; a cache in use on Windows cannot be deleted and that is fine.
            }
        }

        static string UserCacheFolder(string root)
        {
            string baseDir = UserCacheBase();
            using (var sha = System.Security.Cryptography.SHA256.Create())
            {
                var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(root));
                string name = System.IO.Path.GetFileName(root);
                return System.IO.Path.Combine(baseDir, (name.Length > 0 ? name + "-" : "") + string.Concat(hash.Take(8).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture))));
            }
        }

        /// <summary>
        /// Opens the dataset's cache for <paramref name="storedSize"/> if it matches the dataset's current files
        /// (fingerprint of paths, labels, splits, sizes, modification times and the size), otherwise decodes every
        /// frame into a new one. Unreadable frames are skipped and listed in <see cref="Skipped"/>.
        /// </summary>
        public static FrameCache OpenOrBuild(Dataset dataset, int storedSize, FrameCacheOptions? options = null, IProgress<CacheBuildProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (storedSize < 1 || storedSize > 4096) throw new ArgumentOutOfRangeException(nameof(storedSize), storedSize, "stored frame size must be 1..4096");
            options ??= new FrameCacheOptions();
            string path = DefaultPath(dataset, storedSize, options);
            string fingerprint = FrameCacheBuilder.Fingerprint(dataset, storedSize);
            if (File.Exists(path))
            {
                try
                {
                    var cache = Open(path, false);
                    if (cache._meta.Fingerprint == fingerprint && cache.StoredSize == storedSize) return cache;
                    cache.Dispose();
                }
                catch (DatasetException)
                {
                    // A damaged or older cache is only a cache: build it again.
                }
            }
            bool userLevel = options.CacheDirectory == null && dataset.Kind != DatasetKind.Sightline;
            try
            {
                if (userLevel) PruneOrphanedUserCaches();
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
                if (userLevel) File.WriteAllText(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, SourceFile), dataset.Root);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw DatasetException.At(path, "cannot create the cache folder (set FrameCacheOptions.CacheDirectory to a writable folder): " + e.Message, e);
            }
            try
            {
                FrameCacheBuilder.Build(dataset, storedSize, fingerprint, path, options, progress, cancellationToken);
            }
            catch (IOException e)
            {
                // Another process may have built the same cache at the same time (and on Windows, holds it mapped).
                try
                {
                    var other = Open(path, false);
                    if (other._meta.Fingerprint == fingerprint) return other;
                    other.Dispose();
                }
                catch (DatasetException)
                {
                }
                throw DatasetException.At(path, "cannot write the frame cache: " + e.Message, e);
            }
            return Open(path, true);
        }

        /// <summary><see cref="OpenOrBuild"/> on a worker thread, for callers (an editor window, a game) that must not block.</summary>
        public static System.Threading.Tasks.Task<FrameCache> OpenOrBuildAsync(Dataset dataset, int storedSize, FrameCacheOptions? options = null, IProgress<CacheBuildProgress>? progress = null, CancellationToken cancellationToken = default) =>
            System.Threading.Tasks.Task.Run(() => OpenOrBuild(dataset, storedSize, options, progress, cancellationToken), cancellationToken);

        /// <summary>Opens an existing cache file without checking it against a dataset.</summary>
        public static FrameCache Open(string path) => Open(path, false);

        static FrameCache Open(string path, bool rebuilt)
        {
            CacheMeta meta;
            try
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
                {
                    var header = CacheFileHeader.Read(stream, path);
                    var bytes = new byte[header.MetaLength];
                    stream.Position = header.MetaOffset;
                    int read = 0;
                    while (read < bytes.Length)
                    {
                        int n = stream.Read(bytes, read, bytes.Length - read);
                        if (n <= 0) throw DatasetException.At(path, "frame cache is truncated");
                        read += n;
                    }
                    meta = CacheMetaFormatter.FromBytes(bytes);
                    if (meta.StoredSize != header.StoredSize || meta.Mean.Length != header.StoredSize * header.StoredSize * 3
                        || meta.Entries.Any(e => e.Slot < 0 || e.Slot >= header.SlotCount || e.LabelIndex < 0 || e.LabelIndex >= meta.Labels.Count))
                        throw DatasetException.At(path, "frame cache index is inconsistent");
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is MessagePackSerializationException || e is FormatException)
            {
                throw DatasetException.At(path, "cannot read the frame cache: " + e.Message, e);
            }
            var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            try
            {
                var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
                return new FrameCache(path, map, view, meta, rebuilt);
            }
            catch
            {
                map.Dispose();
                throw;
            }
        }

        void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(FrameCache), Path);
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map.Dispose();
        }
    }
}
