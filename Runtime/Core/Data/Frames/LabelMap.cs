using System;
using System.Collections.Generic;
using System.Linq;

namespace Sightline.Data
{
    /// <summary>
    /// Class index &lt;-&gt; label name. Names are sorted by ordinal (code point) order, which is the order Python's
    /// sorted() and torchvision's ImageFolder give, so indices agree with models trained elsewhere on the same folders.
    /// </summary>
    public sealed class LabelMap : IEquatable<LabelMap>
    {
        readonly string[] _names;
        readonly Dictionary<string, int> _indices;

        public LabelMap(IEnumerable<string> names)
        {
            if (names == null) throw new ArgumentNullException(nameof(names));
            _names = names.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            _indices = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < _names.Length; i++) _indices[_names[i]] = i;
        }

        public int Count => _names.Length;
        public IReadOnlyList<string> Names => _names;
        public string this[int index] => _names[index];

        public int IndexOf(string name)
        {
            if (_indices.TryGetValue(name, out int index)) return index;
            throw new KeyNotFoundException($"no label '{name}' in the label map ({string.Join(", ", _names)})");
        }

        public bool TryGetIndex(string name, out int index) => _indices.TryGetValue(name, out index);

        public bool Equals(LabelMap? other) => other != null && _names.SequenceEqual(other._names, StringComparer.Ordinal);
        public override bool Equals(object? obj) => Equals(obj as LabelMap);
        public override int GetHashCode()
        {
            int hash = 17;
            foreach (var name in _names) hash = hash * 31 + StringComparer.Ordinal.GetHashCode(name);
            return hash;
        }

        public override string ToString() => string.Join(", ", _names);
    }
}
