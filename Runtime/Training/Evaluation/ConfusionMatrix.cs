using System;
using System.Collections.Generic;

namespace Sightline.Training.Evaluation
{
    /// <summary>Counts of (true label, predicted label) pairs; rows are the true labels.</summary>
    public sealed class ConfusionMatrix
    {
        readonly int[] _counts;

        public ConfusionMatrix(IReadOnlyList<string> labels)
        {
            if (labels.Count < 1) throw new ArgumentException("a confusion matrix needs at least one label", nameof(labels));
            Labels = labels;
            _counts = new int[labels.Count * labels.Count];
        }

        public IReadOnlyList<string> Labels { get; }
        public int Classes => Labels.Count;

        public int this[int actual, int predicted] => _counts[actual * Classes + predicted];

        public void Add(int actual, int predicted) => _counts[actual * Classes + predicted]++;

        public int Total
        {
            get
            {
                int total = 0;
                foreach (var c in _counts) total += c;
                return total;
            }
        }

        public int Correct
        {
            get
            {
                int correct = 0;
                for (int i = 0; i < Classes; i++) correct += this[i, i];
                return correct;
            }
        }

        /// <summary>Row <paramref name="actual"/>: how often that class was predicted as each class.</summary>
        public int[] Row(int actual)
        {
            var row = new int[Classes];
            Array.Copy(_counts, actual * Classes, row, 0, Classes);
            return row;
        }

        /// <summary>Fraction of class <paramref name="actual"/> predicted correctly (NaN when the class has no samples).</summary>
        public double Recall(int actual)
        {
            int total = 0;
            for (int j = 0; j < Classes; j++) total += this[actual, j];
            return total == 0 ? double.NaN : (double)this[actual, actual] / total;
        }
    }
}
