using System;

namespace Sightline.Model.Files
{
    /// <summary>A model file that cannot be read or does not fit: the message names the file and what is wrong.</summary>
    public sealed class ModelFileException : Exception
    {
        public ModelFileException(string path, string problem, Exception? inner = null)
            : base($"model file '{path}': {problem}", inner)
        {
            Path = path;
            Problem = problem;
        }

        public string Path { get; }
        public string Problem { get; }
    }
}
