using System;
using Sightline.Data;

namespace Sightline.Model.Files
{
    /// <summary>A model file that cannot be read or does not fit: the message names the file and what is wrong.</summary>
    public sealed class ModelFileException : ChecksummedFileException
    {
        public ModelFileException(string path, string problem, Exception? inner = null)
            : base("model file", path, problem, inner)
        {
        }
    }
}
