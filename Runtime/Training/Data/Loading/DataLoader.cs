using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Sightline.Randomness;

namespace Sightline.Data
{
    /// <summary>
    /// Forms batches from a <see cref="FrameCache"/> on background threads, a few batches ahead of the consumer, with
    /// bounded memory (<see cref="LoaderOptions.Prefetch"/>). Everything random is a function of (seed, epoch,
    /// position in the epoch) only: the order is a shuffle seeded by (seed, epoch) and each image's augmentation
    /// comes from a generator seeded by (seed, epoch, position), so the same seed and epoch give the same batches
    /// whatever the number of threads or their timing.
    /// </summary>
    public sealed class DataLoader : IDisposable
    {
        readonly FrameCache _cache;
        readonly int[] _entries;
        readonly LoaderOptions _options;
        readonly float[] _meanCrop;
        readonly AugmentParams[] _tenViews;
        readonly ConcurrentBag<float[]> _inputPool = new ConcurrentBag<float[]>();
        readonly ConcurrentBag<byte[]> _framePool = new ConcurrentBag<byte[]>();
        EpochRun? _current;
        bool _disposed;

        /// <summary>A loader over the given cache entries (e.g. <see cref="FrameCache.EntriesIn"/>).</summary>
        public DataLoader(FrameCache cache, IReadOnlyList<int> entries, LoaderOptions options)
        {
            _cache = cache ?? throw new ArgumentNullException(nameof(cache));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (options.Augmentation.StoredSize != cache.StoredSize)
                throw new ArgumentException($"augmentation expects {options.Augmentation.StoredSize}x{options.Augmentation.StoredSize} frames, the cache {cache.Path} holds {cache.StoredSize}x{cache.StoredSize}");
            if (options.BatchSize < 1) throw new ArgumentException($"batch size must be positive (got {options.BatchSize})");
            _entries = new int[entries.Count];
            for (int i = 0; i < _entries.Length; i++)
            {
                if ((uint)entries[i] >= (uint)cache.Count) throw new ArgumentOutOfRangeException(nameof(entries), entries[i], $"the cache holds {cache.Count} frames");
                _entries[i] = entries[i];
            }
            _meanCrop = cache.MeanCrop(options.Augmentation.InputSize);
            _tenViews = AugmentationSampler.TenViews(cache.StoredSize, options.Augmentation.InputSize);
        }

        /// <summary>A loader over one split of the cache.</summary>
        public static DataLoader ForSplit(FrameCache cache, DatasetSplit split, LoaderOptions options) => new DataLoader(cache, cache.EntriesIn(split), options);

        public FrameCache Cache => _cache;
        public LoaderOptions Options => _options;
        public int FrameCount => _entries.Length;
        public int BatchesPerEpoch => _options.DropLast ? _entries.Length / _options.BatchSize : (_entries.Length + _options.BatchSize - 1) / _options.BatchSize;
        /// <summary>The [3, I, I] mean every input has subtracted (the GPU path needs it too).</summary>
        public float[] MeanCrop => _meanCrop;

        /// <summary>The cache entries of an epoch in the order its batches take them.</summary>
        public int[] EpochOrder(int epoch)
        {
            var order = (int[])_entries.Clone();
            if (_options.Shuffle) new SeededRandom(Mix(_options.Seed, (ulong)epoch, ulong.MaxValue)).Shuffle(order.AsSpan());
            return order;
        }

        /// <summary>The augmentation of the image at <paramref name="position"/> of <paramref name="epoch"/> (single-view mode).</summary>
        public AugmentParams ParamsAt(int epoch, int position) =>
            AugmentationSampler.Draw(new SeededRandom(Mix(_options.Seed, (ulong)epoch, (ulong)position)), _options.Augmentation, _cache.Pca);

        /// <summary>
        /// The batches of one epoch, from <paramref name="firstBatch"/> (to resume mid-epoch). Background threads start
        /// with the enumeration and stop when it ends or is disposed; one epoch at a time per loader.
        /// </summary>
        public IEnumerable<Batch> ReadEpoch(int epoch, int firstBatch = 0, CancellationToken cancellationToken = default)
        {
            if (_disposed) throw new ObjectDisposedException(nameof(DataLoader));
            if (firstBatch < 0) throw new ArgumentOutOfRangeException(nameof(firstBatch), firstBatch, "must not be negative");
            return Iterate(epoch, firstBatch, cancellationToken);
        }

        IEnumerable<Batch> Iterate(int epoch, int firstBatch, CancellationToken cancellationToken)
        {
            _current?.Dispose();
            var run = new EpochRun(this, epoch, EpochOrder(epoch), firstBatch, BatchesPerEpoch, cancellationToken);
            _current = run;
            try
            {
                for (int b = firstBatch; b < BatchesPerEpoch; b++) yield return run.Take(b);
            }
            finally
            {
                run.Dispose();
                if (_current == run) _current = null;
            }
        }

        /// <summary>Forms one batch on the calling thread (what the workers do); deterministic.</summary>
        public Batch MakeBatch(int epoch, int index) => MakeBatch(epoch, index, EpochOrder(epoch));

        internal Batch MakeBatch(int epoch, int index, int[] order)
        {
            int b = _options.BatchSize;
            int start = index * b;
            int count = Math.Min(b, order.Length - start);
            if (count <= 0) throw new ArgumentOutOfRangeException(nameof(index), index, $"epoch has {BatchesPerEpoch} batches");
            int views = _options.TenViews ? 10 : 1;
            int n = _options.Augmentation.InputSize, s = _cache.StoredSize;
            int inputLength = count * views * 3 * n * n;
            int frameBytes = _cache.FrameBytes;
            float[]? input = _options.ProduceInput ? RentInput(inputLength) : null;
            byte[]? frames = _options.ProduceFrames ? RentFrames(count * frameBytes) : null;
            var batch = new Batch(this, epoch, index, count, views, s, n, input, frames);
            int inputStride = 3 * n * n;
            for (int i = 0; i < count; i++)
            {
                int position = start + i;
                int entry = order[position];
                batch.Labels[i] = _cache.Entries[entry].LabelIndex;
                batch.Entries[i] = entry;
                if (views == 10) Array.Copy(_tenViews, 0, batch.Params, i * 10, 10);
                else batch.Params[i] = ParamsAt(epoch, position);
                var frame = _cache.Frame(entry);
                if (frames != null) frame.CopyTo(frames.AsSpan(i * frameBytes, frameBytes));
                if (input != null)
                    for (int v = 0; v < views; v++)
                        AugmentApply.Apply(frame, s, batch.Params[i * views + v], _meanCrop, n, input.AsSpan((i * views + v) * inputStride, inputStride));
            }
            return batch;
        }

        float[] RentInput(int length)
        {
            if (_inputPool.TryTake(out var a) && a.Length == length) return a;
            return new float[length];
        }

        byte[] RentFrames(int length)
        {
            if (_framePool.TryTake(out var a) && a.Length == length) return a;
            return new byte[length];
        }

        internal void Return(float[]? input, byte[]? frames)
        {
            if (_disposed) return;
            int cap = _options.Prefetch + 2;
            if (input != null && _inputPool.Count < cap) _inputPool.Add(input);
            if (frames != null && _framePool.Count < cap) _framePool.Add(frames);
        }

        internal int WorkerCount => _options.Workers > 0 ? _options.Workers : Math.Max(1, Math.Min(4, Environment.ProcessorCount - 1));

        static ulong Mix(ulong seed, ulong epoch, ulong position)
        {
            ulong x = seed;
            x = SplitMix(x ^ (epoch * 0x9E3779B97F4A7C15UL));
            x = SplitMix(x ^ (position * 0xD1B54A32D192ED03UL));
            return x;
        }

        static ulong SplitMix(ulong z)
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public void Dispose()
        {
            if (_disposed) return;
            _current?.Dispose();
            _current = null;
            _disposed = true;
            while (_inputPool.TryTake(out _)) { }
            while (_framePool.TryTake(out _)) { }
        }

        /// <summary>One epoch's worker threads and the batches they have formed but the consumer has not taken.</summary>
        sealed class EpochRun : IDisposable
        {
            readonly DataLoader _loader;
            readonly int _epoch;
            readonly int[] _order;
            readonly int _end;
            readonly object _gate = new object();
            readonly Dictionary<int, Batch> _ready = new Dictionary<int, Batch>();
            readonly Thread[] _threads;
            readonly CancellationToken _token;
            readonly CancellationTokenRegistration _registration;
            int _next, _consumed;
            bool _stopped;
            Exception? _error;

            public EpochRun(DataLoader loader, int epoch, int[] order, int first, int end, CancellationToken token)
            {
                _loader = loader;
                _epoch = epoch;
                _order = order;
                _next = first;
                _consumed = first;
                _end = end;
                _token = token;
                _registration = token.Register(() =>
                {
                    lock (_gate)
                    {
                        _stopped = true;
                        Monitor.PulseAll(_gate);
                    }
                });
                _threads = new Thread[Math.Min(loader.WorkerCount, Math.Max(1, end - first))];
                for (int i = 0; i < _threads.Length; i++)
                {
                    _threads[i] = new Thread(Work) { IsBackground = true, Name = "Sightline data loader " + i };
                    _threads[i].Start();
                }
            }

            void Work()
            {
                int prefetch = Math.Max(1, _loader._options.Prefetch);
                while (true)
                {
                    int b;
                    lock (_gate)
                    {
                        while (!_stopped && _next < _end && _next >= _consumed + prefetch) Monitor.Wait(_gate);
                        if (_stopped || _next >= _end) return;
                        b = _next++;
                    }
                    Batch batch;
                    try
                    {
                        batch = _loader.MakeBatch(_epoch, b, _order);
                    }
                    catch (Exception e)
                    {
                        lock (_gate)
                        {
                            _error ??= e;
                            _stopped = true;
                            Monitor.PulseAll(_gate);
                        }
                        return;
                    }
                    lock (_gate)
                    {
                        if (_stopped)
                        {
                            batch.Dispose();
                            return;
                        }
                        _ready[b] = batch;
                        Monitor.PulseAll(_gate);
                    }
                }
            }

            public Batch Take(int b)
            {
                lock (_gate)
                {
                    while (true)
                    {
                        _token.ThrowIfCancellationRequested();
                        if (_ready.TryGetValue(b, out var batch))
                        {
                            _ready.Remove(b);
                            _consumed = b + 1;
                            Monitor.PulseAll(_gate);
                            return batch;
                        }
                        if (_error != null) throw new DatasetException($"forming batch {b} of epoch {_epoch} failed: {_error.Message}", _error);
                        if (_stopped) throw new ObjectDisposedException(nameof(DataLoader), "the epoch was stopped");
                        Monitor.Wait(_gate);
                    }
                }
            }

            public void Dispose()
            {
                lock (_gate)
                {
                    _stopped = true;
                    Monitor.PulseAll(_gate);
                }
                foreach (var t in _threads) t.Join();
                _registration.Dispose();
                foreach (var batch in _ready.Values) batch.Dispose();
                _ready.Clear();
            }
        }
    }
}
