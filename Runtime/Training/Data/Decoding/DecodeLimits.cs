namespace Sightline.Data
{
    /// <summary>
    /// Decompression-bomb guard: images whose header announces more than these are refused before any pixel is
    /// decoded (a 50000x50000 PNG can be a few kilobytes on disk and 7.5 GB in memory).
    /// </summary>
    public sealed class DecodeLimits
    {
        public static readonly DecodeLimits Default = new DecodeLimits(16384, 128L * 1024 * 1024);

        public DecodeLimits(int maxSide, long maxPixels)
        {
            MaxSide = maxSide;
            MaxPixels = maxPixels;
        }

        /// <summary>Largest width or height accepted (16384 by default).</summary>
        public int MaxSide { get; }
        /// <summary>Largest width x height accepted (128 Mi pixels by default: a 108-megapixel phone photo passes, and one decode needs at most 384 MiB).</summary>
        public long MaxPixels { get; }
    }
}
