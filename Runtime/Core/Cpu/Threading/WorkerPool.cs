using System;
using System.Diagnostics;
using System.Threading;

namespace Sightline.Cpu
{
    /// <summary>
    /// A fixed number of threads that run <see cref="ParallelJob"/> items; the calling thread is worker 0. Items are
    /// handed out dynamically, so callers must make each item's result independent of which worker runs it (every
    /// CPU layer does: an item writes its own outputs and reduces in a fixed order). That makes results the same for
    /// any thread count, not only for the same one.
    ///
    /// Latency matters as much as throughput (a batch-1 forward is some 30 parallel loops of under a millisecond):
    /// - a run is over when its items are done, not when every worker has checked in. A worker that the operating
    ///   system has not scheduled yet (a busy machine) leaves its share to the others instead of holding the caller;
    /// - workers spin for a short while after a run before they sleep, so the next loop of the same forward finds
    ///   them awake instead of paying a wake-up each time.
    /// Items are claimed through one 64-bit ticket (run number, next item): a worker that wakes late can only claim
    /// an item of the run that is current, never one of a run that has ended.
    /// </summary>
    public sealed class WorkerPool : IDisposable
    {
        // How long an idle worker spins for the next run before it sleeps.
        static readonly long SpinTicks = Stopwatch.Frequency / 20000; // 50 microseconds

        // The item part of a ticket while Run sets up the run (no item can be claimed).
        const int Closed = int.MaxValue;

        readonly Thread[] _threads;
        readonly SemaphoreSlim[] _wake;
        readonly int[] _sleeping; // 1 while worker i + 1 waits (or is about to wait) on _wake[i]
        ParallelJob? _job;
        int _count;
        long _ticket;             // (run << 32) | next unclaimed item
        int _completed;           // items of the current run finished
        volatile bool _stopping;
        Exception? _failure;

        public WorkerPool(int threadCount)
        {
            if (threadCount < 1 || threadCount > 256) throw new ArgumentOutOfRangeException(nameof(threadCount), threadCount, "thread count must be between 1 and 256");
            ThreadCount = threadCount;
            _threads = new Thread[threadCount - 1];
            _wake = new SemaphoreSlim[threadCount - 1];
            _sleeping = new int[threadCount - 1];
            for (int i = 0; i < _threads.Length; i++)
            {
                int worker = i + 1;
                _wake[i] = new SemaphoreSlim(0);
                _threads[i] = new Thread(() => WorkerLoop(worker)) { IsBackground = true, Name = "Sightline CPU " + worker };
                _threads[i].Start();
            }
        }

        public int ThreadCount { get; }

        /// <summary>Runs items 0..count-1 of <paramref name="job"/> and returns when all are done. Not re-entrant.</summary>
        public void Run(int count, ParallelJob job)
        {
            if (count <= 0) return;
            if (count == 1 || _threads.Length == 0)
            {
                for (int i = 0; i < count; i++) job.Execute(i, 0);
                return;
            }
            // Close the new run's ticket before its fields change, so that a worker holding the last run's ticket
            // cannot pair it with them; then open it, which publishes the fields.
            long run = (Volatile.Read(ref _ticket) >> 32) + 1;
            Interlocked.Exchange(ref _ticket, (run << 32) | Closed);
            _job = job;
            _count = count;
            _failure = null;
            Volatile.Write(ref _completed, 0);
            Interlocked.Exchange(ref _ticket, run << 32);
            int helpers = Math.Min(_threads.Length, count - 1);
            for (int i = 0; i < helpers; i++)
                if (Interlocked.CompareExchange(ref _sleeping[i], 0, 1) == 1) _wake[i].Release();
            Drain(0);
            // Items other workers claimed are running; wait for them (briefly: each is a fraction of the loop).
            int spins = 0;
            while (Volatile.Read(ref _completed) < count) Pause(ref spins);
            _job = null;
            if (_failure != null) throw new AggregateException("a CPU engine worker failed", _failure);
        }

        /// <summary>Claims and runs items of the current run until none is left.</summary>
        void Drain(int worker)
        {
            int spins = 0;
            while (true)
            {
                long ticket = Volatile.Read(ref _ticket);
                var job = Volatile.Read(ref _job);
                int count = Volatile.Read(ref _count);
                // Fields read under a ticket that has not moved belong to that ticket's run.
                if (Volatile.Read(ref _ticket) != ticket) continue;
                int item = (int)(ticket & 0xFFFFFFFF);
                if (item == Closed)
                {
                    Pause(ref spins); // Run is setting up this run: it opens in a moment
                    continue;
                }
                if (job == null || item >= count) return;
                if (Interlocked.CompareExchange(ref _ticket, ticket + 1, ticket) != ticket) continue;
                try { job.Execute(item, worker); }
                catch (Exception e) { Interlocked.CompareExchange(ref _failure, e, null); }
                Interlocked.Increment(ref _completed);
            }
        }

        /// <summary>
        /// One wait step: a growing busy spin, then yielding the processor to any thread ready to run (never a sleep,
        /// whose millisecond would dwarf the loops it waits between).
        /// </summary>
        static void Pause(ref int spins)
        {
            if (spins < 8) Thread.SpinWait(1 << spins);
            else Thread.Yield();
            spins++;
        }

        void WorkerLoop(int worker)
        {
            int slot = worker - 1;
            long seen = 0;
            while (true)
            {
                // Spin a while for the next run, then sleep until Run wakes this worker.
                long until = Stopwatch.GetTimestamp() + SpinTicks;
                int spins = 0;
                while (!_stopping && Volatile.Read(ref _ticket) >> 32 == seen && Stopwatch.GetTimestamp() < until) Pause(ref spins);
                if (!_stopping && Volatile.Read(ref _ticket) >> 32 == seen)
                {
                    Interlocked.Exchange(ref _sleeping[slot], 1);
                    // A run published between the check above and the flag: take back the flag unless Run already did
                    // (then its Release is on the way and must be consumed).
                    if (Volatile.Read(ref _ticket) >> 32 != seen || _stopping)
                    {
                        if (Interlocked.CompareExchange(ref _sleeping[slot], 0, 1) != 1) _wake[slot].Wait();
                    }
                    else _wake[slot].Wait();
                }
                if (_stopping) return;
                seen = Volatile.Read(ref _ticket) >> 32;
                Drain(worker);
            }
        }

        public void Dispose()
        {
            if (_stopping) return;
            _stopping = true;
            for (int i = 0; i < _wake.Length; i++)
                if (Interlocked.CompareExchange(ref _sleeping[i], 0, 1) == 1) _wake[i].Release();
            foreach (var t in _threads) t.Join();
            foreach (var s in _wake) s.Dispose();
        }
    }
}
