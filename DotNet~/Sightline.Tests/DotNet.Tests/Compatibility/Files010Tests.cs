using System;
using System.Globalization;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Cpu;
using Sightline.Data;
using Sightline.Imaging;
using Sightline.Model;
using Sightline.Onnx;
using Sightline.Training.Checkpoints;

namespace Sightline.Tests.Compatibility
{
    /// <summary>
    /// Files written by Sightline 0.1.0 (Files-0.1.0, see its README.md) still load and classify as they did: a
    /// checkpoint of a small two-tower network trained two epochs on the dataset next to it, its ONNX export, and a
    /// captured dataset with every per-frame field set. probabilities.txt holds what 0.1.0 computed for three fixed
    /// 64x64 patterns.
    /// </summary>
    public class Files010Tests
    {
        static readonly string[] Labels = { "disc", "horizontal", "vertical" };
        string _temp = string.Empty;

        static string Files => Path.Combine(RepositoryFolder.Root(), "DotNet~", "Sightline.Tests", "DotNet.Tests", "Compatibility", "Files-0.1.0");

        [SetUp]
        public void SetUp() => _temp = Path.Combine(Path.GetTempPath(), "sightline-compat-" + Guid.NewGuid().ToString("N"));

        [TearDown]
        public void TearDown()
        {
            try
            {
                if (Directory.Exists(_temp)) Directory.Delete(_temp, true);
            }
            catch (IOException)
            {
                // Left to the OS.
            }
        }

        [Test]
        public void TheCheckpointLoadsWithItsTrainingState()
        {
            var checkpoint = CheckpointFile.Load(Path.Combine(Files, "checkpoint.slckpt"));
            Assert.That(checkpoint.Model.Spec.Preset, Is.EqualTo("compat"));
            Assert.That(checkpoint.Model.Spec.Classes, Is.EqualTo(3));
            Assert.That(checkpoint.Model.Spec.InputSize, Is.EqualTo(64));
            Assert.That(checkpoint.Model.Spec.ParameterCount, Is.EqualTo(3507));
            Assert.That(checkpoint.Model.Parameters.Length, Is.EqualTo(3507));
            Assert.That(checkpoint.State.Momentum.Length, Is.EqualTo(3507));
            Assert.That(checkpoint.State.Momentum.Any(m => m != 0f), Is.True, "momentum after two epochs");
            Assert.That(checkpoint.Model.Labels, Is.EqualTo(Labels));
            Assert.That(checkpoint.State.Epoch, Is.EqualTo(2));
            Assert.That(checkpoint.State.Step, Is.EqualTo(2), "two epochs of one full batch of four (six training frames)");
            Assert.That(checkpoint.State.History.Count, Is.EqualTo(2));
            // 0.1.0 stored the 73x73 mean image of the frames; the model keeps its centre 64x64 crop, what 0.1.0 subtracted.
            Assert.That(checkpoint.Model.Normalization.MeanImageSize, Is.EqualTo(64));
            Assert.That(checkpoint.Model.Normalization.Mean.Count, Is.EqualTo(3 * 64 * 64));
            Assert.That(checkpoint.State.RandomStates.Count, Is.GreaterThan(0));
        }

        [Test]
        public void TheCheckpointClassifiesAsIn010() =>
            AssertProbabilities(CheckpointFile.Load(Path.Combine(Files, "checkpoint.slckpt")).Model);

        [Test]
        public void TheOnnxExportImportsAndClassifiesAsIn010()
        {
            var model = OnnxImporter.Load(Path.Combine(Files, "model.onnx"));
            Assert.That(model.Labels, Is.EqualTo(Labels));
            Assert.That(model.Spec.ParameterCount, Is.EqualTo(3507));
            AssertProbabilities(model);
        }

        [Test]
        public void TheDatasetOpensWithEveryFrameField()
        {
            CopyFolder(Path.Combine(Files, "dataset"), _temp);
            var dataset = Dataset.Open(_temp);
            Assert.That(dataset.Problems, Is.Empty);
            Assert.That(dataset.Kind, Is.EqualTo(DatasetKind.Sightline));
            Assert.That(dataset.Frames.Count, Is.EqualTo(9));
            Assert.That(dataset.Count(DatasetSplit.Train), Is.EqualTo(6));
            Assert.That(dataset.Count(DatasetSplit.Validation), Is.EqualTo(3));
            for (int n = 0; n < 9; n++)
            {
                string id = "frame-" + n.ToString("D3", CultureInfo.InvariantCulture);
                var frame = dataset.Frames.Single(f => f.Record != null && f.Record.Id == id);
                var record = frame.Record!;
                Assert.That(frame.Label, Is.EqualTo(Labels[n % 3]), id);
                Assert.That(frame.Split, Is.EqualTo(n < 6 ? DatasetSplit.Train : DatasetSplit.Validation), id);
                Assert.That(record.Width, Is.EqualTo(17), id);
                Assert.That(record.Height, Is.EqualTo(13), id);
                Assert.That(record.Source, Is.EqualTo("compat-generator"), id);
                Assert.That(record.Scene, Is.EqualTo("scene-" + (n % 3)), id);
                Assert.That(record.Time, Is.EqualTo(1.25 * n), id);
                Assert.That(record.CapturedUtc, Is.EqualTo(new DateTime(2026, 12, 6, 19, 30, 0, DateTimeKind.Utc).AddSeconds(n)), id);
                Assert.That(record.Pose, Is.Not.Null, id);
                Assert.That(record.Pose!.Value.PositionY, Is.EqualTo(2.25f), id);
                Assert.That(record.Pose!.Value.FieldOfView, Is.EqualTo(60f), id);
                var header = ImageDecoder.Identify(frame.Path);
                Assert.That(header.Width, Is.EqualTo(17), id);
                Assert.That(header.Height, Is.EqualTo(13), id);
            }
        }

        static void AssertProbabilities(TrainedModel model)
        {
            var expected = File.ReadAllLines(Path.Combine(Files, "probabilities.txt"));
            Assert.That(expected.Length, Is.EqualTo(3));
            using (var classifier = new ImageClassifier(new CpuEngine(model.Spec, 1, new CpuEngineOptions { ThreadCount = 1 }), model))
                for (int k = 0; k < 3; k++)
                {
                    var result = classifier.ClassifyAsync(new Frame(Pattern(k), 64, 64), 3).GetAwaiter().GetResult();
                    var want = expected[k].Split(' ').Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    foreach (var score in result.Top)
                        Assert.That(score.Probability, Is.EqualTo(want[score.Index]).Within(1e-5f), $"pattern {k}, {score.Label}");
                }
        }

        // The three inputs 0.1.0 classified (the generator used the same formula).
        static byte[] Pattern(int k)
        {
            var rgb = new byte[64 * 64 * 3];
            for (int y = 0; y < 64; y++)
                for (int x = 0; x < 64; x++)
                    for (int c = 0; c < 3; c++)
                        rgb[(y * 64 + x) * 3 + c] = (byte)((x * (7 + k) + y * (13 - k) + c * 50 + k * 40) % 256);
            return rgb;
        }

        static void CopyFolder(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }
}
