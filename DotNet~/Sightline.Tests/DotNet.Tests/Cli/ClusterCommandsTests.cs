using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Model;
using Sightline.Onnx;
using Sightline.Tests.Core.Data;
using Sightline.Training.Checkpoints;

namespace Sightline.Tests.Cli
{
    /// <summary>
    /// `sightline export-manifest` and `sightline import` without PyTorch: what the job folder holds, and the errors a
    /// user can cause. The cluster run itself is NUnit category ScaleOut.
    /// </summary>
    public class ClusterCommandsTests
    {
        static (int code, string output, string error) Run(params string[] args) => ConsoleCapture.Sightline(args);

        [Test]
        public void ExportManifestWritesTheSplitTheNetworkAndItsWeights()
        {
            using var dir = new TempFolder();
            TestImages.ImageFolder(dir.Combine("data"), 110, 12, "cat", "dog", "owl");
            var (code, output, error) = Run("export-manifest", "--data", dir.Combine("data"), "--out", dir.Combine("job"), "--batch", "8", "--epochs", "5", "--json");
            Assert.That(code, Is.EqualTo(0), error);
            using var summary = JsonDocument.Parse(output);
            using var doc = JsonDocument.Parse(File.ReadAllText(dir.Combine("job", "manifest.json")));
            var m = doc.RootElement;
            Assert.That(m.GetProperty("format").GetInt32(), Is.EqualTo(1));
            Assert.That(m.GetProperty("labels").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "cat", "dog", "owl" }));
            int train = m.GetProperty("train").GetArrayLength(), validation = m.GetProperty("validation").GetArrayLength();
            Assert.That(train + validation + m.GetProperty("test").GetArrayLength(), Is.EqualTo(36));
            Assert.That(validation, Is.GreaterThan(0), "Sightline's held-out validation frames");
            Assert.That(summary.RootElement.GetProperty("train").GetInt32(), Is.EqualTo(train));
            // Paths relative to the dataset, so the data can move to the cluster.
            string first = m.GetProperty("train")[0][0].GetString()!;
            Assert.That(Path.IsPathRooted(first), Is.False);
            Assert.That(File.Exists(Path.Combine(m.GetProperty("dataRoot").GetString()!, first)), Is.True);

            var spec = NetworkSpec.Mini(3);
            Assert.That(m.GetProperty("spec").GetProperty("parameters").GetInt32(), Is.EqualTo(spec.ParameterCount));
            Assert.That(m.GetProperty("spec").GetProperty("layers").GetArrayLength(), Is.EqualTo(spec.Layers.Count));
            Assert.That(new FileInfo(dir.Combine("job", "params.bin")).Length, Is.EqualTo(4L * spec.ParameterCount));
            Assert.That(new FileInfo(dir.Combine("job", "momentum.bin")).Length, Is.EqualTo(4L * spec.ParameterCount));
            Assert.That(new FileInfo(dir.Combine("job", "mean.bin")).Length, Is.EqualTo(4L * 3 * spec.InputSize * spec.InputSize), "the model's mean: 3 x input x input");
            var recipe = m.GetProperty("recipe");
            Assert.That(recipe.GetProperty("batch").GetInt32(), Is.EqualTo(8));
            Assert.That(recipe.GetProperty("epochs").GetInt32(), Is.EqualTo(5));
            Assert.That(recipe.GetProperty("epochsDone").GetInt32(), Is.EqualTo(0));
            Assert.That(m.GetProperty("onnxMetadata").GetProperty("sightline.labels").GetString(), Is.EqualTo("cat\ndog\nowl"));
        }

        [Test]
        public void ExportManifestOfACheckpointCarriesItsWeightsAndPosition()
        {
            using var dir = new TempFolder();
            TestImages.ImageFolder(dir.Combine("data"), 110, 10, "cat", "dog");
            var (code, _, error) = Run("train", "--data", dir.Combine("data"), "--out", dir.Combine("run"), "--epochs", "1", "--batch", "8", "--engine", "cpu");
            Assert.That(code, Is.EqualTo(0), error);
            var checkpoint = CheckpointFile.Load(dir.Combine("run", "checkpoint.slckpt"));
            (code, _, error) = Run("export-manifest", "--data", dir.Combine("data"), "--out", dir.Combine("job"), "--model", dir.Combine("run", "checkpoint.slckpt"), "--epochs", "4");
            Assert.That(code, Is.EqualTo(0), error);
            var bytes = File.ReadAllBytes(dir.Combine("job", "params.bin"));
            var parameters = new float[bytes.Length / 4];
            System.Buffer.BlockCopy(bytes, 0, parameters, 0, bytes.Length);
            Assert.That(parameters, Is.EqualTo(checkpoint.Model.Parameters));
            using var doc = JsonDocument.Parse(File.ReadAllText(dir.Combine("job", "manifest.json")));
            var recipe = doc.RootElement.GetProperty("recipe");
            Assert.That(recipe.GetProperty("epochsDone").GetInt32(), Is.EqualTo(1));
            Assert.That(recipe.GetProperty("epochs").GetInt32(), Is.EqualTo(4));
            Assert.That(recipe.GetProperty("step").GetInt64(), Is.EqualTo(checkpoint.State.Step));
        }

        [Test]
        public void ExportManifestNamesWhatIsWrong()
        {
            using var dir = new TempFolder();
            var (code, _, error) = Run("export-manifest", "--data", dir.Combine("nothing"), "--out", dir.Combine("job"));
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain(dir.Combine("nothing")));
            (code, _, error) = Run("export-manifest", "--data", dir.Path, "--out", dir.Combine("job"), "--model", dir.Combine("missing.slckpt"));
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("missing.slckpt"));
            (code, _, error) = Run("export-manifest", "--data", dir.Path, "--out", dir.Combine("job"), "--model", "a.slckpt", "--spec", "paper");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("--spec"));
        }

        [Test]
        public void ImportRefusesAModelWithoutTrainingStatisticsAndSaysWhatToDo()
        {
            using var dir = new TempFolder();
            var spec = NetworkSpec.Mini(2);
            var parameters = new float[spec.ParameterCount];
            ParameterInitializer.Initialize(spec, 3, parameters);
            string onnx = dir.Combine("plain.onnx");
            OnnxExporter.Save(new TrainedModel(spec, parameters, new[] { "a", "b" }, InputNormalization.None), onnx);
            var (code, _, error) = Run("import", onnx, "--out", dir.Combine("run"));
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("sightline.training").And.Contain("--from"));
            Assert.That(File.Exists(dir.Combine("run", "checkpoint.slckpt")), Is.False);
            (code, _, error) = Run("import", dir.Combine("none.onnx"), "--out", dir.Combine("run"));
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("none.onnx"));
        }
    }
}
