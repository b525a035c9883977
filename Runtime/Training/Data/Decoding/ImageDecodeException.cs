using System;

namespace Sightline.Data
{
    /// <summary>An image file could not be read or decoded (empty, truncated, not an image, too large, unreadable).</summary>
    public class ImageDecodeException : DatasetException
    {
        public ImageDecodeException(string path, string problem, Exception? inner = null)
            : base($"{path}: {problem}", inner ?? new Exception(problem))
        {
            Path = path;
            Problem = problem;
        }

        /// <summary>The problem alone, without the path.</summary>
        public string Problem { get; }
    }
}
