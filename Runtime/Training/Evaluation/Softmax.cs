using System;

namespace Sightline.Training.Evaluation
{
    /// <summary>Softmax, cross-entropy and top-k over one row of logits (numerically stable: the maximum is subtracted first).</summary>
    public static class Softmax
    {
        /// <summary>probabilities = softmax(logits).</summary>
        public static void Apply(ReadOnlySpan<float> logits, Span<float> probabilities)
        {
            float max = float.NegativeInfinity;
            foreach (var v in logits) max = Math.Max(max, v);
            double sum = 0;
            for (int i = 0; i < logits.Length; i++)
            {
                float e = (float)Math.Exp(logits[i] - max);
                probabilities[i] = e;
                sum += e;
            }
            float inv = (float)(1.0 / sum);
            for (int i = 0; i < logits.Length; i++) probabilities[i] *= inv;
        }

        /// <summary>-log softmax(logits)[label].</summary>
        public static double CrossEntropy(ReadOnlySpan<float> logits, int label)
        {
            float max = float.NegativeInfinity;
            foreach (var v in logits) max = Math.Max(max, v);
            double sum = 0;
            foreach (var v in logits) sum += Math.Exp(v - max);
            return Math.Log(sum) - (logits[label] - max);
        }

        /// <summary>The 0-based rank of <paramref name="label"/>'s score (0: it is the top prediction). Ties count against it.</summary>
        public static int RankOf(ReadOnlySpan<float> scores, int label)
        {
            float mine = scores[label];
            int rank = 0;
            for (int i = 0; i < scores.Length; i++)
                if (i != label && scores[i] >= mine) rank++;
            return rank;
        }

        public static int ArgMax(ReadOnlySpan<float> scores)
        {
            int best = 0;
            for (int i = 1; i < scores.Length; i++)
                if (scores[i] > scores[best]) best = i;
            return best;
        }
    }
}
