using System;
using System.IO;
using System.Runtime.InteropServices;
using NUnit.Framework;
using Sightline.Cli.Reliability;
using Sightline.Data;
using Sightline.Model;
using Sightline.Training.Checkpoints;

namespace Sightline.Tests.Reliability
{
    /// <summary>Out of space while writing checkpoints, frames and manifests: a clear error, and nothing already saved is lost.</summary>
    public class DiskFullTests
    {
        string _work = string.Empty;

        [SetUp]
        public void SetUp()
        {
            _work = DrillData.NewFolder("diskfull-test");
            Directory.CreateDirectory(_work);
        }

        [TearDown]
        public void TearDown() => DrillData.TryDelete(_work);

        static Checkpoint Small(float value)
        {
            var spec = DrillData.TinySpec();
            var parameters = new float[spec.ParameterCount];
            for (int i = 0; i < parameters.Length; i++) parameters[i] = value;
            return new Checkpoint(new TrainedModel(spec, parameters, null, InputNormalization.None), new TrainingState { Step = (long)value });
        }

        [Test]
        public void CheckpointOnAFullDiskKeepsTheOldOneAndSaysWhichFile()
        {
            string file = Path.Combine(_work, "checkpoint" + CheckpointFile.Extension);
            CheckpointFile.Save(file, Small(1));
            DiskFullException? error = null;
            using (var full = WriteFaults.DiskFullAfter(1000))
            {
                error = Assert.Throws<DiskFullException>(() => CheckpointFile.Save(file, Small(2)));
                Assert.That(full.FaultsInjected, Is.EqualTo(1));
            }
            Assert.That(error!.Message, Does.StartWith("disk full while writing " + Path.GetFullPath(file)));
            Assert.That(error.Message, Does.Contain("previous file is unchanged"));
            Assert.That(error.Path, Is.EqualTo(Path.GetFullPath(file)));
            Assert.That(error, Is.InstanceOf<IOException>(), "existing IOException handlers still catch it");
            Assert.That(CheckpointFile.Load(file).State.Step, Is.EqualTo(1));
            Assert.That(File.Exists(file + ".tmp"), Is.False, "the half-written temporary file is removed");
            // Outside the scope the disk has room again.
            CheckpointFile.Save(file, Small(3));
            Assert.That(CheckpointFile.Load(file).State.Step, Is.EqualTo(3));
        }

        [Test]
        public void FrameOnAFullDiskLeavesNoFileAndTheWriterGoesOn()
        {
            string dataset = DrillData.WriteDataset(Path.Combine(_work, "data"), 2, 1);
            var random = new Randomness.SeededRandom(3);
            using (var writer = DatasetWriter.Open(dataset))
            {
                using (WriteFaults.DiskFullAfter(50))
                {
                    var e = Assert.Throws<DiskFullException>(() => writer.Write(DrillData.Frame(0, 32, random), DrillData.Labels[0], DrillData.Details()));
                    Assert.That(e!.Message, Does.StartWith("disk full while writing " + Path.Combine(dataset, DatasetLayout.FramesFolder, "label0")));
                    Assert.That(e.Message, Does.EndWith(".png")
                        .Or.Contain(".png:"));
                }
                Assert.That(writer.FrameCount, Is.EqualTo(6));
                writer.Write(DrillData.Frame(1, 32, random), DrillData.Labels[1], DrillData.Details());
            }
            Assert.That(Directory.GetFiles(dataset, "*" + DatasetLayout.TempSuffix, SearchOption.AllDirectories), Is.Empty);
            var reopened = Dataset.Open(dataset, repair: false);
            Assert.That(reopened.Frames.Count, Is.EqualTo(7));
            Assert.That(reopened.Problems, Is.Empty);
        }

        [Test]
        public void EnqueuedFrameOnAFullDiskIsReportedWithTheDiskFullError()
        {
            string dataset = Path.Combine(_work, "queued");
            Exception? failure = null;
            using (var writer = DatasetWriter.Open(dataset))
            {
                writer.FrameFailed += (_, e) => failure = e;
                // The writer thread starts inside the scope, so it inherits the fault.
                using (WriteFaults.DiskFullAfter(10))
                    Assert.That(writer.Enqueue(DrillData.Frame(2, 32, new Randomness.SeededRandom(4)), DrillData.Labels[2], DrillData.Details()), Is.True);
                writer.Flush();
                Assert.That(writer.FailedCount, Is.EqualTo(1));
            }
            Assert.That(failure, Is.InstanceOf<DiskFullException>());
            Assert.That(Dataset.Open(dataset, repair: false).Frames.Count, Is.EqualTo(0));
        }

        [Test]
        public void OperatingSystemCodesForNoSpaceAndFileTooLargeAreRecognised()
        {
            Assume.That(RuntimeInformation.IsOSPlatform(OSPlatform.Windows), Is.False, "errno values (Linux, macOS)");
            Assert.That(DiskFullException.IsOutOfSpace(new IOException("No space left on device", 28), out bool tooLarge), Is.True);
            Assert.That(tooLarge, Is.False);
            Assert.That(DiskFullException.IsOutOfSpace(new IOException("File too large", 27), out tooLarge), Is.True);
            Assert.That(tooLarge, Is.True);
            Assert.That(DiskFullException.IsOutOfSpace(new IOException("Input/output error", 5), out _), Is.False);
            Assert.That(DiskFullException.IsOutOfSpace(new InvalidOperationException("x"), out _), Is.False);
            Assert.That(DiskFullException.From(new IOException("Permission denied", 13), "/x"), Is.Null);
            var mapped = DiskFullException.From(new IOException("File too large", 27), "/runs/a/checkpoint.slckpt");
            Assert.That(mapped!.Message, Does.StartWith("file too large while writing /runs/a/checkpoint.slckpt: the file-size limit (ulimit -f) was hit"));
        }

        [Test]
        public void DrillFillsARealFilesystemForCheckpointFrameAndManifestAndARealFileSizeLimit()
        {
            var row = DiskFullDrill.Run(realLimit: true, workFolder: Path.Combine(_work, "drill"));
            string report = row.Detail + "; " + string.Join("; ", row.Problems);
            Assert.That(row.DataLost, Is.EqualTo(0), report);
            Assert.That(row.UnhandledExceptions, Is.EqualTo(0), report);
            Assert.That(row.Problems, Is.Empty, report);
            bool real = ChildCli.CanLimitFileSize;
            // checkpoint, frame, manifest; the ulimit -f child where bash can set it.
            Assert.That(row.FaultsInjected, Is.EqualTo(real ? 4 : 3), report);
            Assert.That(row.CrashesSurvived, Is.EqualTo(real ? 4 : 3), report);
            // Root on Linux (CI) mounts a tmpfs and the OS says ENOSPC; elsewhere the row says it used the wrapper, and why.
            bool canMount = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && Environment.UserName == "root";
            Assert.That(row.Detail, canMount ? Does.StartWith("real filesystem: tmpfs") : Does.StartWith("in-process fault wrapper ("), report);
            if (canMount) Assert.That(File.ReadAllText("/proc/mounts"), Does.Not.Contain(Path.Combine(_work, "drill")), "the drill unmounts its filesystem");
        }

        [Test]
        public void WithoutMountingTheDrillUsesTheFaultWrapperAndSaysSo()
        {
            var row = DiskFullDrill.Run(realLimit: false, workFolder: Path.Combine(_work, "wrapped"), mount: false);
            string report = row.Detail + "; " + string.Join("; ", row.Problems);
            Assert.That(row.Problems, Is.Empty, report);
            Assert.That(row.FaultsInjected, Is.EqualTo(3), report);
            Assert.That(row.Detail, Does.StartWith("in-process fault wrapper (mounting not asked for)"));
        }
    }
}
