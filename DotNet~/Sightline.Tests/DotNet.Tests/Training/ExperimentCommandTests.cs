using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;

namespace Sightline.Tests.Training
{
    /// <summary>`sightline experiment`: every experiment runs end to end on a tiny ImageFolder; the JSON has exactly the keys.</summary>
    public class ExperimentCommandTests
    {
        static string _images = string.Empty;
        string _work = string.Empty;

        [SetUp]
        public void SetUp()
        {
            if (_images.Length == 0 || !Directory.Exists(_images))
            {
                _images = CliRun.ImageFolder(CliRun.NewFolder("experiment-images"), 12, 3);
                string folder = _images;
                AppDomain.CurrentDomain.ProcessExit += (_, __) => { if (Directory.Exists(folder)) Directory.Delete(folder, true); };
            }
            _work = CliRun.NewFolder("experiment");
        }

        [TearDown]
        public void TearDown()
        {
            if (Directory.Exists(_work)) Directory.Delete(_work, true);
        }

        static readonly string[] Experiments = { "relu-vs-tanh", "lrn", "overlapping-pooling", "towers", "dropout", "augmentation" };

        [TestCaseSource(nameof(Experiments))]
        public void EveryExperimentRunsOnATinyDatasetAndWritesItsReport(string name)
        {
            string run = Path.Combine(_work, name);
            var result = CliRun.InProcess("experiment", name, "--data", _images, "--out", run, "--epochs", "1", "--batch", "8", "--threads", "2", "--json");
            Assert.That(result.code, Is.EqualTo(0), result.error + result.output);
            using var doc = JsonDocument.Parse(result.output.Substring(result.output.IndexOf('{')));
            var root = doc.RootElement;
            Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "experiment", "variants", "target", "paperSign", "beyondSeedSpread" }));
            Assert.That(root.GetProperty("experiment").GetString(), Is.EqualTo(name));
            var variants = root.GetProperty("variants").EnumerateArray().ToList();
            Assert.That(variants.Count, Is.EqualTo(2));
            foreach (var v in variants)
            {
                Assert.That(v.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "name", "seeds", "stepsToTarget", "finalTrainError", "finalValidationError", "seconds" }));
                Assert.That(v.GetProperty("seeds").GetInt32(), Is.EqualTo(1));
                Assert.That(v.GetProperty("finalTrainError").GetDouble(), Is.InRange(0.0, 1.0));
                Assert.That(v.GetProperty("seconds").GetDouble(), Is.GreaterThan(0));
                // Each variant trained in its own run folder with its own checkpoint.
                Assert.That(File.Exists(Path.Combine(run, v.GetProperty("name").GetString() + "-seed1", "checkpoint.slckpt")) ||
                            Directory.GetFiles(Path.Combine(run, v.GetProperty("name").GetString() + "-seed1"), "*.slckpt").Length > 0, Is.True);
            }
            // One seed: no spread to compare the effect with, and the report says so.
            Assert.That(root.GetProperty("beyondSeedSpread").ValueKind, Is.EqualTo(JsonValueKind.Null));
            string report = File.ReadAllText(Path.Combine(run, "report.md"));
            Assert.That(report, Does.Contain("Krizhevsky").And.Contain("one seed"));
            var png = File.ReadAllBytes(Path.Combine(run, "curves.png"));
            Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
        }

        [Test]
        public void SeedsGiveTheSameDataAndWeightsToBothVariantsAndASpread()
        {
            string run = Path.Combine(_work, "seeds");
            var result = CliRun.InProcess("experiment", "relu-vs-tanh", "--data", _images, "--out", run, "--epochs", "2", "--seeds", "2", "--batch", "8", "--threads", "2", "--target", "0.9", "--json");
            Assert.That(result.code, Is.EqualTo(0), result.error + result.output);
            using var doc = JsonDocument.Parse(result.output.Substring(result.output.IndexOf('{')));
            var root = doc.RootElement;
            Assert.That(root.GetProperty("variants")[0].GetProperty("seeds").GetInt32(), Is.EqualTo(2));
            Assert.That(root.GetProperty("beyondSeedSpread").ValueKind, Is.AnyOf(JsonValueKind.True, JsonValueKind.False));
            Assert.That(root.GetProperty("target").GetDouble(), Is.EqualTo(0.9));
            // The tanh run is a tanh network; the ReLU run of the same seed is not.
            Assert.That(File.ReadAllText(Path.Combine(run, "report.md")), Does.Contain("| relu | 2 |").And.Contain("| tanh | 2 |"));
            var relu = Sightline.Training.Checkpoints.CheckpointFile.Load(Directory.GetFiles(Path.Combine(run, "relu-seed1"), "*.slckpt")[0]).Model.Spec;
            var tanh = Sightline.Training.Checkpoints.CheckpointFile.Load(Directory.GetFiles(Path.Combine(run, "tanh-seed1"), "*.slckpt")[0]).Model.Spec;
            Assert.That(relu.Activation, Is.EqualTo(Sightline.Model.Activation.Relu));
            Assert.That(tanh.Activation, Is.EqualTo(Sightline.Model.Activation.Tanh));
            Assert.That(tanh.WithActivation(Sightline.Model.Activation.Relu), Is.EqualTo(relu));
        }

        [Test]
        public void UnknownExperimentIsAOneLineErrorListingTheKnownOnes()
        {
            var result = CliRun.InProcess("experiment", "batchnorm", "--data", _images, "--out", Path.Combine(_work, "x"));
            Assert.That(result.code, Is.EqualTo(2), result.error + result.output);
            Assert.That(result.error.Trim(), Does.Contain("no experiment 'batchnorm'").And.Contain("relu-vs-tanh"));
        }

        [Test]
        public void TrainTakesTheActivationAndRefusesAnUnknownOne()
        {
            var bad = CliRun.InProcess("train", "--data", _images, "--out", Path.Combine(_work, "bad"), "--activation", "sigmoid");
            Assert.That(bad.code, Is.EqualTo(2), bad.error + bad.output);
            Assert.That(bad.error, Does.Contain("--activation 'sigmoid'"));
            var spec = CliRun.InProcess("spec", "--spec", "mini", "--activation", "tanh", "--json");
            Assert.That(spec.code, Is.EqualTo(0), spec.error);
            using var doc = JsonDocument.Parse(spec.output);
            Assert.That(doc.RootElement.GetProperty("activation").GetString(), Is.EqualTo("tanh"));
            Assert.That(doc.RootElement.GetProperty("layers").EnumerateArray().Count(l => l.GetProperty("kind").GetString() == "Tanh"), Is.EqualTo(7));
        }
    }
}
