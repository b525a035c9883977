using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Sightline.Capture;
using Sightline.Data;
using Sightline.Imaging;
using Sightline.Labelling;

namespace Sightline.Tests.Core.Labelling
{
    public class DatasetEditorTests
    {
        string _root = "";

        [SetUp]
        public void CreateDataset()
        {
            _root = Path.Combine(Path.GetTempPath(), "sightline-edit-" + Guid.NewGuid().ToString("N"));
            using var writer = DatasetWriter.Open(_root);
            for (int i = 0; i < 6; i++)
                writer.Write(new Frame(new byte[8 * 8 * 3], 8, 8), i < 4 ? "car" : "truck", new CaptureDetails { Id = "f" + i });
        }

        [TearDown]
        public void DeleteDataset()
        {
            if (Directory.Exists(_root)) Directory.Delete(_root, true);
        }

        static void AssertClean(Dataset dataset) =>
            Assert.That(dataset.Problems.Select(p => p.ToString()), Is.Empty, "the manifest and the folders agree");

        [Test]
        public void RelabelMovesTheImagesAndTheManifestFollows()
        {
            using (var editor = DatasetEditor.Open(_root))
                Assert.That(editor.Relabel(new[] { "f0", "f1" }, "van"), Is.EqualTo(2));
            var dataset = Dataset.Open(_root);
            AssertClean(dataset);
            Assert.That(dataset.Labels.Names, Is.EqualTo(new[] { "car", "truck", "van" }));
            var f0 = dataset.Frames.Single(f => f.Record!.Id == "f0");
            Assert.That(f0.Label, Is.EqualTo("van"));
            Assert.That(f0.RelativePath, Is.EqualTo("frames/van/f0.png"));
            Assert.That(File.Exists(Path.Combine(_root, "frames", "car", "f0.png")), Is.False);
        }

        [Test]
        public void MergeMovesEveryFrameAndRemovesTheOldLabel()
        {
            using (var editor = DatasetEditor.Open(_root))
            {
                Assert.That(editor.MergeLabel("truck", "car"), Is.EqualTo(2));
                Assert.That(editor.Labels, Is.EqualTo(new[] { "car" }));
                Assert.That(editor.Count("car"), Is.EqualTo(6));
            }
            var dataset = Dataset.Open(_root);
            AssertClean(dataset);
            Assert.That(dataset.Labels.Names, Is.EqualTo(new[] { "car" }));
            Assert.That(Directory.Exists(Path.Combine(_root, "frames", "truck")), Is.False);
        }

        [Test]
        public void SplitsAreStoredInTheManifest()
        {
            using (var editor = DatasetEditor.Open(_root))
                Assert.That(editor.SetSplit(new[] { "f1", "f5" }, DatasetSplit.Validation), Is.EqualTo(2));
            var dataset = Dataset.Open(_root);
            Assert.That(dataset.InSplit(DatasetSplit.Validation).Select(f => f.Record!.Id), Is.EquivalentTo(new[] { "f1", "f5" }));
        }

        [Test]
        public void AnAddedLabelSurvivesReopeningWhileEmpty()
        {
            using (var editor = DatasetEditor.Open(_root)) editor.AddLabel("bus");
            using (var editor = DatasetEditor.Open(_root)) Assert.That(editor.Labels, Does.Contain("bus"));
        }

        [Test]
        public void BadRequestsSayWhatIsWrong()
        {
            using var editor = DatasetEditor.Open(_root);
            Assert.That(Assert.Throws<ArgumentException>(() => editor.Relabel(new[] { "nope" }, "car"))!.Message, Does.Contain("no frame 'nope'"));
            Assert.That(Assert.Throws<ArgumentException>(() => editor.Relabel(new[] { "f0" }, "a/b"))!.Message, Does.Contain("a/b"));
            Assert.That(Assert.Throws<ArgumentException>(() => editor.AddLabel("car"))!.Message, Does.Contain("already exists"));
            Assert.That(Assert.Throws<ArgumentException>(() => editor.MergeLabel("bus", "car"))!.Message, Does.Contain("'bus' does not exist"));
        }

        [Test]
        public void AnOpenWriterKeepsTheEditorOut()
        {
            using var writer = DatasetWriter.Open(_root);
            var e = Assert.Throws<DatasetException>(() => DatasetEditor.Open(_root));
            Assert.That(e!.Message, Does.Contain("another DatasetWriter"));
        }
    }
}
