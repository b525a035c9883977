using System;
using System.Collections.Generic;

namespace Sightline.Dispatch
{
    /// <summary>
    /// Work posted from any thread (inference results, writer reports) and run on the thread that drains it, which
    /// for components is Unity's main thread in Update: Unity objects and events handlers are touched only there.
    /// Actions run in the order they were posted. One failing action does not stop the rest.
    /// </summary>
    public sealed class MainThreadQueue
    {
        readonly object _gate = new object();
        Queue<Action> _posted = new Queue<Action>();
        Queue<Action> _running = new Queue<Action>();

        public int Count
        {
            get { lock (_gate) return _posted.Count; }
        }

        /// <summary>Queues <paramref name="action"/>; safe from any thread, never blocks on the draining thread's work.</summary>
        public void Post(Action action)
        {
            if (action == null) throw new ArgumentNullException(nameof(action));
            lock (_gate) _posted.Enqueue(action);
        }

        /// <summary>
        /// Runs what was posted before this call (not what those actions post in turn: that waits for the next drain,
        /// so a handler that posts cannot stall a frame). Exceptions go to <paramref name="onError"/> (Unity:
        /// Debug.LogException); without one they are rethrown after the others ran (an AggregateException when several). Returns the actions run.
        /// </summary>
        public int Drain(Action<Exception>? onError = null)
        {
            lock (_gate)
            {
                if (_posted.Count == 0) return 0;
                var swap = _running;
                _running = _posted;
                _posted = swap;
            }
            int count = 0;
            List<Exception>? errors = null;
            while (_running.Count > 0)
            {
                var action = _running.Dequeue();
                count++;
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    if (onError != null) onError(e);
                    else (errors ??= new List<Exception>()).Add(e);
                }
            }
            if (errors != null) throw errors.Count == 1 ? errors[0] : new AggregateException(errors);
            return count;
        }

        /// <summary>Drops everything still queued (a component being disabled).</summary>
        public void Clear()
        {
            lock (_gate) _posted.Clear();
        }
    }
}
