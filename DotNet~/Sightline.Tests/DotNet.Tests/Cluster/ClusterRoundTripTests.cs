using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Sightline.Cli.Commands;
using Sightline.Cli.Gpu;
using Sightline.Onnx;
using Sightline.Tests.Core.Data;
using Sightline.Training.Checkpoints;

namespace Sightline.Tests.Cluster
{
    /// <summary>
    /// The way to a cluster and back, as Documentation~/cluster.md runs it: `sightline render` the demo's scenes,
    /// `sightline export-manifest`, two torchrun processes (gloo) train the mini network with DDP to the demo's
    /// accuracy, the exported ONNX classifies new views in Sightline with PyTorch's probabilities, and
    /// `sightline import` turns it into a run that `sightline train --resume` continues.
    /// </summary>
    [Category("ScaleOut")]
    public class ClusterRoundTripTests
    {
        const double ProbabilityTolerance = 1e-4;
        TempFolder? _folder;
        string _trainer = "";
        JsonElement _result;

        static (int code, string output, string error) Cli(params string[] args) => ConsoleCapture.Sightline(args);

        string In(params string[] parts) => _folder!.Combine(parts);

        [OneTimeSetUp]
        public void TrainOnTheDemosDataWithDdp()
        {
            _trainer = Torchrun.TrainerOrIgnore();
            _folder = new TempFolder();
            // The demo's data: its 3000 frames of five shapes, its recipe (mini network, batch 32, rate 0.01, at most 12
            // epochs, stopping at 95% validation top-1), here as two processes of 16.
            var (code, _, error) = Cli("render", "--out", In("data"), "--frames", DemoCommand.DefaultFrames.ToString(), "--seed", "1");
            Assert.That(code, Is.EqualTo(0), error);
            (code, _, error) = Cli("export-manifest", "--data", In("data"), "--out", In("job"), "--epochs", DemoCommand.DefaultEpochs.ToString(), "--batch", "32", "--lr", "0.01");
            Assert.That(code, Is.EqualTo(0), error);
            Torchrun.Run(_trainer, 2, 3000, "train", "--job", In("job"), "--out", In("out"), "--stop-at", "0.95");
            using var doc = JsonDocument.Parse(File.ReadAllText(In("out", "result.json")));
            _result = doc.RootElement.Clone();
        }

        [OneTimeTearDown]
        public void Clean() => _folder?.Dispose();

        [Test]
        public void DdpReachesTheDemosAccuracy()
        {
            Assert.That(_result.GetProperty("world").GetInt32(), Is.EqualTo(2));
            Assert.That(_result.GetProperty("backend").GetString(), Is.EqualTo("gloo"));
            Assert.That(_result.GetProperty("testFrames").GetInt32(), Is.GreaterThan(0));
            double top1 = _result.GetProperty("testTop1").GetDouble();
            TestContext.WriteLine($"DDP (2 x 16, gloo): test top-1 {top1:P1} after {_result.GetProperty("history").GetArrayLength()} epochs");
            Assert.That(top1, Is.GreaterThanOrEqualTo(DemoCommand.PassingTop1), "the demo passes at this test-split top-1");
        }

        [Test]
        public void ExportedOnnxClassifiesNewViewsWithPyTorchsProbabilities()
        {
            // New views: scenes of another seed, never in the data.
            var (code, _, error) = Cli("render", "--out", In("new"), "--frames", "20", "--seed", "777");
            Assert.That(code, Is.EqualTo(0), error);
            var images = Directory.GetFiles(In("new", "frames"), "*.png", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            Assert.That(images.Length, Is.EqualTo(20));

            var args = new[] { "classify", "--job", In("job"), "--state", In("out", "best.pt"), "--out", In("torch.json") }.Concat(images).ToArray();
            var (pyCode, pyOutput) = PythonRunner.Run(new[] { _trainer }.Concat(args).ToArray(), 600);
            Assert.That(pyCode, Is.EqualTo(0), pyOutput);
            using var torch = JsonDocument.Parse(File.ReadAllText(In("torch.json")));
            var labels = torch.RootElement.GetProperty("labels").EnumerateArray().Select(e => e.GetString()).ToArray();
            var expected = torch.RootElement.GetProperty("probabilities").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();

            string onnx = In("out", "model.onnx");
            var model = OnnxImporter.Load(onnx);
            Assert.That(model.Labels, Is.EqualTo(labels));
            Assert.That(model.Spec.Preset, Is.EqualTo("mini"));
            // Sightline's CPU engine on the imported network and ONNX Runtime on the file itself.
            foreach (var engine in new[] { "cpu", "onnxruntime" })
            {
                var (c, output, err) = Cli(new[] { "classify", "--model", onnx, "--top", labels.Length.ToString(), "--engine", engine, "--json" }.Concat(images).ToArray());
                Assert.That(c, Is.EqualTo(0), err);
                using var doc = JsonDocument.Parse(output);
                var results = doc.RootElement.GetProperty("results").EnumerateArray().ToArray();
                Assert.That(results.Length, Is.EqualTo(images.Length));
                double worst = 0;
                for (int i = 0; i < results.Length; i++)
                    foreach (var top in results[i].GetProperty("top").EnumerateArray())
                        worst = Math.Max(worst, Math.Abs(top.GetProperty("probability").GetDouble() - expected[i][top.GetProperty("index").GetInt32()]));
                TestContext.WriteLine($"{engine}: largest probability difference from PyTorch {worst:E2}");
                Assert.That(worst, Is.LessThanOrEqualTo(ProbabilityTolerance), engine);
            }
        }

        [Test]
        public void ImportContinuesTrainingInSightline()
        {
            string onnx = In("out", "model.onnx"), run = In("local");
            var (code, output, error) = Cli("import", onnx, "--out", run, "--momentum", In("out", "momentum.bin"), "--json");
            Assert.That(code, Is.EqualTo(0), error);
            var imported = CheckpointFile.Load(System.IO.Path.Combine(run, "checkpoint.slckpt"));
            Assert.That(imported.Model.Parameters, Is.EqualTo(OnnxImporter.Load(onnx).Parameters), "the cluster's weights, unchanged");
            Assert.That(imported.State.Momentum.Any(v => v != 0), Is.True, "the cluster's momentum");
            int epoch = imported.State.Epoch;
            Assert.That(epoch, Is.GreaterThan(0));

            (code, output, error) = Cli("train", "--data", In("data"), "--out", run, "--resume", "--epochs", (epoch + 1).ToString(), "--engine", "cpu", "--json");
            Assert.That(code, Is.EqualTo(0), error + output);
            var continued = CheckpointFile.Load(System.IO.Path.Combine(run, "checkpoint.slckpt"));
            Assert.That(continued.State.Epoch, Is.EqualTo(epoch + 1));
            Assert.That(continued.State.Step, Is.GreaterThan(imported.State.Step));
            Assert.That(continued.Model.Parameters, Is.Not.EqualTo(imported.Model.Parameters));

            // Imported twice into the same run folder is refused, naming it.
            (code, _, error) = Cli("import", onnx, "--out", run);
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain(run));
        }
    }
}
