using System;
using System.Collections.Generic;

namespace Sightline.Classification
{
    /// <summary>The top-k classes of one frame, most probable first.</summary>
    public sealed class ClassificationResult
    {
        readonly LabelScore[] _top;

        public ClassificationResult(LabelScore[] top, int batchSize)
        {
            _top = top ?? throw new ArgumentNullException(nameof(top));
            if (top.Length == 0) throw new ArgumentException("a result needs at least one class", nameof(top));
            BatchSize = batchSize;
        }

        public IReadOnlyList<LabelScore> Top => _top;
        public LabelScore Best => _top[0];
        /// <summary>How many frames ran in the engine call that produced this result (batching of concurrent requests).</summary>
        public int BatchSize { get; }

        /// <summary>Softmax of <paramref name="logits"/> and the <paramref name="k"/> most probable classes.</summary>
        public static LabelScore[] TopK(ReadOnlySpan<float> logits, IReadOnlyList<string> labels, int k)
        {
            int n = logits.Length;
            if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "top-k needs k >= 1");
            k = Math.Min(k, n);
            float max = float.NegativeInfinity;
            for (int i = 0; i < n; i++) if (logits[i] > max) max = logits[i];
            // Softmax in double after subtracting the max: no overflow for any finite logits.
            var p = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) { p[i] = Math.Exp(logits[i] - max); sum += p[i]; }
            var order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            Array.Sort(order, (a, b) => p[b] != p[a] ? p[b].CompareTo(p[a]) : a.CompareTo(b));
            var top = new LabelScore[k];
            for (int i = 0; i < k; i++) top[i] = new LabelScore(order[i], labels[order[i]], (float)(p[order[i]] / sum));
            return top;
        }
    }
}
