namespace Sightline.Engines
{
    /// <summary>
    /// The dropout mask as a pure function of (seed, layer, step, element): every engine draws the same mask, so a
    /// training step on the CPU and on a GPU can be compared exactly, and resuming needs only the step counter.
    /// The CUDA kernel implements the same function (Native~/kernels); change both or neither.
    /// </summary>
    public static class DropoutMask
    {
        /// <summary>SplitMix64's finaliser: a bijective mix with good avalanche.</summary>
        public static ulong Mix(ulong x)
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }

        /// <summary>A uniform value in [0, 1) with 24 random bits, for element <paramref name="index"/> of the batch's activation.</summary>
        public static float Uniform(ulong seed, int dropoutIndex, long step, int index)
        {
            ulong key = Mix(seed ^ ((ulong)(uint)dropoutIndex << 56));
            ulong counter = ((ulong)step << 32) | (uint)index;
            return (Mix(key ^ Mix(counter)) >> 40) * (1f / 16777216f);
        }

        /// <summary>True when the element survives (its value is scaled by 1/(1-p)).</summary>
        public static bool Keep(ulong seed, int dropoutIndex, long step, int index, float dropProbability) =>
            Uniform(seed, dropoutIndex, step, index) >= dropProbability;
    }
}
