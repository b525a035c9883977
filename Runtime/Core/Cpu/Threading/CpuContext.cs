using System;
using System.Collections.Generic;

namespace Sightline.Cpu
{
    /// <summary>
    /// What the CPU layers need to run: the worker threads and scratch memory (per worker, and shared: im2col matrices, GEMM packing).
    /// One context serves one caller at a time (the engine owns one). Scratch only grows; the engine reserves the
    /// sizes it needs up front, so training steps allocate nothing.
    /// </summary>
    public sealed unsafe class CpuContext : IDisposable
    {
        readonly NativeBuffer?[] _workerScratch;
        readonly NativeBuffer?[] _shared = new NativeBuffer?[6];
        readonly Dictionary<Type, ParallelJob> _jobs = new Dictionary<Type, ParallelJob>();
        readonly long[] _unfoldTicks; // per worker, 16 apart so that workers never share a cache line

        /// <param name="threadCount">Worker threads including the caller; 0 = one per logical processor.</param>
        public CpuContext(int threadCount = 0)
        {
            if (threadCount < 0) throw new ArgumentOutOfRangeException(nameof(threadCount), threadCount, "thread count must be 0 (all processors) or positive");
            if (threadCount == 0) threadCount = Environment.ProcessorCount;
            Pool = new WorkerPool(threadCount);
            _workerScratch = new NativeBuffer?[threadCount];
            _unfoldTicks = new long[threadCount * 16];
        }

        /// <summary>
        /// When set, convolutions add the time their workers spend unfolding images (im2col, and its fold back in the
        /// input gradient) to <see cref="UnfoldSeconds"/>: the part of a convolution that is not the multiply.
        /// </summary>
        public bool Profile { get; set; }

        /// <summary>Worker seconds spent unfolding since the last <see cref="ResetUnfoldTime"/> (summed over workers; see <see cref="Profile"/>).</summary>
        public double UnfoldSeconds
        {
            get
            {
                long ticks = 0;
                for (int i = 0; i < _unfoldTicks.Length; i += 16) ticks += _unfoldTicks[i];
                return ticks / (double)System.Diagnostics.Stopwatch.Frequency;
            }
        }

        public void ResetUnfoldTime() => Array.Clear(_unfoldTicks, 0, _unfoldTicks.Length);

        /// <summary>Start of a timed stretch (0 unless <see cref="Profile"/>).</summary>
        internal long UnfoldStart() => Profile ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;

        /// <summary>Ends a stretch begun with <see cref="UnfoldStart"/> on <paramref name="worker"/>.</summary>
        internal void UnfoldEnd(int worker, long start)
        {
            if (Profile) _unfoldTicks[worker * 16] += System.Diagnostics.Stopwatch.GetTimestamp() - start;
        }

        public int ThreadCount => Pool.ThreadCount;
        internal WorkerPool Pool { get; }

        /// <summary>Per-worker scratch of at least <paramref name="floats"/> floats (grows if needed; call <see cref="ReserveWorkerScratch"/> first to avoid growing in a loop).</summary>
        internal float* WorkerScratch(int worker, long floats)
        {
            var buffer = _workerScratch[worker];
            if (buffer == null || buffer.Length < floats)
            {
                buffer?.Dispose();
                buffer = new NativeBuffer(Math.Max(floats, 1024));
                _workerScratch[worker] = buffer;
            }
            return buffer.Pointer;
        }

        public void ReserveWorkerScratch(long floats)
        {
            for (int i = 0; i < _workerScratch.Length; i++) WorkerScratch(i, floats);
        }

        /// <summary>Scratch shared by all workers (slot 0: im2col columns, 1: their gradient, 2 and 3: GEMM's packed A and B, 4: a layer's packed weights), at least <paramref name="floats"/> long.</summary>
        internal float* Shared(int slot, long floats)
        {
            var buffer = _shared[slot];
            if (buffer == null || buffer.Length < floats)
            {
                buffer?.Dispose();
                buffer = new NativeBuffer(Math.Max(floats, 1024));
                _shared[slot] = buffer;
            }
            return buffer.Pointer;
        }

        public void ReserveShared(int slot, long floats) => Shared(slot, floats);

        /// <summary>The context's one instance of a job type (jobs are reused so parallel loops allocate nothing).</summary>
        internal T Job<T>() where T : ParallelJob, new()
        {
            if (_jobs.TryGetValue(typeof(T), out var job)) return (T)job;
            var created = new T();
            _jobs[typeof(T)] = created;
            return created;
        }

        /// <summary>Runs <paramref name="count"/> items of <paramref name="job"/> on the workers.</summary>
        internal void Run(int count, ParallelJob job) => Pool.Run(count, job);

        /// <summary>
        /// Elements per item of an element-wise job (activations, dropout, the SGD update): enough work that handing out
        /// an item costs nothing next to it, few enough that one layer still spreads over every worker.
        /// </summary>
        internal const int ElementChunk = 16384;

        /// <summary>Runs an element-wise job over <paramref name="elements"/> elements, <see cref="ElementChunk"/> to an item.</summary>
        internal void RunElements(int elements, ParallelJob job) => Run((elements + ElementChunk - 1) / ElementChunk, job);

        /// <summary>The elements item <paramref name="item"/> of <see cref="RunElements"/> covers: [start, end).</summary>
        internal static (int start, int end) ElementRange(int item, int elements)
        {
            int start = item * ElementChunk;
            return (start, Math.Min(elements, start + ElementChunk));
        }

        public void Dispose()
        {
            Pool.Dispose();
            foreach (var b in _workerScratch) b?.Dispose();
            foreach (var b in _shared) b?.Dispose();
        }
    }
}
