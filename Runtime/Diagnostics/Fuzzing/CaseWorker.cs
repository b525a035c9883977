using System;
using System.Threading;

namespace Sightline.Reliability.Fuzzing
{
    /// <summary>
    /// Runs one case at a time on its own thread so the caller can give up on a hang: .NET cannot abort a thread,
    /// so a hung worker is abandoned (it is a background thread) and a fresh one takes its place. Also measures what
    /// each case allocated on that thread.
    /// </summary>
    sealed class CaseWorker : IDisposable
    {
        readonly Thread _thread;
        readonly SemaphoreSlim _start = new SemaphoreSlim(0);
        readonly ManualResetEventSlim _done = new ManualResetEventSlim(false);
        Action? _work;
        Exception? _error;
        long _allocated;
        volatile bool _stopping;

        public CaseWorker(string name)
        {
            // A large stack: deep but finite recursion in a parser is not what we are looking for.
            _thread = new Thread(Loop, 16 * 1024 * 1024) { IsBackground = true, Name = name };
            _thread.Start();
        }

        /// <summary>Runs <paramref name="work"/>; false when it did not finish within <paramref name="timeout"/> (the worker is then unusable).</summary>
        public bool TryRun(Action work, TimeSpan timeout, out Exception? error, out long allocatedBytes)
        {
            _work = work;
            _error = null;
            _allocated = 0;
            _done.Reset();
            _start.Release();
            if (!_done.Wait(timeout))
            {
                error = null;
                allocatedBytes = 0;
                return false;
            }
            error = _error;
            allocatedBytes = _allocated;
            return true;
        }

        void Loop()
        {
            while (true)
            {
                _start.Wait();
                if (_stopping) return;
                long before = AllocatedBytes();
                try
                {
                    _work!();
                }
                catch (Exception e)
                {
                    _error = e;
                }
                _allocated = AllocatedBytes() - before;
                _done.Set();
            }
        }

        static long AllocatedBytes()
        {
#if NET
            return GC.GetAllocatedBytesForCurrentThread();
#else
            return GC.GetTotalMemory(false);
#endif
        }

        /// <summary>Stops an idle worker; an abandoned (hung) one is left to the process exit.</summary>
        public void Dispose()
        {
            _stopping = true;
            _start.Release();
        }
    }
}
