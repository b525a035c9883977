namespace Sightline.PackageTool
{
    /// <summary>One thing wrong with the package: the path (relative to the package root, forward slashes) and what.</summary>
    public sealed class PackageProblem
    {
        public PackageProblem(string path, string message)
        {
            Path = path;
            Message = message;
        }

        public string Path { get; }
        public string Message { get; }

        public override string ToString() => $"{Path}: {Message}";
    }
}
