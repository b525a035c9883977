namespace Sightline.Training.Sessions
{
    /// <summary>The session's tests for a run that has gone wrong: a non-finite or exploding loss, non-finite weights.</summary>
    static class Divergence
    {
        /// <summary>Why the run diverged at a step with <paramref name="loss"/>, or null when it has not.</summary>
        public static string? Of(float loss, float smoothedLoss, double chance)
        {
            if (float.IsNaN(loss) || float.IsInfinity(loss)) return $"the loss is {loss}";
            // A loss far above chance level (ln classes) that keeps rising is not coming back.
            double limit = 5 * chance + 5;
            if (loss > 10 * limit) return $"the loss exploded to {loss:g4} (chance level is {chance:0.###})";
            if (!float.IsNaN(smoothedLoss) && smoothedLoss > limit && loss > limit)
                return $"the loss exploded: its moving average is {smoothedLoss:g4} (chance level is {chance:0.###})";
            return null;
        }

        /// <summary>Where <paramref name="values"/> first holds NaN or infinity, in words, or null.</summary>
        public static string? NonFinite(float[] values, string what)
        {
            for (int i = 0; i < values.Length; i++)
                if (float.IsNaN(values[i]) || float.IsInfinity(values[i])) return $"the {what} hold {values[i]} at index {i} (a non-finite gradient)";
            return null;
        }
    }
}
