namespace Sightline.Cli.Reliability
{
    /// <summary>
    /// Hook for the mutation fuzzers of `sightline fuzz` (branch fuzz): runs them for <paramref name="seconds"/> and
    /// reports inputs tried, crashes and unhandled exceptions as a row. Until that runner is merged, the row says so.
    /// </summary>
    public static class FuzzDrill
    {
        public static ReliabilityRow Run(int seed, double seconds)
        {
            _ = seed;
            _ = seconds;
            return ReliabilityRow.Skip("fuzzing", "fuzz runner not merged; hook: Sightline.Cli.Reliability.FuzzDrill.Run");
        }
    }
}
