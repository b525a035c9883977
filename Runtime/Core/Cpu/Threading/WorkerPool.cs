using System;
using System.Threading;

namespace Sightline.Cpu
{
    /// <summary>
    /// A fixed number of threads that run <see cref="ParallelJob"/> items; the calling thread is worker 0. Items are
    /// handed out dynamically, so callers must make each item's result independent of which worker runs it (every
    /// CPU layer does: an item writes its own outputs and reduces in a fixed order). That makes results the same for
    /// any thread count, not only for the same one.
    /// </summary>
    public sealed class WorkerPool : IDisposable
    {
        readonly Thread[] _threads;
        readonly SemaphoreSlim[] _start;
        readonly CountdownEvent _done;
        ParallelJob? _job;
        int _count;
        int _next;
        volatile bool _stopping;
        Exception? _failure;

        public WorkerPool(int threadCount)
        {
            if (threadCount < 1 || threadCount > 256) throw new ArgumentOutOfRangeException(nameof(threadCount), threadCount, "thread count must be between 1 and 256");
            ThreadCount = threadCount;
            _threads = new Thread[threadCount - 1];
            _start = new SemaphoreSlim[threadCount - 1];
            _done = new CountdownEvent(1);
            for (int i = 0; i < _threads.Length; i++)
            {
                int worker = i + 1;
                _start[i] = new SemaphoreSlim(0);
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
            _job = job;
            _count = count;
            _next = 0;
            _failure = null;
            int helpers = Math.Min(_threads.Length, count - 1);
            _done.Reset(helpers);
            for (int i = 0; i < helpers; i++) _start[i].Release();
            Drain(0);
            _done.Wait();
            _job = null;
            if (_failure != null) throw new AggregateException("a CPU engine worker failed", _failure);
        }

        void Drain(int worker)
        {
            var job = _job!;
            try
            {
                int item;
                while ((item = Interlocked.Increment(ref _next) - 1) < _count) job.Execute(item, worker);
            }
            catch (Exception e)
            {
                _failure = e;
                Interlocked.Exchange(ref _next, _count);
            }
        }

        void WorkerLoop(int worker)
        {
            var start = _start[worker - 1];
            while (true)
            {
                start.Wait();
                if (_stopping) return;
                Drain(worker);
                _done.Signal();
            }
        }

        public void Dispose()
        {
            if (_stopping) return;
            _stopping = true;
            foreach (var s in _start) s.Release();
            foreach (var t in _threads) t.Join();
            foreach (var s in _start) s.Dispose();
            _done.Dispose();
        }
    }
}
