using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Sightline.Capture;
using Sightline.Imaging;

namespace Sightline.Data
{
    /// <summary>
    /// Appends frames to a Sightline dataset folder, safe to kill at any moment. Each frame is encoded to PNG in a
    /// temporary file, flushed to disk and renamed into frames/&lt;label&gt;/&lt;id&gt;.png; only then is dataset.msgpack
    /// rewritten (atomically, the same way). A crash therefore leaves at most a stray temporary file (deleted on the
    /// next <see cref="Open"/>) or an image the manifest does not list yet (added back on the next open); never a
    /// manifest entry without its complete image.
    /// <para>
    /// <see cref="Enqueue"/> returns at once and a background thread does the disk work, so a game's main thread never
    /// waits on it; <see cref="Write"/> does it on the calling thread. Both may be called from any thread. Events are
    /// raised on the thread that wrote the frame. One writer per dataset folder (a lock file enforces it).
    /// </para>
    /// </summary>
    public sealed class DatasetWriter : IDisposable
    {
        readonly DatasetWriterOptions _options;
        readonly DatasetLock _lock;
        readonly object _io = new object();
        readonly object _queueLock = new object();
        readonly Queue<PendingFrame> _queue = new Queue<PendingFrame>();
        readonly List<(long target, TaskCompletionSource<bool> done)> _waiters = new List<(long, TaskCompletionSource<bool>)>();
        readonly DatasetManifest _manifest;
        readonly HashSet<string> _ids;
        readonly string _manifestPath;
        readonly Dictionary<string, string> _labelsIgnoringCase = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        long _nextNumber;
        long _enqueued, _completed, _failed, _dropped;
        Thread? _thread;
        bool _stopping, _disposed;

        DatasetWriter(string root, DatasetLock datasetLock, DatasetManifest manifest, IReadOnlyList<DatasetProblem> problems, DatasetWriterOptions options)
        {
            Root = root;
            _lock = datasetLock;
            _manifest = manifest;
            _options = options;
            Problems = problems;
            _manifestPath = Path.Combine(root, DatasetLayout.ManifestFile);
            _ids = new HashSet<string>(manifest.Frames.Select(f => f.Id), StringComparer.Ordinal);
            foreach (var label in manifest.Labels) _labelsIgnoringCase[label] = label;
            foreach (var id in _ids)
                if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n >= _nextNumber) _nextNumber = n + 1;
            if (_nextNumber == 0) _nextNumber = 1;
        }

        public string Root { get; }
        /// <summary>What opening found and repaired (stray temporary files, frames missing from the manifest, a corrupted manifest).</summary>
        public IReadOnlyList<DatasetProblem> Problems { get; }

        /// <summary>Frames in the dataset, including those written through this writer so far.</summary>
        public int FrameCount
        {
            get { lock (_io) return _manifest.Frames.Count; }
        }

        /// <summary>Frames enqueued and not yet on disk.</summary>
        public int PendingCount
        {
            get { lock (_queueLock) return (int)(_enqueued - _completed); }
        }

        public long FailedCount => Interlocked.Read(ref _failed);
        public long DroppedCount => Interlocked.Read(ref _dropped);

        /// <summary>A frame is on disk and in the manifest (raised on the writing thread).</summary>
        public event Action<FrameRecord>? FrameWritten;
        /// <summary>A frame could not be written (disk full, permission...); the writer goes on with the next one. Gives the frame's label.</summary>
        public event Action<string, Exception>? FrameFailed;
        /// <summary>A frame was dropped because <see cref="DatasetWriterOptions.MaxPendingFrames"/> were already waiting. Gives the frame's label.</summary>
        public event Action<string>? FrameDropped;

        /// <summary>
        /// Opens (creating it if needed) a Sightline dataset folder for appending. Deletes temporary files left by a
        /// killed writer, lists images the manifest missed, drops entries whose image is gone, and moves a corrupted
        /// manifest aside before rewriting it from the folders. Images are never deleted.
        /// </summary>
        public static DatasetWriter Open(string root, DatasetWriterOptions? options = null)
        {
            if (string.IsNullOrWhiteSpace(root)) throw new DatasetException("dataset path must not be empty");
            string full = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (File.Exists(full)) throw DatasetException.At(full, "is a file; a dataset is a folder");
            Directory.CreateDirectory(full);
            if (!File.Exists(Path.Combine(full, DatasetLayout.ManifestFile)))
            {
                var others = new DirectoryInfo(full).GetDirectories().Where(d => !DatasetLayout.IsHidden(d.Name) && d.Name != DatasetLayout.FramesFolder).Select(d => d.Name).ToArray();
                if (others.Length > 0)
                    throw DatasetException.At(full, $"holds folders ({string.Join(", ", others.Take(3))}) but no {DatasetLayout.ManifestFile}: it looks like an ImageFolder tree, not a Sightline dataset; write to an empty folder");
            }
            var datasetLock = DatasetLock.Acquire(full);
            try
            {
                var problems = new List<DatasetProblem>();
                DeleteTempFiles(full, problems);
                var dataset = Dataset.OpenSightline(full, true, datasetLock);
                problems.AddRange(dataset.Problems);
                var writer = new DatasetWriter(full, datasetLock, dataset.Manifest!, problems, options ?? new DatasetWriterOptions());
                // Make the manifest match the folders now, so what a reader sees no longer depends on recovery.
                if (problems.Count > 0 || !File.Exists(writer._manifestPath)) ManifestFile.Write(writer._manifestPath, writer._manifest);
                return writer;
            }
            catch
            {
                datasetLock.Dispose();
                throw;
            }
        }

        static void DeleteTempFiles(string root, List<DatasetProblem> problems)
        {
            var dirs = new List<string> { root };
            string frames = Path.Combine(root, DatasetLayout.FramesFolder);
            if (Directory.Exists(frames)) dirs.AddRange(Directory.GetDirectories(frames));
            foreach (var dir in dirs)
                foreach (var file in Directory.GetFiles(dir, "*" + DatasetLayout.TempSuffix))
                {
                    AtomicFile.TryDelete(file);
                    problems.Add(new DatasetProblem(ProblemSeverity.Warning, file, "half-written file left by an interrupted writer; deleted"));
                }
        }

        /// <summary>
        /// Writes one frame now, on the calling thread (image, then manifest), and returns its record.
        /// <paramref name="details"/> (split, scene, pose, id...) go into the manifest; none means a training frame.
        /// </summary>
        public FrameRecord Write(Frame frame, string label, CaptureDetails? details = null)
        {
            ThrowIfDisposed();
            var pending = PendingFrame.Check(frame, label, details);
            CheckLabelCase(label);
            lock (_io)
            {
                var record = WriteImage(pending);
                SaveManifest();
                Raise(record);
                return record;
            }
        }

        /// <summary>
        /// Queues a frame for the writer thread and returns at once. Returns false (and raises <see cref="FrameDropped"/>)
        /// when <see cref="DatasetWriterOptions.MaxPendingFrames"/> frames are already waiting. Bad sizes or labels throw here.
        /// The writer keeps <paramref name="frame"/>'s pixels until it is written: do not change them afterwards.
        /// </summary>
        public bool Enqueue(Frame frame, string label, CaptureDetails? details = null)
        {
            ThrowIfDisposed();
            var pending = PendingFrame.Check(frame, label, details);
            CheckLabelCase(label);
            lock (_queueLock)
            {
                if (_stopping) throw new ObjectDisposedException(nameof(DatasetWriter));
                if (_enqueued - _completed >= _options.MaxPendingFrames)
                {
                    Interlocked.Increment(ref _dropped);
                    var dropped = FrameDropped;
                    if (dropped != null) Safe(() => dropped(label));
                    return false;
                }
                _queue.Enqueue(pending);
                _enqueued++;
                if (_thread == null)
                {
                    _thread = new Thread(WriterLoop) { IsBackground = true, Name = "Sightline dataset writer" };
                    _thread.Start();
                }
                Monitor.PulseAll(_queueLock);
            }
            return true;
        }

        // "Car" and "car" would share one folder on Windows and macOS, and be two classes elsewhere: refuse the second spelling.
        void CheckLabelCase(string label)
        {
            lock (_labelsIgnoringCase)
            {
                if (_labelsIgnoringCase.TryGetValue(label, out var existing))
                {
                    if (existing != label)
                        throw new ArgumentException($"label '{label}' differs only in letter case from the dataset's label '{existing}' (their folders would collide on Windows and macOS)");
                }
                else
                {
                    _labelsIgnoringCase[label] = label;
                }
            }
        }

        /// <summary>Completes when every frame enqueued before the call is on disk (or has failed) and in the manifest.</summary>
        public Task FlushAsync(CancellationToken cancellationToken = default)
        {
            TaskCompletionSource<bool> done;
            lock (_queueLock)
            {
                if (_completed >= _enqueued) return Task.CompletedTask;
                done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((_enqueued, done));
            }
            if (!cancellationToken.CanBeCanceled) return done.Task;
            var registration = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
            return done.Task.ContinueWith(t =>
            {
                registration.Dispose();
                return t;
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
        }

        /// <summary>Blocks until every frame enqueued so far is written. Not for a game's main thread: use <see cref="FlushAsync"/>.</summary>
        public void Flush() => FlushAsync().GetAwaiter().GetResult();

        void WriterLoop()
        {
            var batch = new List<PendingFrame>();
            while (true)
            {
                batch.Clear();
                lock (_queueLock)
                {
                    while (_queue.Count == 0 && !_stopping) Monitor.Wait(_queueLock);
                    if (_queue.Count == 0 && _stopping) return;
                    while (_queue.Count > 0 && batch.Count < Math.Max(1, _options.FramesPerManifestWrite)) batch.Add(_queue.Dequeue());
                }
                var written = new List<FrameRecord>();
                lock (_io)
                {
                    foreach (var frame in batch)
                    {
                        try
                        {
                            written.Add(WriteImage(frame));
                        }
                        catch (Exception e) when (IsWriteFailure(e))
                        {
                            Interlocked.Increment(ref _failed);
                            var failed = FrameFailed;
                            if (failed != null) Safe(() => failed(frame.Label, e));
                        }
                    }
                    if (written.Count > 0)
                    {
                        try
                        {
                            SaveManifest();
                        }
                        catch (Exception e) when (IsWriteFailure(e))
                        {
                            // The images are on disk; the next Open lists them again from the folders.
                            var failed = FrameFailed;
                            if (failed != null) Safe(() => failed(batch[batch.Count - 1].Label, e));
                        }
                    }
                }
                foreach (var record in written) Raise(record);
                lock (_queueLock)
                {
                    _completed += batch.Count;
                    for (int i = _waiters.Count - 1; i >= 0; i--)
                    {
                        if (_waiters[i].target <= _completed)
                        {
                            _waiters[i].done.TrySetResult(true);
                            _waiters.RemoveAt(i);
                        }
                    }
                }
            }
        }

        static bool IsWriteFailure(Exception e) => e is IOException || e is UnauthorizedAccessException || e is DatasetException || e is ArgumentException || e is NotSupportedException;

        // Caller holds _io.
        FrameRecord WriteImage(PendingFrame frame)
        {
            string id = frame.Details.Id ?? NextId();
            if (_ids.Contains(id)) throw DatasetException.At(Path.Combine(Root, DatasetLayout.FramesFolder, frame.Label, id + ".png"), $"frame id '{id}' is already in the dataset");
            string dir = Path.Combine(Root, DatasetLayout.FramesFolder, frame.Label);
            Directory.CreateDirectory(dir);
            string final = Path.Combine(dir, id + ".png");
            if (File.Exists(final)) throw DatasetException.At(final, "a file with this frame's id already exists");
            string temp = AtomicFile.TempPathFor(final);
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    PngFrameEncoder.Encode(frame.Image, WriteFaults.Wrap(stream));
                    stream.Flush(true);
                }
                File.Move(temp, final);
            }
            catch (Exception e)
            {
                AtomicFile.TryDelete(temp);
                var full = DiskFullException.From(e, final);
                if (full != null) throw full;
                throw;
            }
            var record = new FrameRecord(id, frame.Label, DatasetLayout.FramesFolder + "/" + frame.Label + "/" + id + ".png")
            {
                Split = frame.Details.Split,
                Source = frame.Details.Source ?? "",
                Scene = frame.Details.Scene ?? "",
                Pose = frame.Details.Pose,
                Time = frame.Details.Time,
                CapturedUtcTicks = frame.CapturedUtc.ToUniversalTime().Ticks,
                Width = frame.Image.Width,
                Height = frame.Image.Height,
            };
            _ids.Add(id);
            _manifest.Frames.Add(record);
            if (!_manifest.Labels.Contains(frame.Label))
            {
                _manifest.Labels.Add(frame.Label);
                _manifest.Labels.Sort(StringComparer.Ordinal);
            }
            return record;
        }

        string NextId()
        {
            while (true)
            {
                string id = (_nextNumber++).ToString("D8", CultureInfo.InvariantCulture);
                if (!_ids.Contains(id)) return id;
            }
        }

        void SaveManifest() => ManifestFile.Write(_manifestPath, _manifest);

        void Raise(FrameRecord record)
        {
            var written = FrameWritten;
            if (written != null) Safe(() => written(record));
        }

        // A throwing event handler must not kill the writer thread (which would lose every queued frame).
        static void Safe(Action action)
        {
            try
            {
                action();
            }
            catch (Exception)
            {
            }
        }

        void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(DatasetWriter), "the dataset writer for " + Root + " is closed");
        }

        /// <summary>Writes every queued frame, stops the writer thread and releases the dataset.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Thread? thread;
            lock (_queueLock)
            {
                _stopping = true;
                thread = _thread;
                Monitor.PulseAll(_queueLock);
            }
            // From a FrameWritten handler (the writer thread itself) the queue cannot be drained here: just stop.
            if (thread != null && thread != Thread.CurrentThread) thread.Join();
            lock (_queueLock)
            {
                foreach (var waiter in _waiters) waiter.done.TrySetResult(true);
                _waiters.Clear();
            }
            _lock.Dispose();
        }
    }
}
