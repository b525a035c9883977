using System;
using System.Collections.Generic;

namespace Sightline.Charts
{
    /// <summary>A point of a curve: x (step or epoch) and y (loss, accuracy).</summary>
    public readonly struct ChartPoint
    {
        public ChartPoint(double x, double y)
        {
            X = x;
            Y = y;
        }

        public double X { get; }
        public double Y { get; }

        public override string ToString() => $"({X}, {Y})";
    }

    /// <summary>
    /// One curve of a live plot. The training thread appends; the window's GUI thread takes a snapshot reduced to
    /// at most as many points as there are pixels, keeping each bucket's minimum and maximum so spikes stay visible.
    /// Non-finite values (a diverged loss) are kept out of the curve and counted.
    /// </summary>
    public sealed class ChartSeries
    {
        readonly object _gate = new object();
        readonly List<ChartPoint> _points = new List<ChartPoint>();

        public ChartSeries(string name)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
        }

        public string Name { get; }
        public int Count
        {
            get { lock (_gate) return _points.Count; }
        }
        public int Skipped { get; private set; }

        public void Add(double x, double y)
        {
            lock (_gate)
            {
                if (double.IsNaN(y) || double.IsInfinity(y) || double.IsNaN(x) || double.IsInfinity(x))
                {
                    Skipped++;
                    return;
                }
                _points.Add(new ChartPoint(x, y));
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                _points.Clear();
                Skipped = 0;
            }
        }

        /// <summary>The curve reduced to at most <paramref name="maxPoints"/> points (min and max of equal-count buckets, in x order).</summary>
        public ChartPoint[] Snapshot(int maxPoints)
        {
            if (maxPoints < 2) throw new ArgumentOutOfRangeException(nameof(maxPoints), maxPoints, "a curve needs at least 2 points");
            lock (_gate)
            {
                int n = _points.Count;
                if (n <= maxPoints) return _points.ToArray();
                int buckets = maxPoints / 2;
                var result = new List<ChartPoint>(buckets * 2);
                for (int b = 0; b < buckets; b++)
                {
                    int start = (int)((long)b * n / buckets), end = (int)((long)(b + 1) * n / buckets);
                    int lo = start, hi = start;
                    for (int i = start + 1; i < end; i++)
                    {
                        if (_points[i].Y < _points[lo].Y) lo = i;
                        if (_points[i].Y > _points[hi].Y) hi = i;
                    }
                    result.Add(_points[Math.Min(lo, hi)]);
                    if (lo != hi) result.Add(_points[Math.Max(lo, hi)]);
                }
                return result.ToArray();
            }
        }
    }
}
