using System;
using System.Collections.Generic;

namespace Sightline.Capture
{
    /// <summary>The label a view gets, or why it gets none (then the frame is not captured).</summary>
    public sealed class ViewLabel
    {
        ViewLabel(string? label, double coverage, string reason)
        {
            Label = label;
            Coverage = coverage;
            Reason = reason;
        }

        /// <summary>The chosen label; null when the view is skipped.</summary>
        public string? Label { get; }
        /// <summary>Fraction of the view the chosen (or, when skipped, the largest) label covers.</summary>
        public double Coverage { get; }
        /// <summary>Why this label was chosen or the view skipped, for logs and the capture window.</summary>
        public string Reason { get; }
        public bool IsLabelled => Label != null;

        internal static ViewLabel Chosen(string label, double coverage, string reason) => new ViewLabel(label, coverage, reason);
        internal static ViewLabel Skipped(double coverage, string reason) => new ViewLabel(null, coverage, reason);

        public override string ToString() => Label ?? "(skipped: " + Reason + ")";
    }

    /// <summary>
    /// Labels a view by the labelled object that covers most of it: the largest label wins if it covers at least
    /// <see cref="MinimumCoverage"/> of the view and leads the runner-up by at least <see cref="MinimumLead"/>
    /// (in fractions of the view), so a view split between two objects is not given either label. Equal coverage
    /// resolves to the ordinally smaller label, so the rule is deterministic.
    /// </summary>
    public sealed class ViewLabelRule
    {
        double _minimumCoverage = 0.05;
        double _minimumLead;

        /// <summary>Smallest fraction of the view the winning label must cover (default 5%).</summary>
        public double MinimumCoverage
        {
            get => _minimumCoverage;
            set
            {
                if (!(value >= 0 && value <= 1)) throw new ArgumentOutOfRangeException(nameof(MinimumCoverage), value, "minimum coverage is a fraction of the view in [0, 1]");
                _minimumCoverage = value;
            }
        }

        /// <summary>How much more of the view the winner must cover than the runner-up (default 0: largest wins).</summary>
        public double MinimumLead
        {
            get => _minimumLead;
            set
            {
                if (!(value >= 0 && value <= 1)) throw new ArgumentOutOfRangeException(nameof(MinimumLead), value, "minimum lead is a fraction of the view in [0, 1]");
                _minimumLead = value;
            }
        }

        public ViewLabel Choose(IReadOnlyList<LabelCoverage> coverage)
        {
            if (coverage == null) throw new ArgumentNullException(nameof(coverage));
            LabelCoverage? best = null, second = null;
            foreach (var c in coverage)
            {
                if (string.IsNullOrEmpty(c.Label) || !(c.Fraction > 0)) continue;
                if (best == null || Beats(c, best.Value))
                {
                    second = best;
                    best = c;
                }
                else if (second == null || Beats(c, second.Value)) second = c;
            }
            if (best == null) return ViewLabel.Skipped(0, "no labelled object in view");
            var b = best.Value;
            if (b.Fraction < _minimumCoverage)
                return ViewLabel.Skipped(b.Fraction, $"the largest label '{b.Label}' covers {b.Fraction:P1} of the view, less than the minimum {_minimumCoverage:P1}");
            if (second != null && b.Fraction - second.Value.Fraction < _minimumLead)
                return ViewLabel.Skipped(b.Fraction, $"'{b.Label}' ({b.Fraction:P1}) and '{second.Value.Label}' ({second.Value.Fraction:P1}) cover similar parts of the view (the lead must be at least {_minimumLead:P1})");
            return ViewLabel.Chosen(b.Label, b.Fraction, second == null
                ? $"'{b.Label}' covers {b.Fraction:P1} of the view"
                : $"'{b.Label}' covers {b.Fraction:P1} of the view, '{second.Value.Label}' {second.Value.Fraction:P1}");
        }

        static bool Beats(LabelCoverage a, LabelCoverage b) =>
            a.Fraction > b.Fraction || (a.Fraction == b.Fraction && string.CompareOrdinal(a.Label, b.Label) < 0);
    }
}
