using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Sightline.Data;

namespace Sightline.Labelling
{
    /// <summary>
    /// Edits a Sightline dataset's labels and splits (the labelling window's operations): relabel frames, add a
    /// label, merge one label into another, set splits. Holds the dataset's writer lock while open, so it never races
    /// a capture writing to the same folder. Each edit moves the images first (a rename within frames/) and then
    /// rewrites dataset.msgpack atomically; if the process dies in between, opening the dataset finds each moved
    /// image in its new label folder and lists it there, so no image is lost or mislabelled.
    /// </summary>
    public sealed class DatasetEditor : IDisposable
    {
        readonly DatasetLock _lock;
        readonly DatasetManifest _manifest;
        readonly string _manifestPath;
        bool _disposed;

        DatasetEditor(string root, DatasetLock datasetLock, DatasetManifest manifest, IReadOnlyList<DatasetProblem> problems)
        {
            Root = root;
            _lock = datasetLock;
            _manifest = manifest;
            Problems = problems;
            _manifestPath = Path.Combine(root, DatasetLayout.ManifestFile);
        }

        public string Root { get; }
        /// <summary>What opening found (and repaired) in the folder.</summary>
        public IReadOnlyList<DatasetProblem> Problems { get; }
        /// <summary>Labels in ordinal order, including labels with no frames yet.</summary>
        public IReadOnlyList<string> Labels => _manifest.Labels.OrderBy(l => l, StringComparer.Ordinal).ToArray();
        public IReadOnlyList<FrameRecord> Frames => _manifest.Frames.Select(f => f.Clone()).ToArray();

        /// <summary>Opens a Sightline dataset folder for editing; fails when a writer (or another editor) has it open.</summary>
        public static DatasetEditor Open(string root)
        {
            string full = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (!File.Exists(Path.Combine(full, DatasetLayout.ManifestFile)) && !Directory.Exists(Path.Combine(full, DatasetLayout.FramesFolder)))
                throw DatasetException.At(full, $"is not a Sightline dataset (no {DatasetLayout.ManifestFile} or {DatasetLayout.FramesFolder}/): only captured datasets can be edited");
            var datasetLock = DatasetLock.Acquire(full);
            try
            {
                var dataset = Dataset.OpenSightline(full, true, datasetLock);
                return new DatasetEditor(full, datasetLock, dataset.Manifest!, dataset.Problems);
            }
            catch
            {
                datasetLock.Dispose();
                throw;
            }
        }

        public IReadOnlyList<FrameRecord> FramesWithLabel(string label) =>
            _manifest.Frames.Where(f => f.Label == label).Select(f => f.Clone()).ToArray();

        public int Count(string label) => _manifest.Frames.Count(f => f.Label == label);

        /// <summary>Absolute path of a frame's image.</summary>
        public string PathOf(FrameRecord frame) => DatasetLayout.ToAbsolute(Root, frame.Path);

        /// <summary>Adds an empty label (its folder is created, so the label survives reopening).</summary>
        public void AddLabel(string label)
        {
            ThrowIfDisposed();
            DatasetLayout.ValidateLabel(label);
            if (_manifest.Labels.Contains(label)) throw new ArgumentException($"label '{label}' already exists in {Root}");
            Directory.CreateDirectory(LabelFolder(label));
            _manifest.Labels.Add(label);
            Save();
        }

        /// <summary>Gives the frames with these ids the label <paramref name="label"/> (added when new); returns how many moved.</summary>
        public int Relabel(IEnumerable<string> frameIds, string label)
        {
            ThrowIfDisposed();
            DatasetLayout.ValidateLabel(label);
            var frames = Find(frameIds);
            if (!_manifest.Labels.Contains(label)) _manifest.Labels.Add(label);
            Directory.CreateDirectory(LabelFolder(label));
            int moved = 0;
            try
            {
                foreach (var frame in frames)
                {
                    if (frame.Label == label) continue;
                    string from = DatasetLayout.ToAbsolute(Root, frame.Path);
                    string relative = DatasetLayout.FramesFolder + "/" + label + "/" + Path.GetFileName(frame.Path);
                    string to = DatasetLayout.ToAbsolute(Root, relative);
                    if (File.Exists(to)) throw DatasetException.At(to, $"already exists; cannot move {from} there");
                    File.Move(from, to);
                    frame.Label = label;
                    frame.Path = relative;
                    moved++;
                }
            }
            finally
            {
                // Save what moved even when a later move failed, so the manifest matches the folders.
                if (moved > 0) Save();
            }
            return moved;
        }

        /// <summary>Moves every frame of <paramref name="from"/> to <paramref name="into"/> and removes <paramref name="from"/>.</summary>
        public int MergeLabel(string from, string into)
        {
            ThrowIfDisposed();
            if (from == into) throw new ArgumentException($"cannot merge label '{from}' into itself");
            if (!_manifest.Labels.Contains(from)) throw new ArgumentException($"label '{from}' does not exist in {Root}");
            int moved = Relabel(_manifest.Frames.Where(f => f.Label == from).Select(f => f.Id).ToArray(), into);
            _manifest.Labels.Remove(from);
            string folder = LabelFolder(from);
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
            Save();
            return moved;
        }

        /// <summary>Puts the frames with these ids into <paramref name="split"/>; returns how many changed.</summary>
        public int SetSplit(IEnumerable<string> frameIds, DatasetSplit split)
        {
            ThrowIfDisposed();
            if (!Enum.IsDefined(typeof(DatasetSplit), split)) throw new ArgumentException($"unknown split {(int)split}");
            int changed = 0;
            foreach (var frame in Find(frameIds))
            {
                if (frame.Split == split) continue;
                frame.Split = split;
                changed++;
            }
            if (changed > 0) Save();
            return changed;
        }

        List<FrameRecord> Find(IEnumerable<string> frameIds)
        {
            var byId = _manifest.Frames.ToDictionary(f => f.Id, StringComparer.Ordinal);
            var found = new List<FrameRecord>();
            foreach (var id in frameIds)
            {
                if (!byId.TryGetValue(id, out var frame)) throw new ArgumentException($"no frame '{id}' in {Root}");
                found.Add(frame);
            }
            return found;
        }

        string LabelFolder(string label) => Path.Combine(Root, DatasetLayout.FramesFolder, label);

        void Save()
        {
            _manifest.Frames.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            ManifestFile.Write(_manifestPath, _manifest);
        }

        void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(DatasetEditor), $"the editor of {Root} was closed");
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _lock.Dispose();
        }
    }
}
