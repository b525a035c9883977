using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using NUnit.Framework;
using Sightline.Training.Checkpoints;

namespace Sightline.Tests.Training
{
    /// <summary>SIGKILL in the middle of training never corrupts the checkpoint, and --resume continues from it.</summary>
    public class KilledTrainingTests
    {
        string _work = string.Empty;

        [SetUp]
        public void SetUp()
        {
            _work = CliRun.NewFolder("kill");
            Directory.CreateDirectory(_work);
        }

        [TearDown]
        public void TearDown()
        {
            if (Directory.Exists(_work)) Directory.Delete(_work, true);
        }

        [Test]
        public void KilledTrainingResumesFromItsLastCheckpoint()
        {
            string images = CliRun.ImageFolder(Path.Combine(_work, "images"), 16, 9);
            string run = Path.Combine(_work, "run");
            string file = Path.Combine(run, "checkpoint" + CheckpointFile.Extension);
            // 48 images, every 10th held out for validation: 44 training images, 5 batches of 8 per epoch.
            const int batchesPerEpoch = 5;
            var child = CliRun.Start(_work, "train", "--data", images, "--out", run, "--epochs", "40", "--batch", "8",
                "--threads", "1", "--engine", "cpu", "--checkpoint-every", "1");
            try
            {
                // Kill it while it is writing checkpoints step after step.
                var clock = Stopwatch.StartNew();
                long seen = 0;
                while (seen < 7 && clock.Elapsed < TimeSpan.FromSeconds(90) && !child.HasExited)
                {
                    Thread.Sleep(50);
                    seen = StepIn(file);
                }
                Assert.That(child.HasExited, Is.False, "training ended before it could be killed: " + Log());
                Assert.That(seen, Is.GreaterThanOrEqualTo(7), "no checkpoints within 90 s: " + Log());
                child.Kill();
                child.WaitForExit();
            }
            finally
            {
                if (!child.HasExited) child.Kill();
                child.Dispose();
            }

            var killed = CheckpointFile.Load(file);
            Assert.That(killed.State.Step, Is.GreaterThanOrEqualTo(7));
            Assert.That(killed.State.Step, Is.EqualTo((long)killed.State.Epoch * batchesPerEpoch + killed.State.BatchInEpoch));

            int target = killed.State.Epoch + 2;
            var resumed = CliRun.InProcess("train", "--data", images, "--out", run, "--resume", "--epochs", target.ToString(),
                "--threads", "1", "--engine", "cpu", "--json");
            Assert.That(resumed.code, Is.EqualTo(0), resumed.error);
            var final = CheckpointFile.Load(file);
            Assert.That(final.State.Epoch, Is.EqualTo(target));
            // Every step before the kill's checkpoint was kept; the resumed run did only the rest.
            Assert.That(final.State.Step, Is.EqualTo((long)target * batchesPerEpoch));
            Assert.That(final.State.History.Count, Is.EqualTo(target));
        }

        static long StepIn(string file)
        {
            try
            {
                return File.Exists(file) ? CheckpointFile.Load(file).State.Step : 0;
            }
            catch (CheckpointException)
            {
                // Only a rename ever replaces the file, so a reader never sees half a checkpoint.
                throw;
            }
            catch (IOException)
            {
                return 0;
            }
        }

        string Log()
        {
            string err = Path.Combine(_work, "child.err");
            return File.Exists(err) ? File.ReadAllText(err) : "(no output)";
        }
    }
}
