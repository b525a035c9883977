namespace Sightline.Cuda.Loading
{
    /// <summary>One try at loading a library: what was asked for and why it failed (null when it loaded).</summary>
    public sealed class LoadAttempt
    {
        public LoadAttempt(string candidate, string? error)
        {
            Candidate = candidate;
            Error = error;
        }

        /// <summary>A file name (resolved by the system loader) or an absolute path.</summary>
        public string Candidate { get; }
        public string? Error { get; }
        public bool Succeeded => Error == null;

        public override string ToString() => Error == null ? Candidate + ": loaded" : Candidate + ": " + Error;
    }
}
