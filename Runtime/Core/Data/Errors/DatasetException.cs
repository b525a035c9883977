using System;

namespace Sightline.Data
{
    /// <summary>A dataset, manifest, cache or frame is wrong; the message names the file or folder and the problem.</summary>
    public class DatasetException : Exception
    {
        public DatasetException(string message) : base(message) { }
        public DatasetException(string message, Exception inner) : base(message, inner) { }

        /// <summary>The file or folder the problem is about, when there is one.</summary>
        public string? Path { get; protected set; }

        public static DatasetException At(string path, string problem, Exception? inner = null)
        {
            var e = inner == null ? new DatasetException($"{path}: {problem}") : new DatasetException($"{path}: {problem}", inner);
            e.Path = path;
            return e;
        }
    }
}
