using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Sightline.Data
{
    /// <summary>
    /// Which cache entries train and which validate. A dataset with a validation split uses it as it is; one without
    /// (an ImageFolder without val/, or captures all marked Train) holds out a stable fraction of each label: an
    /// image's place depends only on a hash of its relative path, so adding images never moves the ones already there.
    /// Every label with two or more images keeps at least one in each part. (The mean image and colour PCA were
    /// computed over the whole training split, held-out images included: a small, documented leak of statistics.)
    /// </summary>
    public sealed class TrainValidationSplit
    {
        TrainValidationSplit(int[] train, int[] validation, bool heldOut)
        {
            Train = train;
            Validation = validation;
            HeldOut = heldOut;
        }

        /// <summary>Cache entry indices to train on, in cache order.</summary>
        public int[] Train { get; }
        /// <summary>Cache entry indices to validate on, in cache order.</summary>
        public int[] Validation { get; }
        /// <summary>True when the validation entries were held out of the training split (the dataset had none).</summary>
        public bool HeldOut { get; }

        public static TrainValidationSplit Of(FrameCache cache, double holdOutFraction = 0.1)
        {
            if (!(holdOutFraction >= 0 && holdOutFraction < 1)) throw new ArgumentOutOfRangeException(nameof(holdOutFraction), holdOutFraction, "must be in [0, 1)");
            var validation = cache.EntriesIn(DatasetSplit.Validation);
            var train = cache.EntriesIn(DatasetSplit.Train);
            if (validation.Length > 0 || holdOutFraction == 0) return new TrainValidationSplit(train, validation, false);

            var held = new HashSet<int>();
            foreach (var group in train.GroupBy(e => cache.Entries[e].LabelIndex))
            {
                var ranked = group.Select(e => (entry: e, u: StableFraction(cache.Entries[e].RelativePath))).OrderBy(x => x.u).ThenBy(x => x.entry).ToArray();
                if (ranked.Length < 2) continue;
                int take = ranked.Count(x => x.u < holdOutFraction);
                take = Math.Max(1, Math.Min(ranked.Length - 1, take));
                for (int i = 0; i < take; i++) held.Add(ranked[i].entry);
            }
            return new TrainValidationSplit(train.Where(e => !held.Contains(e)).ToArray(), train.Where(held.Contains).ToArray(), true);
        }

        /// <summary>FNV-1a 64 of the UTF-8 path, mapped to [0, 1): the same on every platform and run.</summary>
        internal static double StableFraction(string relativePath)
        {
            ulong h = 14695981039346656037UL;
            foreach (byte b in Encoding.UTF8.GetBytes(relativePath))
            {
                h ^= b;
                h *= 1099511628211UL;
            }
            // FNV's low bits mix poorly for short inputs: finish with a SplitMix64 step.
            h ^= h >> 30;
            h *= 0xBF58476D1CE4E5B9UL;
            h ^= h >> 27;
            h *= 0x94D049BB133111EBUL;
            h ^= h >> 31;
            return (h >> 11) * (1.0 / 9007199254740992.0);
        }
    }
}
