using System;
using System.Collections.Generic;

namespace Sightline.Cuda.Engine.Planning
{
    /// <summary>
    /// The SGD kernel's segment table for one device: consecutive ranges of the flat parameter buffer with a flag
    /// each: <see cref="Decay"/> for weights, <see cref="NoDecay"/> for biases (Documentation~/network.md: no weight decay on biases),
    /// <see cref="NotOwned"/> for ranges another device updates. Ranges cover [0, parameter count) in order.
    /// </summary>
    internal sealed class ParameterSegments
    {
        public const byte NoDecay = 0;
        public const byte Decay = 1;
        public const byte NotOwned = 2;

        ParameterSegments(long[] ends, byte[] flags)
        {
            Ends = ends;
            Flags = flags;
        }

        /// <summary>Exclusive end of each segment, ascending; the last is the parameter count.</summary>
        public long[] Ends { get; }
        public byte[] Flags { get; }
        public int Count => Ends.Length;

        /// <summary>The table for the towers that live on <paramref name="device"/> (towerDevice[t] = device of tower t).</summary>
        public static ParameterSegments For(EnginePlan plan, IReadOnlyList<int> towerDevice, int device)
        {
            var ranges = new List<(long Begin, long End, byte Flag)>();
            foreach (var block in plan.Blocks)
                foreach (var share in block.Shares)
                {
                    bool owned = towerDevice[share.Tower] == device;
                    ranges.Add((share.WeightOffset, share.WeightOffset + share.WeightCount, owned ? Decay : NotOwned));
                    if (share.BiasCount > 0)
                        ranges.Add((share.BiasOffset, share.BiasOffset + share.BiasCount, owned ? NoDecay : NotOwned));
                }
            ranges.Sort((a, b) => a.Begin.CompareTo(b.Begin));
            var ends = new List<long>();
            var flags = new List<byte>();
            long at = 0;
            foreach (var r in ranges)
            {
                if (r.Begin != at) throw new InvalidOperationException($"parameter ranges leave a gap or overlap at {at} (next range starts at {r.Begin})");
                if (flags.Count > 0 && flags[flags.Count - 1] == r.Flag) ends[ends.Count - 1] = r.End;
                else
                {
                    ends.Add(r.End);
                    flags.Add(r.Flag);
                }
                at = r.End;
            }
            if (at != plan.Spec.ParameterCount) throw new InvalidOperationException($"parameter ranges end at {at}, not at the parameter count {plan.Spec.ParameterCount}");
            return new ParameterSegments(ends.ToArray(), flags.ToArray());
        }

        /// <summary>Owned ranges [begin, end) (to copy parameters, gradients and momentum between host and this device).</summary>
        public IEnumerable<(long Begin, long End)> OwnedRanges()
        {
            long begin = 0;
            for (int i = 0; i < Ends.Length; i++)
            {
                if (Flags[i] != NotOwned)
                {
                    long b = begin;
                    // Merge neighbouring owned segments (weights then bias are adjacent).
                    while (i + 1 < Ends.Length && Flags[i + 1] != NotOwned) i++;
                    yield return (b, Ends[i]);
                }
                begin = Ends[i];
            }
        }
    }
}
