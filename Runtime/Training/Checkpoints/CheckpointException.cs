using System;

namespace Sightline.Training.Checkpoints
{
    /// <summary>A checkpoint that cannot be read or does not fit: the message names the file and what is wrong.</summary>
    public sealed class CheckpointException : Exception
    {
        public CheckpointException(string path, string problem, Exception? inner = null)
            : base($"checkpoint '{path}': {problem}", inner)
        {
            Path = path;
            Problem = problem;
        }

        public string Path { get; }
        public string Problem { get; }
    }
}
