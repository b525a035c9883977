namespace Sightline.Classification
{
    /// <summary>One class of a classification: its index, label and softmax probability.</summary>
    public readonly struct LabelScore
    {
        public LabelScore(int index, string label, float probability)
        {
            Index = index;
            Label = label;
            Probability = probability;
        }

        public int Index { get; }
        public string Label { get; }
        public float Probability { get; }

        public override string ToString() => $"{Label} {Probability:P1}";
    }
}
