using System;

namespace Sightline.Scheduling
{
    /// <summary>What <see cref="CaptureSchedule.Tick"/> asks the caller to capture.</summary>
    public readonly struct CaptureRequest
    {
        public CaptureRequest(bool manual, string? label)
        {
            IsManual = manual;
            Label = label;
        }

        /// <summary>True for a hotkey (or scripted) capture, false for a scheduled one.</summary>
        public bool IsManual { get; }
        /// <summary>The label the hotkey gives the frame; null means "label it from the view".</summary>
        public string? Label { get; }
    }

    /// <summary>
    /// When to capture a camera view for a dataset: every <see cref="IntervalSeconds"/> of game time, and on demand
    /// (a hotkey) with or without a label. A manual request wins over a scheduled one in the same frame and also
    /// restarts the interval, so a hotkey press is not followed by a near-duplicate scheduled capture.
    /// </summary>
    public sealed class CaptureSchedule
    {
        double _interval;
        double _next = double.NaN;
        bool _manual;
        string? _manualLabel;

        public CaptureSchedule(double intervalSeconds)
        {
            IntervalSeconds = intervalSeconds;
        }

        /// <summary>Seconds between scheduled captures; 0 disables scheduled capture (hotkey only).</summary>
        public double IntervalSeconds
        {
            get => _interval;
            set
            {
                if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(IntervalSeconds), value, "capture interval must be 0 (hotkey only) or a positive number of seconds");
                _interval = value;
                _next = double.NaN;
            }
        }

        /// <summary>Capture at the next tick; <paramref name="label"/> null labels the frame from the view.</summary>
        public void Request(string? label = null)
        {
            _manual = true;
            _manualLabel = label;
        }

        /// <summary>Called once per frame with the game time; returns what to capture now, if anything.</summary>
        public CaptureRequest? Tick(double time)
        {
            if (_manual)
            {
                _manual = false;
                var request = new CaptureRequest(true, _manualLabel);
                _manualLabel = null;
                if (_interval > 0) _next = time + _interval;
                return request;
            }
            if (_interval <= 0) return null;
            if (double.IsNaN(_next)) _next = time; // the first scheduled capture happens at the first tick
            if (time < _next) return null;
            // Skip whole missed intervals (a hitch or a pause) instead of capturing a burst to catch up.
            _next += _interval * Math.Max(1.0, Math.Floor((time - _next) / _interval) + 1);
            return new CaptureRequest(false, null);
        }
    }
}
