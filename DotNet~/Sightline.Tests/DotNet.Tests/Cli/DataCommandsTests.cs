using System;
using System.IO;
using System.Text.Json;
using NUnit.Framework;
using Spectre.Console;
using Sightline.Cli.Gpu;
using Sightline.Tests.Core.Data;

namespace Sightline.Tests.Cli
{
    public class DataCommandsTests
    {
        static (int code, string output, string error) Run(params string[] args) => ConsoleCapture.Sightline(args);

        [Test]
        public void InspectCountsLabelsSplitsSizesAndProblems()
        {
            using var dir = new TempFolder();
            TestImages.ImageFolder(dir.Combine("train"), 10, 3, "cat", "dog");
            TestImages.ImageFolder(dir.Combine("val"), 10, 1, "cat");
            string broken = TestImages.Write(dir.Combine("train", "dog", "broken.png"), new byte[0]);
            var (code, output, _) = Run("inspect", dir.Path, "--json");
            Assert.That(code, Is.EqualTo(0));
            using var doc = JsonDocument.Parse(output);
            var root = doc.RootElement;
            Assert.That(root.GetProperty("kind").GetString(), Is.EqualTo("ImageFolderWithSplits"));
            Assert.That(root.GetProperty("frames").GetInt32(), Is.EqualTo(8));
            Assert.That(root.GetProperty("readable").GetInt32(), Is.EqualTo(7));
            Assert.That(root.GetProperty("splits").GetProperty("validation").GetInt32(), Is.EqualTo(1));
            var dog = root.GetProperty("labels")[1];
            Assert.That(dog.GetProperty("name").GetString(), Is.EqualTo("dog"));
            Assert.That(dog.GetProperty("train").GetInt32(), Is.EqualTo(4));
            Assert.That(root.GetProperty("sizes")[0].GetProperty("size").GetString(), Is.EqualTo("10x10"));
            Assert.That(root.GetProperty("errors").GetInt32(), Is.EqualTo(1));
            Assert.That(output, Does.Contain("empty (0 bytes)"));
            Assert.That(root.GetProperty("problems")[0].GetProperty("path").GetString(), Is.EqualTo(broken));
        }

        [Test]
        public void InspectTableNamesProblems()
        {
            using var dir = new TempFolder();
            TestImages.ImageFolder(dir.Path, 10, 2, "a");
            TestImages.Write(dir.Combine("a", "text.png"), System.Text.Encoding.UTF8.GetBytes("not an image"));
            var (code, output, _) = Run("inspect", dir.Path);
            Assert.That(code, Is.EqualTo(0));
            Assert.That(output, Does.Contain("text.png"));
            Assert.That(output, Does.Contain("not a PNG, JPEG or BMP"));
        }

        [Test]
        public void InspectOfAMissingFolderIsAUserError()
        {
            var (code, _, error) = Run("inspect", "/no/such/dataset");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("/no/such/dataset"));
        }

        [Test]
        public void BenchDataReportsRatesOnASyntheticSetAndNotRunWithoutTorch()
        {
            var (code, output, error) = Run("bench", "data", "--images", "6", "--input", "64", "--batch", "2", "--batches", "4", "--python", "/no/such/python3", "--json");
            Assert.That(code, Is.EqualTo(0), error);
            using var doc = JsonDocument.Parse(output);
            var root = doc.RootElement;
            Assert.That(root.GetProperty("images").GetInt32(), Is.EqualTo(6));
            Assert.That(root.GetProperty("storedSize").GetInt32(), Is.EqualTo(74));
            Assert.That(root.GetProperty("decodeImagesPerSecond").GetDouble(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("augmentedImagesPerSecond").GetDouble(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("gpuPathImagesPerSecond").GetDouble(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("synthetic").GetBoolean(), Is.True);
            Assert.That(Directory.Exists(Path.GetDirectoryName(root.GetProperty("dataset").GetString()!)), Is.False, "the temporary set is deleted");
            // No peer: the reason, and neither a rate nor a ratio.
            Assert.That(root.GetProperty("torchNotRun").GetString(), Does.StartWith("not run: ").And.Contain("/no/such/python3"));
            Assert.That(root.GetProperty("torchImagesPerSecond").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("ratio").ValueKind, Is.EqualTo(JsonValueKind.Null));

            var (textCode, text, _) = Run("bench", "data", "--images", "4", "--input", "32", "--batch", "2", "--batches", "2", "--python", "/no/such/python3");
            Assert.That(textCode, Is.EqualTo(0));
            Assert.That(text, Does.Contain("PyTorch peer not run: ").And.Contain("no ratio"));
        }

        [Test]
        public void BenchDataMeasuresPyTorchsDataLoaderAsItsPeer()
        {
            string? missing = PythonRunner.MissingModules("torch, torchvision, PIL", PythonRunner.Interpreter);
            if (missing != null) Assert.Ignore("not run: " + missing);
            var (code, output, error) = Run("bench", "data", "--images", "12", "--input", "64", "--batch", "4", "--batches", "6", "--workers", "1", "--json");
            Assert.That(code, Is.EqualTo(0), error);
            using var doc = JsonDocument.Parse(output);
            var root = doc.RootElement;
            Assert.That(root.GetProperty("torchNotRun").ValueKind, Is.EqualTo(JsonValueKind.Null), output);
            double torch = root.GetProperty("torchImagesPerSecond").GetDouble();
            double sightline = root.GetProperty("augmentedImagesPerSecond").GetDouble();
            Assert.That(torch, Is.GreaterThan(0));
            Assert.That(root.GetProperty("torchWorkers").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("torchVersions").GetString(), Does.StartWith("torch "));
            Assert.That(root.GetProperty("ratio").GetDouble(), Is.EqualTo(sightline / torch).Within(1e-9).Percent);
        }
    }
}
