using System;
using System.Collections.Generic;

namespace Sightline.Cpu
{
    /// <summary>
    /// What the CPU layers need to run: the worker threads, each worker's GEMM packing buffers, and scratch memory.
    /// One context serves one caller at a time (the engine owns one). Scratch only grows; the engine reserves the
    /// sizes it needs up front, so training steps allocate nothing.
    /// </summary>
    public sealed unsafe class CpuContext : IDisposable
    {
        readonly NativeBuffer[] _packA;
        readonly NativeBuffer[] _packB;
        readonly NativeBuffer?[] _workerScratch;
        readonly NativeBuffer?[] _shared = new NativeBuffer?[4];
        readonly Dictionary<Type, ParallelJob> _jobs = new Dictionary<Type, ParallelJob>();

        /// <param name="threadCount">Worker threads including the caller; 0 = one per logical processor.</param>
        public CpuContext(int threadCount = 0)
        {
            if (threadCount < 0) throw new ArgumentOutOfRangeException(nameof(threadCount), threadCount, "thread count must be 0 (all processors) or positive");
            if (threadCount == 0) threadCount = Environment.ProcessorCount;
            Pool = new WorkerPool(threadCount);
            _packA = new NativeBuffer[threadCount];
            _packB = new NativeBuffer[threadCount];
            _workerScratch = new NativeBuffer?[threadCount];
            for (int i = 0; i < threadCount; i++)
            {
                _packA[i] = new NativeBuffer(Gemm.PackASize);
                _packB[i] = new NativeBuffer(Gemm.PackBSize);
            }
        }

        public int ThreadCount => Pool.ThreadCount;
        internal WorkerPool Pool { get; }

        internal float* PackA(int worker) => _packA[worker].Pointer;
        internal float* PackB(int worker) => _packB[worker].Pointer;

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

        /// <summary>Scratch shared by all workers (slot 0: im2col columns, 1: their gradient), at least <paramref name="floats"/> long.</summary>
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

        public void Dispose()
        {
            Pool.Dispose();
            foreach (var b in _packA) b.Dispose();
            foreach (var b in _packB) b.Dispose();
            foreach (var b in _workerScratch) b?.Dispose();
            foreach (var b in _shared) b?.Dispose();
        }
    }
}
