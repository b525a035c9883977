using System;
using System.Collections.Generic;

namespace Sightline.Charts
{
    /// <summary>
    /// Cell intensities of a confusion matrix drawn as a grid: each count divided by its row's total (the share of
    /// that true class predicted as each class), so rare classes are as readable as common ones. Rows are actual
    /// classes, columns predictions; a row with no samples is all zero.
    /// </summary>
    public static class ConfusionShading
    {
        /// <summary><paramref name="counts"/>[actual * classes + predicted] to row-normalised shares in [0, 1].</summary>
        public static float[] RowShares(IReadOnlyList<int> counts, int classes)
        {
            if (counts == null) throw new ArgumentNullException(nameof(counts));
            if (classes < 1 || counts.Count != classes * classes) throw new ArgumentException($"a {classes}-class confusion matrix has {classes * classes} cells, got {counts?.Count}");
            var shares = new float[classes * classes];
            for (int a = 0; a < classes; a++)
            {
                long total = 0;
                for (int p = 0; p < classes; p++) total += counts[a * classes + p];
                if (total == 0) continue;
                for (int p = 0; p < classes; p++) shares[a * classes + p] = (float)((double)counts[a * classes + p] / total);
            }
            return shares;
        }
    }
}
