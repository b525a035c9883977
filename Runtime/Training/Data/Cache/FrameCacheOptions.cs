namespace Sightline.Data
{
    public sealed class FrameCacheOptions
    {
        /// <summary>Where cache files go; null: &lt;dataset&gt;/.sightline/. Set it when the dataset folder is read-only.</summary>
        public string? CacheDirectory { get; set; }
        /// <summary>Decoding threads; 0: all processors.</summary>
        public int MaxDegreeOfParallelism { get; set; }
        public DecodeLimits Limits { get; set; } = DecodeLimits.Default;
    }
}
