using System;
using System.Collections.Generic;
using Sightline.Cuda.Driver;

namespace Sightline.Cuda.Engine
{
    /// <summary>
    /// GPU-side per-layer timing: the engine records an event after each stage on tower A's stream; a stage's time
    /// is the gap to the previous mark. Totals accumulate over repetitions until <see cref="Clear"/>.
    /// With split towers a stage's time includes waiting for tower B at the crossings.
    /// </summary>
    public sealed class LayerTimer : IDisposable
    {
        readonly CudaContext _context;
        readonly List<CudaEvent> _events = new List<CudaEvent>();
        readonly List<string> _names = new List<string>();
        readonly Dictionary<string, double> _totals = new Dictionary<string, double>(StringComparer.Ordinal);
        readonly List<string> _order = new List<string>();
        int _used;

        public LayerTimer(CudaContext context)
        {
            _context = context;
        }

        /// <summary>Repetitions folded into the totals.</summary>
        public int Repetitions { get; private set; }

        internal void Mark(string name, CudaStream stream)
        {
            if (_used == _events.Count) _events.Add(new CudaEvent(_context, timing: true));
            if (_used == _names.Count) _names.Add(name);
            else _names[_used] = name;
            _events[_used].Record(stream);
            _used++;
        }

        /// <summary>Waits for the marks of one repetition and adds their gaps to the totals.</summary>
        public void Collect()
        {
            if (_used == 0) return;
            _events[_used - 1].Synchronize();
            for (int i = 1; i < _used; i++)
            {
                string name = _names[i];
                double ms = CudaEvent.ElapsedMilliseconds(_events[i - 1], _events[i]);
                if (!_totals.ContainsKey(name))
                {
                    _totals[name] = 0;
                    _order.Add(name);
                }
                _totals[name] += ms;
            }
            _used = 0;
            Repetitions++;
        }

        /// <summary>Mean milliseconds per repetition of each stage, in the order first seen.</summary>
        public IReadOnlyList<KeyValuePair<string, double>> MeanMilliseconds()
        {
            var result = new List<KeyValuePair<string, double>>();
            foreach (var name in _order) result.Add(new KeyValuePair<string, double>(name, _totals[name] / Math.Max(1, Repetitions)));
            return result;
        }

        public void Clear()
        {
            _used = 0;
            _totals.Clear();
            _order.Clear();
            Repetitions = 0;
        }

        public void Dispose()
        {
            foreach (var e in _events) e.Dispose();
            _events.Clear();
        }
    }
}
