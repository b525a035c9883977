using System;
using Sightline.Data;

namespace Sightline.Training.Checkpoints
{
    /// <summary>A checkpoint that cannot be read or does not fit: the message names the file and what is wrong.</summary>
    public sealed class CheckpointException : ChecksummedFileException
    {
        public CheckpointException(string path, string problem, Exception? inner = null)
            : base("checkpoint", path, problem, inner)
        {
        }
    }
}
