using System.IO;
using Sightline.Training.Checkpoints;

namespace Sightline.Training.Sessions
{
    /// <summary>Where a run keeps its files: the latest checkpoint (resume from it) and the best one (lowest validation error).</summary>
    public sealed class RunFolder
    {
        public RunFolder(string path)
        {
            Path = System.IO.Path.GetFullPath(path);
        }

        public string Path { get; }
        public string Checkpoint => System.IO.Path.Combine(Path, "checkpoint" + CheckpointFile.Extension);
        public string Best => System.IO.Path.Combine(Path, "best" + CheckpointFile.Extension);

        public bool HasCheckpoint => File.Exists(Checkpoint);

        public void Create() => Directory.CreateDirectory(Path);
    }
}
