using System;
using System.Collections.Generic;
using System.Threading;

namespace Sightline.Capture
{
    /// <summary>
    /// Writes captured frames on a background thread so a capture never costs the game a frame: <see cref="TryEnqueue"/>
    /// only takes a lock to add to a bounded queue. When the sink falls behind and the queue is full, the new frame
    /// is dropped and counted (<see cref="Dropped"/>) rather than the game waiting. Sink failures are reported through
    /// <see cref="Failed"/> and do not stop the writer. Events are raised on the writer thread: components forward
    /// them to the main thread. Dispose writes what is queued, up to a time limit, and stops the thread.
    /// </summary>
    public sealed class CaptureWriter : IDisposable
    {
        readonly ICaptureSink _sink;
        readonly object _gate = new object();
        readonly Queue<CapturedFrame> _queue = new Queue<CapturedFrame>();
        readonly Thread _worker;
        bool _stopping;
        bool _busy;
        long _written, _dropped, _failed;

        public CaptureWriter(ICaptureSink sink, int capacity = 64)
        {
            _sink = sink ?? throw new ArgumentNullException(nameof(sink));
            if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "the capture queue must hold at least one frame");
            Capacity = capacity;
            _worker = new Thread(Run) { IsBackground = true, Name = "Sightline capture writer" };
            _worker.Start();
        }

        public int Capacity { get; }
        public long Written => Interlocked.Read(ref _written);
        public long Dropped => Interlocked.Read(ref _dropped);
        public long FailedCount => Interlocked.Read(ref _failed);
        public int Queued
        {
            get { lock (_gate) return _queue.Count; }
        }

        /// <summary>Raised on the writer thread after a frame was stored, with where the sink put it.</summary>
        public event Action<CapturedFrame, string>? FrameWritten;
        /// <summary>Raised on the writer thread when the sink threw for a frame.</summary>
        public event Action<CapturedFrame, Exception>? Failed;

        /// <summary>Queues a frame; false (and counted as dropped) when the queue is full or the writer is disposed. Never blocks on I/O.</summary>
        public bool TryEnqueue(CapturedFrame frame)
        {
            if (frame == null) throw new ArgumentNullException(nameof(frame));
            lock (_gate)
            {
                if (_stopping || _queue.Count >= Capacity)
                {
                    Interlocked.Increment(ref _dropped);
                    return false;
                }
                _queue.Enqueue(frame);
                Monitor.Pulse(_gate);
                return true;
            }
        }

        /// <summary>Waits until every queued frame was written or failed; false on timeout. Not for the main thread.</summary>
        public bool Flush(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            lock (_gate)
            {
                while (_queue.Count > 0 || _busy)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero) return false;
                    Monitor.Wait(_gate, left);
                }
                return true;
            }
        }

        /// <summary>Stops taking frames, writes what is queued (waiting at most <paramref name="timeout"/>), stops the thread.</summary>
        public void Dispose(TimeSpan timeout)
        {
            lock (_gate)
            {
                if (_stopping) return;
                _stopping = true;
                Monitor.PulseAll(_gate);
            }
            if (!_worker.Join(timeout))
            {
                // The sink is stuck (a hung disk): abandon what is left rather than hang the caller.
                lock (_gate)
                {
                    Interlocked.Add(ref _dropped, _queue.Count);
                    _queue.Clear();
                }
            }
        }

        public void Dispose() => Dispose(TimeSpan.FromSeconds(10));

        void Run()
        {
            while (true)
            {
                CapturedFrame frame;
                lock (_gate)
                {
                    _busy = false;
                    Monitor.PulseAll(_gate);
                    while (_queue.Count == 0 && !_stopping) Monitor.Wait(_gate);
                    if (_queue.Count == 0) return;
                    frame = _queue.Dequeue();
                    _busy = true;
                }
                string? where = null;
                Exception? error = null;
                try
                {
                    where = _sink.Write(frame);
                    Interlocked.Increment(ref _written);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref _failed);
                    error = e;
                }
                // Handlers run outside the try: a throwing handler is its own bug, not a failed write.
                if (error != null) Failed?.Invoke(frame, error);
                else FrameWritten?.Invoke(frame, where!);
            }
        }
    }
}
