using System;

namespace Sightline.Data
{
    /// <summary>
    /// A <see cref="ChecksummedFile"/> (model file or checkpoint) that cannot be read or does not fit: the message
    /// names what the file is, where it is and what is wrong. Each kind of file throws its own subclass, so a caller
    /// can tell a bad model from a bad checkpoint.
    /// </summary>
    public abstract class ChecksummedFileException : Exception
    {
        protected ChecksummedFileException(string kind, string path, string problem, Exception? inner)
            : base($"{kind} '{path}': {problem}", inner)
        {
            Path = path;
            Problem = problem;
        }

        public string Path { get; }
        public string Problem { get; }
    }
}
