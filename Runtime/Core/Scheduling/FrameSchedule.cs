using System;
using System.Threading;

namespace Sightline.Scheduling
{
    /// <summary>
    /// Decides, once per rendered frame, whether to start classifying that frame: every <see cref="Interval"/> frames
    /// and whenever <see cref="RequestNow"/> was called, but never while <see cref="MaxInFlight"/> frames are still on
    /// their way (GPU readback and inference), so a slow model drops frames instead of queueing them. A frame that
    /// is due while the pipeline is full starts as soon as a slot frees, so the newest frame is the one classified.
    /// Call <see cref="ShouldStart"/> from one thread (Unity's main thread); <see cref="Completed"/> from any.
    /// </summary>
    public sealed class FrameSchedule
    {
        int _interval;
        int _inFlight;
        long _lastStart = long.MinValue;
        bool _requested;
        long _skipped;

        public FrameSchedule(int interval, int maxInFlight = 1)
        {
            Interval = interval;
            if (maxInFlight < 1) throw new ArgumentOutOfRangeException(nameof(maxInFlight), maxInFlight, "at least one frame must be allowed in flight");
            MaxInFlight = maxInFlight;
        }

        /// <summary>Classify every this many frames; 0 classifies only on <see cref="RequestNow"/>.</summary>
        public int Interval
        {
            get => _interval;
            set
            {
                if (value < 0) throw new ArgumentOutOfRangeException(nameof(Interval), value, "interval must be 0 (on demand only) or a number of frames");
                _interval = value;
            }
        }

        public int MaxInFlight { get; }
        public int InFlight => Volatile.Read(ref _inFlight);
        /// <summary>Frames that were due but not started because the pipeline was full.</summary>
        public long Skipped => _skipped;
        public bool IsRequested => _requested;

        /// <summary>Classify at the next opportunity, whatever the interval.</summary>
        public void RequestNow() => _requested = true;

        /// <summary>
        /// True when frame <paramref name="frame"/> should be classified; the caller then owns one in-flight slot and
        /// must call <see cref="Completed"/> once that frame's work ends (success, failure or dropped).
        /// </summary>
        public bool ShouldStart(long frame)
        {
            bool due = _requested || (_interval > 0 && (_lastStart == long.MinValue || frame - _lastStart >= _interval));
            if (!due) return false;
            if (Volatile.Read(ref _inFlight) >= MaxInFlight)
            {
                _skipped++;
                return false;
            }
            Interlocked.Increment(ref _inFlight);
            _lastStart = frame;
            _requested = false;
            return true;
        }

        /// <summary>One started frame has finished (or was abandoned); frees its slot.</summary>
        public void Completed()
        {
            if (Interlocked.Decrement(ref _inFlight) < 0)
            {
                Interlocked.Exchange(ref _inFlight, 0);
                throw new InvalidOperationException("Completed was called more often than ShouldStart returned true");
            }
        }

        /// <summary>Forgets frames in flight (when the component is disabled and their callbacks will be ignored).</summary>
        public void Reset()
        {
            Interlocked.Exchange(ref _inFlight, 0);
            _lastStart = long.MinValue;
            _requested = false;
        }
    }
}
