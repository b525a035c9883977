using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Sightline.Tests.Core.Data;

namespace Sightline.Tests.Cluster
{
    /// <summary>
    /// The cluster trainer checkpoints every epoch and `--resume` continues it: one epoch, stopped, then resumed for the
    /// second, gives the second epoch a run without the stop gives (same loss and validation top-1, to the last bit).
    /// A job continued from a Sightline checkpoint starts at the checkpoint's epoch.
    /// </summary>
    [Category("ScaleOut")]
    public class DdpResumeTests
    {
        static (int code, string output, string error) Cli(params string[] args) => ConsoleCapture.Sightline(args);

        [Test]
        public void ResumingAfterAnEpochGivesTheUninterruptedRun()
        {
            string trainer = Torchrun.TrainerOrIgnore();
            using var folder = new TempFolder();
            var (code, _, error) = Cli("render", "--out", folder.Combine("data"), "--frames", "200", "--seed", "3");
            Assert.That(code, Is.EqualTo(0), error);
            (code, _, error) = Cli("export-manifest", "--data", folder.Combine("data"), "--out", folder.Combine("job"), "--epochs", "2", "--batch", "32");
            Assert.That(code, Is.EqualTo(0), error);

            Torchrun.Run(trainer, 2, 900, "train", "--job", folder.Combine("job"), "--out", folder.Combine("straight"));
            Torchrun.Run(trainer, 2, 900, "train", "--job", folder.Combine("job"), "--out", folder.Combine("stopped"), "--epochs", "1");
            Assert.That(File.Exists(folder.Combine("stopped", "checkpoint.pt")), Is.True);
            Torchrun.Run(trainer, 2, 900, "train", "--job", folder.Combine("job"), "--out", folder.Combine("stopped"), "--epochs", "2", "--resume");

            var straight = History(folder.Combine("straight", "result.json"));
            var resumed = History(folder.Combine("stopped", "result.json"));
            Assert.That(straight.Length, Is.EqualTo(2));
            Assert.That(resumed.Length, Is.EqualTo(2), "the resumed run's history holds the epoch before the stop");
            Assert.That(resumed[1], Is.EqualTo(straight[1]), "epoch 2 after a resume");
            Assert.That(resumed[0], Is.EqualTo(straight[0]));

            // A job made from a Sightline checkpoint continues at its epoch: the cluster's first epoch is its next one.
            (code, _, error) = Cli("train", "--data", folder.Combine("data"), "--out", folder.Combine("sightline"), "--epochs", "1", "--batch", "32", "--engine", "cpu");
            Assert.That(code, Is.EqualTo(0), error);
            (code, _, error) = Cli("export-manifest", "--data", folder.Combine("data"), "--out", folder.Combine("job2"), "--model", folder.Combine("sightline", "checkpoint.slckpt"), "--epochs", "2");
            Assert.That(code, Is.EqualTo(0), error);
            string output = Torchrun.Run(trainer, 2, 900, "train", "--job", folder.Combine("job2"), "--out", folder.Combine("continued"));
            Assert.That(output, Does.Contain("epoch 2/2").And.Not.Contain("epoch 1/2"));
        }

        static (double loss, double? top1)[] History(string path)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.GetProperty("history").EnumerateArray()
                .Select(e => (e.GetProperty("trainLoss").GetDouble(), e.GetProperty("validationTop1").ValueKind == JsonValueKind.Number ? e.GetProperty("validationTop1").GetDouble() : (double?)null))
                .ToArray();
        }
    }
}
