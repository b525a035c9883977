using System;

namespace Sightline.Randomness
{
    /// <summary>
    /// xoshiro256** with an explicit, saveable state: the same seed gives the same numbers on every platform and
    /// runtime (System.Random's algorithm is not specified), and a checkpoint can store and restore the state.
    /// Not thread-safe: give each thread or stream its own instance (see <see cref="Fork"/>).
    /// </summary>
    public sealed class SeededRandom
    {
        ulong _s0, _s1, _s2, _s3;
        bool _hasSpareGaussian;
        double _spareGaussian;

        public SeededRandom(ulong seed)
        {
            // SplitMix64 expands the seed so that nearby seeds give unrelated streams and the state is never all zero.
            ulong x = seed;
            _s0 = SplitMix(ref x);
            _s1 = SplitMix(ref x);
            _s2 = SplitMix(ref x);
            _s3 = SplitMix(ref x);
        }

        SeededRandom(ulong[] state)
        {
            SetState(state);
        }

        static ulong SplitMix(ref ulong x)
        {
            ulong z = x += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));

        public ulong NextUInt64()
        {
            ulong result = Rotl(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = Rotl(_s3, 45);
            return result;
        }

        /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

        /// <summary>Uniform in [0, 1) with 24 random bits.</summary>
        public float NextFloat() => (NextUInt64() >> 40) * (1f / 16777216f);

        /// <summary>Uniform integer in [0, maxExclusive), without modulo bias.</summary>
        public int NextInt(int maxExclusive)
        {
            if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "must be positive");
            ulong bound = (ulong)maxExclusive;
            ulong threshold = (0UL - bound) % bound;
            while (true)
            {
                ulong r = NextUInt64();
                if (r >= threshold) return (int)(r % bound);
            }
        }

        public bool NextBool() => (NextUInt64() >> 63) != 0;

        /// <summary>Standard normal (Box-Muller, both values used).</summary>
        public double NextGaussian()
        {
            if (_hasSpareGaussian)
            {
                _hasSpareGaussian = false;
                return _spareGaussian;
            }
            double u1;
            do u1 = NextDouble(); while (u1 <= double.Epsilon);
            double u2 = NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            double theta = 2.0 * Math.PI * u2;
            _spareGaussian = r * Math.Sin(theta);
            _hasSpareGaussian = true;
            return r * Math.Cos(theta);
        }

        /// <summary>Fisher-Yates shuffle of the whole span.</summary>
        public void Shuffle<T>(Span<T> items)
        {
            for (int i = items.Length - 1; i > 0; i--)
            {
                int j = NextInt(i + 1);
                T tmp = items[i];
                items[i] = items[j];
                items[j] = tmp;
            }
        }

        /// <summary>An independent generator derived from this one's next output and a stream number.</summary>
        public SeededRandom Fork(ulong stream) => new SeededRandom(NextUInt64() ^ (stream * 0xD1B54A32D192ED03UL));

        /// <summary>The whole state (4 words of xoshiro; the cached Gaussian is dropped, so save between draws of pairs or accept one extra draw).</summary>
        public ulong[] GetState() => new[] { _s0, _s1, _s2, _s3 };

        public void SetState(ulong[] state)
        {
            if (state == null || state.Length != 4) throw new ArgumentException("a SeededRandom state is 4 words", nameof(state));
            if ((state[0] | state[1] | state[2] | state[3]) == 0) throw new ArgumentException("a SeededRandom state must not be all zero", nameof(state));
            _s0 = state[0];
            _s1 = state[1];
            _s2 = state[2];
            _s3 = state[3];
            _hasSpareGaussian = false;
        }

        public static SeededRandom FromState(ulong[] state) => new SeededRandom(state);
    }
}
