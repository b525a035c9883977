namespace Sightline.Capture
{
    /// <summary>How much of a view one label covers, as a fraction of the view (0..1).</summary>
    public readonly struct LabelCoverage
    {
        public LabelCoverage(string label, double fraction)
        {
            Label = label;
            Fraction = fraction;
        }

        public string Label { get; }
        public double Fraction { get; }

        public override string ToString() => $"{Label} {Fraction:P1}";
    }
}
