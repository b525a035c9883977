using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Sightline.Data
{
    /// <summary>
    /// An opened dataset: a Sightline dataset folder (frames/&lt;label&gt;/&lt;id&gt;.png + dataset.msgpack) or any
    /// ImageFolder tree (class folders, optionally under train/ val/ test/). Frames are sorted by relative path
    /// (ordinal), labels by name, so the same folder always gives the same indices. Opening reports problems
    /// instead of failing where it can; images are not decoded here (see <see cref="ImageDecoder"/>).
    /// </summary>
    public sealed class Dataset
    {
        readonly DatasetFrame[] _frames;
        readonly DatasetProblem[] _problems;

        Dataset(string root, DatasetKind kind, LabelMap labels, DatasetFrame[] frames, List<DatasetProblem> problems, DatasetManifest? manifest)
        {
            Root = root;
            Kind = kind;
            Labels = labels;
            _frames = frames;
            _problems = problems.ToArray();
            Manifest = manifest;
        }

        /// <summary>Absolute path of the dataset folder.</summary>
        public string Root { get; }
        public DatasetKind Kind { get; }
        public LabelMap Labels { get; }
        public IReadOnlyList<DatasetFrame> Frames => _frames;
        /// <summary>What opening found wrong: missing files, corrupted manifest, empty labels, stray files.</summary>
        public IReadOnlyList<DatasetProblem> Problems => _problems;
        /// <summary>For Sightline datasets: the manifest that describes the frames as found (rebuilt from the folders when the stored one was missing, stale or corrupted).</summary>
        public DatasetManifest? Manifest { get; }

        public IReadOnlyList<DatasetFrame> InSplit(DatasetSplit split) => _frames.Where(f => f.Split == split).ToArray();

        public int Count(DatasetSplit split) => _frames.Count(f => f.Split == split);

        /// <summary>
        /// Opens a dataset folder (or its dataset.msgpack). With <paramref name="repair"/> (the default), a corrupted
        /// manifest is moved aside (dataset.msgpack.corrupt-&lt;time&gt;) and rewritten from the folders, unless a
        /// writer holds the dataset; images are never deleted or changed.
        /// </summary>
        public static Dataset Open(string path, bool repair = true)
        {
            if (string.IsNullOrWhiteSpace(path)) throw new DatasetException("dataset path must not be empty");
            string full = System.IO.Path.GetFullPath(path);
            if (File.Exists(full) && string.Equals(System.IO.Path.GetFileName(full), DatasetLayout.ManifestFile, StringComparison.OrdinalIgnoreCase))
                full = System.IO.Path.GetDirectoryName(full)!;
            if (File.Exists(full)) throw DatasetException.At(full, "is a file; a dataset is a folder (frames/<label>/<image> with dataset.msgpack, or <label>/<image> class folders)");
            if (!Directory.Exists(full)) throw DatasetException.At(full, "no such dataset folder");
            full = full.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar);
            if (full.Length == 0) full = System.IO.Path.GetPathRoot(System.IO.Path.GetFullPath(path))!;

            if (IsSightlineLayout(full)) return OpenSightline(full, repair, null);
            return OpenImageFolder(full);
        }

        static bool IsSightlineLayout(string root)
        {
            if (File.Exists(System.IO.Path.Combine(root, DatasetLayout.ManifestFile))) return true;
            if (!Directory.Exists(System.IO.Path.Combine(root, DatasetLayout.FramesFolder))) return false;
            // frames/ alone is a Sightline dataset whose manifest was lost, unless it sits beside other class folders.
            return VisibleDirectories(root).All(d => string.Equals(d.Name, DatasetLayout.FramesFolder, StringComparison.Ordinal));
        }

        /// <summary>Opens a Sightline dataset; the writer passes its lock so repair happens under it.</summary>
        internal static Dataset OpenSightline(string root, bool repair, DatasetLock? heldLock)
        {
            var problems = new List<DatasetProblem>();
            string manifestPath = System.IO.Path.Combine(root, DatasetLayout.ManifestFile);
            string framesRoot = System.IO.Path.Combine(root, DatasetLayout.FramesFolder);
            DatasetManifest? stored = null;
            bool manifestBad = false;
            if (File.Exists(manifestPath))
            {
                try
                {
                    stored = ManifestFile.Read(manifestPath);
                }
                catch (DatasetException e)
                {
                    manifestBad = true;
                    problems.Add(new DatasetProblem(ProblemSeverity.Error, manifestPath, StripPath(e.Message, manifestPath) + "; the frames were recovered from the folders under " + DatasetLayout.FramesFolder + "/"));
                }
            }
            else if (Directory.Exists(framesRoot))
            {
                problems.Add(new DatasetProblem(ProblemSeverity.Warning, manifestPath, "no manifest; the frames were recovered from the folders under " + DatasetLayout.FramesFolder + "/"));
            }

            // What is on disk: frames/<label>/<file>.
            var onDisk = new Dictionary<string, FileInfo>(StringComparer.Ordinal);
            var folderLabels = new List<string>();
            if (Directory.Exists(framesRoot))
            {
                foreach (var dir in VisibleDirectories(framesRoot))
                {
                    folderLabels.Add(dir.Name);
                    foreach (var file in SafeFiles(dir, problems))
                    {
                        string rel = DatasetLayout.FramesFolder + "/" + dir.Name + "/" + file.Name;
                        if (file.Name.EndsWith(DatasetLayout.TempSuffix, StringComparison.Ordinal))
                            problems.Add(new DatasetProblem(ProblemSeverity.Warning, file.FullName, "half-written frame left by an interrupted writer; ignored (the next DatasetWriter.Open deletes it)"));
                        else if (DatasetLayout.IsImageFile(file.Name)) onDisk[rel] = file;
                        else if (!DatasetLayout.IsHidden(file.Name)) problems.Add(new DatasetProblem(ProblemSeverity.Warning, file.FullName, "not an image file (expected .png, .jpg, .jpeg or .bmp); ignored"));
                    }
                }
            }

            var manifest = new DatasetManifest();
            var labelNames = new HashSet<string>(StringComparer.Ordinal);
            if (stored != null) foreach (var l in stored.Labels) labelNames.Add(l);
            foreach (var l in folderLabels)
            {
                try
                {
                    DatasetLayout.ValidateLabel(l);
                    labelNames.Add(l);
                }
                catch (ArgumentException e)
                {
                    problems.Add(new DatasetProblem(ProblemSeverity.Warning, System.IO.Path.Combine(framesRoot, l), e.Message + "; folder ignored"));
                }
            }

            var records = new List<(FrameRecord record, FileInfo file)>();
            var claimed = new HashSet<string>(StringComparer.Ordinal);
            if (stored != null)
            {
                foreach (var record in stored.Frames)
                {
                    if (onDisk.TryGetValue(record.Path, out var file))
                    {
                        records.Add((record, file));
                        claimed.Add(record.Path);
                    }
                    else
                    {
                        problems.Add(new DatasetProblem(ProblemSeverity.Warning, DatasetLayout.ToAbsolute(root, record.Path), $"listed in {DatasetLayout.ManifestFile} but the file is missing; skipped"));
                    }
                }
            }
            var ids = new HashSet<string>(records.Select(r => r.record.Id), StringComparer.Ordinal);
            foreach (var pair in onDisk.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (claimed.Contains(pair.Key)) continue;
                string label = pair.Key.Split('/')[1];
                if (!labelNames.Contains(label)) continue;
                if (stored != null)
                    problems.Add(new DatasetProblem(ProblemSeverity.Warning, pair.Value.FullName, $"not in {DatasetLayout.ManifestFile} (written just before a crash?); included with label '{label}'"));
                string id = System.IO.Path.GetFileNameWithoutExtension(pair.Value.Name);
                if (!ids.Add(id)) id = label + "/" + id;
                ids.Add(id);
                records.Add((new FrameRecord(id, label, pair.Key) { Source = "recovered", CapturedUtcTicks = pair.Value.LastWriteTimeUtc.Ticks }, pair.Value));
            }

            var labels = new LabelMap(labelNames);
            manifest.Labels.AddRange(labels.Names);
            var frames = new List<DatasetFrame>();
            foreach (var (record, file) in records.OrderBy(r => r.record.Path, StringComparer.Ordinal))
            {
                manifest.Frames.Add(record);
                frames.Add(new DatasetFrame(file.FullName, record.Path, record.Label, labels.IndexOf(record.Label), record.Split, file.Length, file.LastWriteTimeUtc, record));
            }
            AddLabelWarnings(labels, frames, l => System.IO.Path.Combine(framesRoot, l), problems);

            if (manifestBad && repair) RepairManifest(root, manifestPath, manifest, heldLock, problems);
            return new Dataset(root, DatasetKind.Sightline, labels, frames.ToArray(), problems, manifest);
        }

        static void RepairManifest(string root, string manifestPath, DatasetManifest manifest, DatasetLock? heldLock, List<DatasetProblem> problems)
        {
            DatasetLock? ownLock = null;
            if (heldLock == null && !DatasetLock.TryAcquire(root, out ownLock)) return;
            try
            {
                string aside = manifestPath + ".corrupt-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture);
                File.Move(manifestPath, aside);
                ManifestFile.Write(manifestPath, manifest);
                problems.Add(new DatasetProblem(ProblemSeverity.Warning, manifestPath, $"rewritten from the folders; the corrupted manifest was kept as {System.IO.Path.GetFileName(aside)}"));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                problems.Add(new DatasetProblem(ProblemSeverity.Warning, manifestPath, "could not be repaired: " + e.Message));
            }
            finally
            {
                ownLock?.Dispose();
            }
        }

        static Dataset OpenImageFolder(string root)
        {
            var problems = new List<DatasetProblem>();
            var top = VisibleDirectories(root).ToList();
            bool splits = top.Count > 0 && top.All(d => DatasetLayout.TryParseSplitFolder(d.Name, out _));
            var classDirs = new List<(DirectoryInfo dir, DatasetSplit split)>();
            if (splits)
            {
                foreach (var splitDir in top)
                {
                    DatasetLayout.TryParseSplitFolder(splitDir.Name, out var split);
                    foreach (var dir in VisibleDirectories(splitDir.FullName)) classDirs.Add((dir, split));
                    foreach (var file in SafeFiles(splitDir, problems))
                        if (DatasetLayout.IsImageFile(file.Name))
                            problems.Add(new DatasetProblem(ProblemSeverity.Warning, file.FullName, "image outside any label folder; ignored"));
                }
            }
            else
            {
                foreach (var dir in top) classDirs.Add((dir, DatasetSplit.Train));
            }
            foreach (var file in SafeFiles(new DirectoryInfo(root), problems))
                if (DatasetLayout.IsImageFile(file.Name))
                    problems.Add(new DatasetProblem(ProblemSeverity.Warning, file.FullName, "image outside any label folder; ignored"));
            if (classDirs.Count == 0)
                throw DatasetException.At(root, "no label folders: expected <label>/<image> class folders, train/<label>/<image> split folders, or a Sightline dataset (frames/<label>/<image> with dataset.msgpack)");

            var labelNames = new HashSet<string>(StringComparer.Ordinal);
            var files = new List<(FileInfo file, string label, DatasetSplit split)>();
            foreach (var (dir, split) in classDirs)
            {
                labelNames.Add(dir.Name);
                foreach (var file in AllFiles(dir, problems))
                {
                    if (DatasetLayout.IsImageFile(file.Name)) files.Add((file, dir.Name, split));
                    else if (!DatasetLayout.IsHidden(file.Name))
                        problems.Add(new DatasetProblem(ProblemSeverity.Warning, file.FullName, "not an image file (expected .png, .jpg, .jpeg or .bmp); ignored"));
                }
            }
            var labels = new LabelMap(labelNames);
            var frames = files
                .Select(f => new DatasetFrame(f.file.FullName, DatasetLayout.ToRelative(root, f.file.FullName), f.label, labels.IndexOf(f.label), f.split, f.file.Length, f.file.LastWriteTimeUtc, null))
                .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
                .ToArray();
            AddLabelWarnings(labels, frames, l => splits ? System.IO.Path.Combine(root, "*", l) : System.IO.Path.Combine(root, l), problems);
            return new Dataset(root, splits ? DatasetKind.ImageFolderWithSplits : DatasetKind.ImageFolder, labels, frames, problems, null);
        }

        static void AddLabelWarnings(LabelMap labels, IReadOnlyList<DatasetFrame> frames, Func<string, string> folderOf, List<DatasetProblem> problems)
        {
            var counts = new int[labels.Count];
            foreach (var frame in frames) counts[frame.LabelIndex]++;
            for (int i = 0; i < labels.Count; i++)
            {
                if (counts[i] == 0)
                    problems.Add(new DatasetProblem(ProblemSeverity.Warning, folderOf(labels[i]), $"label '{labels[i]}' has no images; the network still gets an output for it"));
                else if (counts[i] == 1)
                    problems.Add(new DatasetProblem(ProblemSeverity.Warning, folderOf(labels[i]), $"label '{labels[i]}' has only one image; it cannot appear in both training and validation"));
            }
        }

        static string StripPath(string message, string path) =>
            message.StartsWith(path + ": ", StringComparison.Ordinal) ? message.Substring(path.Length + 2) : message;

        static IEnumerable<DirectoryInfo> VisibleDirectories(string path)
        {
            DirectoryInfo[] dirs;
            try
            {
                dirs = new DirectoryInfo(path).GetDirectories();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw DatasetException.At(path, "cannot list the folder: " + e.Message, e);
            }
            return dirs.Where(d => !DatasetLayout.IsHidden(d.Name)).OrderBy(d => d.Name, StringComparer.Ordinal);
        }

        static IEnumerable<FileInfo> SafeFiles(DirectoryInfo dir, List<DatasetProblem> problems)
        {
            try
            {
                return dir.GetFiles();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                problems.Add(new DatasetProblem(ProblemSeverity.Error, dir.FullName, "cannot list the folder: " + e.Message));
                return Array.Empty<FileInfo>();
            }
        }

        // Class folders may nest (torchvision's ImageFolder walks them too); hidden folders are skipped.
        static IEnumerable<FileInfo> AllFiles(DirectoryInfo dir, List<DatasetProblem> problems)
        {
            foreach (var file in SafeFiles(dir, problems)) yield return file;
            DirectoryInfo[] subs;
            try
            {
                subs = dir.GetDirectories();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                problems.Add(new DatasetProblem(ProblemSeverity.Error, dir.FullName, "cannot list the folder: " + e.Message));
                yield break;
            }
            foreach (var sub in subs.Where(d => !DatasetLayout.IsHidden(d.Name)).OrderBy(d => d.Name, StringComparer.Ordinal))
                foreach (var file in AllFiles(sub, problems)) yield return file;
        }
    }
}
