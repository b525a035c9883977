using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Sightline.Model;
using Sightline.Model.Files;
using Sightline.Onnx;
using Sightline.Randomness;
using Sightline.Training.Checkpoints;

namespace Sightline.Tests.Cli
{
    /// <summary>sightline export, classify and bench infer, run in-process.</summary>
    public class OnnxCommandsTests
    {
        string _dir = "";

        [SetUp]
        public void SetUp()
        {
            _dir = Path.Combine(Path.GetTempPath(), "sightline-cli-onnx-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(_dir);
        }

        [TearDown]
        public void TearDown()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        static (int code, string output, string error) Run(params string[] args) => ConsoleCapture.Sightline(args);

        string Checkpoint()
        {
            var spec = NetworkSpec.Mini(4);
            var parameters = new float[spec.ParameterCount];
            ParameterInitializer.Initialize(spec, 3, parameters);
            var path = Path.Combine(_dir, "model" + CheckpointFile.Extension);
            CheckpointFile.Save(path, new Checkpoint(new TrainedModel(spec, parameters, new[] { "red", "green", "blue", "grey" }, InputNormalization.None), new TrainingState()));
            return path;
        }

        string Png(string name, int width, int height, ulong seed)
        {
            var random = new SeededRandom(seed);
            using var image = new Image<Rgb24>(width, height);
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    image[x, y] = new Rgb24((byte)random.NextInt(256), (byte)(x * 2), (byte)(y * 3));
            var path = Path.Combine(_dir, name);
            image.SaveAsPng(path);
            return path;
        }

        [Test]
        public void ExportWritesAnOnnxFileThatImportsToTheCheckpointsWeights()
        {
            var checkpoint = Checkpoint();
            var onnx = Path.Combine(_dir, "model.onnx");
            var (code, output, error) = Run("export", "--model", checkpoint, "--onnx", onnx, "--json");
            Assert.That(code, Is.EqualTo(0), error);
            using var doc = JsonDocument.Parse(output);
            Assert.That(doc.RootElement.GetProperty("bytes").GetInt64(), Is.EqualTo(new FileInfo(onnx).Length));
            var model = OnnxImporter.Load(onnx);
            var saved = CheckpointFile.Load(checkpoint);
            Assert.That(model.Parameters.SequenceEqual(saved.Model.Parameters), Is.True);
            Assert.That(model.Labels, Is.EqualTo(new[] { "red", "green", "blue", "grey" }));
        }

        [Test]
        public void ExportToAModelFileKeepsTheModelAndDropsTheTrainingState()
        {
            var checkpoint = Checkpoint();
            var file = Path.Combine(_dir, "model" + TrainedModelFile.Extension);
            var (code, _, error) = Run("export", "--model", checkpoint, "--slmodel", file);
            Assert.That(code, Is.EqualTo(0), error);
            var model = TrainedModelFile.Load(file);
            var saved = CheckpointFile.Load(checkpoint);
            Assert.That(model.Parameters.SequenceEqual(saved.Model.Parameters), Is.True);
            Assert.That(model.Labels, Is.EqualTo(new[] { "red", "green", "blue", "grey" }));
            var png = Png("a.png", 64, 64, 3);
            var fromFile = Run("classify", "--model", file, "--engine", "cpu", png, "--top", "2", "--json");
            var fromCheckpoint = Run("classify", "--model", checkpoint, "--engine", "cpu", png, "--top", "2", "--json");
            Assert.That(fromFile.code, Is.EqualTo(0), fromFile.error);
            using (var a = JsonDocument.Parse(fromFile.output))
            using (var b = JsonDocument.Parse(fromCheckpoint.output))
                Assert.That(a.RootElement.GetProperty("results").GetRawText(), Is.EqualTo(b.RootElement.GetProperty("results").GetRawText()));
            Assert.That(Run("export", "--model", checkpoint).error, Does.Contain("--onnx FILE or --slmodel FILE"));
        }

        [Test]
        public void ClassifyGivesTheSameTopLabelsFromTheOnnxFileAndTheCheckpointOnTheCpu()
        {
            var checkpoint = Checkpoint();
            var onnx = Path.Combine(_dir, "model.onnx");
            Assert.That(Run("export", "--model", checkpoint, "--onnx", onnx).code, Is.EqualTo(0));
            var a = Png("a.png", 160, 120, 1);
            var b = Png("b.png", 90, 200, 2);
            var (code, output, error) = Run("classify", "--model", onnx, a, b, "--top", "3", "--json");
            Assert.That(code, Is.EqualTo(0), error);
            var (cpuCode, cpuOutput, cpuError) = Run("classify", "--model", checkpoint, "--engine", "cpu", a, b, "--top", "3", "--json");
            Assert.That(cpuCode, Is.EqualTo(0), cpuError);
            using var ort = JsonDocument.Parse(output);
            using var cpu = JsonDocument.Parse(cpuOutput);
            Assert.That(ort.RootElement.GetProperty("engine").GetString(), Is.EqualTo("onnxruntime-cpu"));
            Assert.That(cpu.RootElement.GetProperty("engine").GetString(), Is.EqualTo("cpu"));
            var ortResults = ort.RootElement.GetProperty("results");
            var cpuResults = cpu.RootElement.GetProperty("results");
            Assert.That(ortResults.GetArrayLength(), Is.EqualTo(2));
            for (int i = 0; i < 2; i++)
            {
                var ortTop = ortResults[i].GetProperty("top");
                var cpuTop = cpuResults[i].GetProperty("top");
                Assert.That(ortTop.GetArrayLength(), Is.EqualTo(3));
                for (int k = 0; k < 3; k++)
                {
                    Assert.That(ortTop[k].GetProperty("label").GetString(), Is.EqualTo(cpuTop[k].GetProperty("label").GetString()));
                    Assert.That(ortTop[k].GetProperty("probability").GetSingle(), Is.EqualTo(cpuTop[k].GetProperty("probability").GetSingle()).Within(1e-4));
                }
                Assert.That(ortTop[0].GetProperty("probability").GetSingle(), Is.GreaterThanOrEqualTo(ortTop[1].GetProperty("probability").GetSingle()));
            }
        }

        [Test]
        public void ClassifyOfAMissingImageIsAOneLineError()
        {
            var checkpoint = Checkpoint();
            var missing = Path.Combine(_dir, "nope.png");
            var (code, _, error) = Run("classify", "--model", checkpoint, missing);
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error.Trim().Split('\n').Length, Is.EqualTo(1));
            Assert.That(error, Does.Contain("nope.png"));
        }

        [Test]
        public void ClassifyWithACorruptOnnxFileIsAOneLineErrorNamingIt()
        {
            var onnx = Path.Combine(_dir, "broken.onnx");
            File.WriteAllBytes(onnx, new byte[] { 0x08, 0x07, 0x12, 0xff, 0xff, 0x01 });
            var (code, _, error) = Run("classify", "--model", onnx, Png("a.png", 64, 64, 3));
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error.Trim().Split('\n').Length, Is.EqualTo(1));
            Assert.That(error, Does.Contain("broken.onnx"));
        }

        [Test]
        public void BenchInferReportsBothEnginesAndTheirRatio()
        {
            var (code, output, error) = Run("bench", "infer", "--spec", "mini", "--iterations", "2", "--batch", "2", "--batch-runs", "1", "--json");
            Assert.That(code, Is.EqualTo(0), error);
            using var doc = JsonDocument.Parse(output);
            var engines = doc.RootElement.GetProperty("engines");
            Assert.That(engines[0].GetProperty("engine").GetString(), Is.EqualTo("cpu"));
            Assert.That(engines[1].GetProperty("engine").GetString(), Is.EqualTo("onnxruntime-cpu"));
            Assert.That(engines[1].GetProperty("latencyMs").GetDouble(), Is.GreaterThan(0));
            Assert.That(doc.RootElement.GetProperty("latencyRatioCpuOverOnnxRuntime").GetDouble(), Is.GreaterThan(0));
            Assert.That(doc.RootElement.GetProperty("maxAbsLogitDifference").GetDouble(), Is.LessThan(1e-3), "both engines computed the same network");
            // Medians of three alternating runs, each run's latency shown; the load average around them (Linux).
            Assert.That(doc.RootElement.GetProperty("runs").GetInt32(), Is.EqualTo(3));
            foreach (var engine in engines.EnumerateArray())
            {
                var perRun = engine.GetProperty("latencyMsPerRun");
                Assert.That(perRun.GetArrayLength(), Is.EqualTo(3));
                var sorted = new[] { perRun[0].GetDouble(), perRun[1].GetDouble(), perRun[2].GetDouble() };
                Array.Sort(sorted);
                Assert.That(engine.GetProperty("latencyMs").GetDouble(), Is.EqualTo(Math.Round(sorted[1], 3)).Within(1e-9), "the median run");
            }
            if (File.Exists("/proc/loadavg"))
            {
                Assert.That(doc.RootElement.GetProperty("loadAverageStart").GetArrayLength(), Is.EqualTo(3));
                Assert.That(doc.RootElement.GetProperty("loadAverageEnd")[0].GetDouble(), Is.GreaterThanOrEqualTo(0));
            }
            // Where the CPU engine's batch-1 forward goes, layer by layer.
            var split = doc.RootElement.GetProperty("cpuBatch1Layers");
            Assert.That(split.GetProperty("layers").GetArrayLength(), Is.GreaterThan(8));
            Assert.That(split.GetProperty("totalMs").GetDouble(), Is.GreaterThan(0));
        }
    }
}
