namespace Sightline.Data
{
    /// <summary>Progress of building a <see cref="FrameCache"/>: frames decoded (or skipped) out of the total.</summary>
    public readonly struct CacheBuildProgress
    {
        public CacheBuildProgress(int done, int total, int skipped)
        {
            Done = done;
            Total = total;
            Skipped = skipped;
        }

        public int Done { get; }
        public int Total { get; }
        public int Skipped { get; }
        public double Fraction => Total == 0 ? 1 : (double)Done / Total;
    }
}
