using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Sightline.Cpu;
using Sightline.Data;
using Sightline.Training.Batches;
using Sightline.Training.Checkpoints;
using Sightline.Training.Sessions;

namespace Sightline.Cli.Reliability
{
    /// <summary>
    /// Runs out of disk space while writing a checkpoint, a frame and a dataset manifest: on a real small filesystem
    /// the drill mounts (a tmpfs, when it runs as root on Linux, as CI does; the OS answers ENOSPC), else through the
    /// in-process <see cref="WriteFaults"/> wrapper (<see cref="DiskSpace"/>; the row's detail says which). On Linux and
    /// macOS it also runs a real `train --resume` whose checkpoint write hits a file-size limit (ulimit -f). Each time
    /// the error must be a <see cref="DiskFullException"/> naming the file, the previous checkpoint must still load, and
    /// the dataset must keep every frame with no half-written file.
    /// </summary>
    public static class DiskFullDrill
    {
        /// <summary>Size of the filesystem the drill mounts: the dataset, two checkpoints and room to spare.</summary>
        public const long FilesystemBytes = 48L << 20;

        public static ReliabilityRow Run(bool realLimit = true, string? workFolder = null, bool mount = true)
        {
            var row = new ReliabilityRow("disk full");
            var clock = Stopwatch.StartNew();
            string work = workFolder ?? DrillData.NewFolder("diskfull");
            Directory.CreateDirectory(work);
            var parts = new System.Collections.Generic.List<string>();
            DiskSpace? space = null;
            try
            {
                space = DiskSpace.Create(work, FilesystemBytes, mount);
                row.Detail = space.Description;
                string dataset = DrillData.WriteDataset(Path.Combine(space.Folder, "data"), 8, 3);
                string run = Path.Combine(space.Folder, "run");
                Checkpoint(dataset, run, row, space);
                parts.Add("checkpoint");
                Frame(dataset, row, space);
                parts.Add("frame");
                Manifest(dataset, row, space);
                parts.Add("manifest");
                if (realLimit)
                {
                    if (ChildCli.CanLimitFileSize)
                    {
                        RealFileSizeLimit(dataset, run, row);
                        parts.Add("ulimit -f checkpoint");
                    }
                    else
                    {
                        parts.Add("no ulimit on this OS");
                    }
                }
            }
            catch (Exception e)
            {
                row.Unhandled(e.GetType().Name + ": " + e.Message);
            }
            finally
            {
                try
                {
                    space?.Dispose();
                }
                catch (IOException e)
                {
                    row.Problem(e.Message);
                }
                if (workFolder == null) DrillData.TryDelete(work);
            }
            row.Detail = (space != null ? space.Description + ": " : "") + string.Join(", ", parts);
            row.Seconds = clock.Elapsed.TotalSeconds;
            return row;
        }

        /// <summary>Trains one epoch, then continues with too little space for the next checkpoint.</summary>
        static void Checkpoint(string dataset, string run, ReliabilityRow row, DiskSpace space)
        {
            var spec = DrillData.TinySpec();
            using var data = DatasetBatches.ForTraining(dataset, null, spec.InputSize, spec.StoredSize);
            using var engine = new CpuEngine(spec, 8, new CpuEngineOptions { ThreadCount = 1 });
            TrainingSession.Start(engine, data.Source, DrillData.Settings(1), run).Run();
            string file = new RunFolder(run).Checkpoint;
            var good = CheckpointFile.Load(file);
            long size = new FileInfo(file).Length;

            row.InputsTried++;
            var session = TrainingSession.Resume(good, engine, data.Source, run, epochs: 2);
            using (space.LeaveFree(size / 2))
            {
                try
                {
                    session.Run();
                    row.Problem($"training wrote its checkpoint with {size / 2} of the {size} bytes it needs free");
                }
                catch (DiskFullException e)
                {
                    row.FaultsInjected++;
                    Expect(e, Path.GetFullPath(file), "disk full", row);
                }
            }
            AfterCheckpointFault(file, good.State.Step, row);
        }

        static void AfterCheckpointFault(string file, long step, ReliabilityRow row)
        {
            try
            {
                var after = CheckpointFile.Load(file);
                if (after.State.Step != step) row.Lost($"{file} moved from step {step} to {after.State.Step} although its write failed");
            }
            catch (CheckpointException e)
            {
                row.Lost("the previous checkpoint no longer loads after a failed write: " + e.Message);
            }
            if (File.Exists(Path.GetFullPath(file) + ".tmp")) row.Problem($"{file}.tmp was left behind after the failed write");
            else row.CrashesSurvived++;
        }

        static void Frame(string dataset, ReliabilityRow row, DiskSpace space)
        {
            int before = DrillData.CheckDataset(dataset, row, 0);
            var random = new Randomness.SeededRandom(7);
            row.InputsTried++;
            using (var writer = DatasetWriter.Open(dataset))
            {
                using (space.LeaveFree(100))
                {
                    try
                    {
                        writer.Write(DrillData.Frame(1, 32, random), DrillData.Labels[1], DrillData.Details());
                        row.Problem("a frame was written with 100 bytes free");
                    }
                    catch (DiskFullException e)
                    {
                        row.FaultsInjected++;
                        Expect(e, Path.Combine(dataset, DatasetLayout.FramesFolder), "disk full", row);
                    }
                }
                // Space is back: the writer goes on.
                writer.Write(DrillData.Frame(2, 32, random), DrillData.Labels[2], DrillData.Details());
            }
            if (Directory.GetFiles(dataset, "*" + DatasetLayout.TempSuffix, SearchOption.AllDirectories).Length > 0) row.Problem("a temporary frame file was left after the failed write");
            int after = DrillData.CheckDataset(dataset, row, before + 1);
            if (after == before + 1) row.CrashesSurvived++;
            else if (after > before + 1) row.Problem($"{after - before} frames were added, expected 1 (the failed one must not count)");
        }

        /// <summary>The image fits but the manifest does not: the next open lists the image again, nothing is lost.</summary>
        static void Manifest(string dataset, ReliabilityRow row, DiskSpace space)
        {
            int before = DrillData.CheckDataset(dataset, row, 0);
            var frame = DrillData.Frame(0, 32, new Randomness.SeededRandom(9));
            long png;
            using (var probe = new MemoryStream())
            {
                PngFrameEncoder.Encode(frame, probe);
                png = probe.Length;
            }
            row.InputsTried++;
            // A real filesystem allocates whole blocks: room for exactly the image's blocks, none for the manifest.
            int block = Environment.SystemPageSize;
            long free = space.IsReal ? (png + block - 1) / block * block : png + 16;
            using (var writer = DatasetWriter.Open(dataset))
            using (space.LeaveFree(free))
            {
                try
                {
                    writer.Write(frame, DrillData.Labels[0], DrillData.Details());
                    row.Problem($"the manifest was rewritten with only {free - png} bytes free");
                }
                catch (DiskFullException e)
                {
                    row.FaultsInjected++;
                    Expect(e, DatasetLayout.ManifestFile, "disk full", row);
                }
            }
            int after = DrillData.CheckDataset(dataset, row, before);
            if (after == before + 1) row.CrashesSurvived++;
            else row.Problem($"after a failed manifest write the dataset holds {after} frames; expected {before + 1} (the image on disk listed again)");
        }

        /// <summary>A real `sightline train --resume` under `ulimit -f`: the OS refuses the checkpoint's growth with EFBIG.</summary>
        static void RealFileSizeLimit(string dataset, string run, ReliabilityRow row)
        {
            string file = new RunFolder(run).Checkpoint;
            var good = CheckpointFile.Load(file);
            int limitKiB = (int)Math.Max(64, new FileInfo(file).Length / 2 / 1024);
            row.InputsTried++;
            using var child = ChildCli.StartLimited(limitKiB, "train", "--data", dataset, "--out", run, "--resume",
                "--epochs", (good.State.Epoch + 1).ToString(CultureInfo.InvariantCulture), "--threads", "1", "--engine", "cpu");
            if (!child.WaitForExit(TimeSpan.FromSeconds(120)))
            {
                row.Problem("`train --resume` under ulimit -f did not finish within 120 s");
                return;
            }
            if (child.ReportedUnhandledException) row.Unhandled("train under ulimit -f: " + child.Error.Trim());
            else if (child.ExitCode != CliRunner.DiskFull)
                row.Problem($"train under ulimit -f {limitKiB} exited with {child.ExitCode}, not {CliRunner.DiskFull} (disk full): {child.Error.Trim()}");
            else if (!child.Error.Contains("file too large while writing") || !child.Error.Contains(Path.GetFileName(file)))
                row.Problem("the error does not say the file-size limit was hit while writing the checkpoint: " + child.Error.Trim());
            else
                row.FaultsInjected++;
            AfterCheckpointFault(file, good.State.Step, row);
        }

        static void Expect(DiskFullException e, string pathPart, string words, ReliabilityRow row)
        {
            if (!e.Message.Contains(words) || !e.Message.Contains(pathPart))
                row.Problem($"the disk-full error does not say '{words}' and name {pathPart}: {e.Message}");
        }
    }
}
