namespace Sightline.Data
{
    public enum ProblemSeverity
    {
        /// <summary>Worth knowing; nothing is lost (e.g. a label with one image).</summary>
        Warning = 0,
        /// <summary>A file is unusable and is skipped (e.g. a truncated PNG).</summary>
        Error = 1,
    }

    /// <summary>Something wrong with one file or folder of a dataset, found while opening, inspecting or caching it.</summary>
    public sealed class DatasetProblem
    {
        public DatasetProblem(ProblemSeverity severity, string path, string message)
        {
            Severity = severity;
            Path = path;
            Message = message;
        }

        public ProblemSeverity Severity { get; }
        public string Path { get; }
        public string Message { get; }

        public override string ToString() => $"{(Severity == ProblemSeverity.Error ? "error" : "warning")}: {Path}: {Message}";
    }
}
