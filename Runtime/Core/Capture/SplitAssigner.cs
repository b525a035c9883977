using System;
using Sightline.Data;

namespace Sightline.Capture
{
    /// <summary>
    /// Assigns captured frames to splits so a share of every label lands in validation: frame n of a label goes to
    /// validation when floor((n+1) x share) grows, which spreads validation frames evenly through a capture session
    /// (consecutive frames are near duplicates, so taking every k-th keeps validation representative).
    /// </summary>
    public sealed class SplitAssigner
    {
        readonly System.Collections.Generic.Dictionary<string, long> _counts = new System.Collections.Generic.Dictionary<string, long>(StringComparer.Ordinal);
        double _validationShare;

        public SplitAssigner(double validationShare)
        {
            ValidationShare = validationShare;
        }

        /// <summary>Fraction of frames (per label) that go to validation, in [0, 1).</summary>
        public double ValidationShare
        {
            get => _validationShare;
            set
            {
                if (!(value >= 0 && value < 1)) throw new ArgumentOutOfRangeException(nameof(ValidationShare), value, "validation share must be in [0, 1)");
                _validationShare = value;
            }
        }

        public DatasetSplit Next(string label)
        {
            _counts.TryGetValue(label, out long n);
            _counts[label] = n + 1;
            return Math.Floor((n + 1) * _validationShare) > Math.Floor(n * _validationShare) ? DatasetSplit.Validation : DatasetSplit.Train;
        }
    }
}
