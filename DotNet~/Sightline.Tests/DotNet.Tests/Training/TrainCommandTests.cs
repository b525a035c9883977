using System;
using System.IO;
using System.Text.Json;
using NUnit.Framework;
using Sightline.Model;
using Sightline.Training.Checkpoints;

namespace Sightline.Tests.Training
{
    public class TrainCommandTests
    {
        static string _images = string.Empty;
        string _work = string.Empty;

        [SetUp]
        public void SetUp()
        {
            if (_images.Length == 0 || !Directory.Exists(_images))
            {
                _images = CliRun.ImageFolder(CliRun.NewFolder("images"), 16, 5);
                string folder = _images;
                AppDomain.CurrentDomain.ProcessExit += (_, __) => { if (Directory.Exists(folder)) Directory.Delete(folder, true); };
            }
            _work = CliRun.NewFolder("work");
            Directory.CreateDirectory(_work);
        }

        [TearDown]
        public void TearDown()
        {
            if (Directory.Exists(_work)) Directory.Delete(_work, true);
        }

        static void AssertUsageError((int code, string output, string error) run, string expected)
        {
            Assert.That(run.code, Is.EqualTo(2), run.error + run.output);
            Assert.That(run.error.Trim(), Does.Contain(expected));
            Assert.That(run.error.Trim().Split('\n').Length, Is.EqualTo(1), run.error);
        }

        [Test]
        public void MissingDataFolderIsAOneLineError()
        {
            string missing = Path.Combine(_work, "nope");
            AssertUsageError(CliRun.InProcess("train", "--data", missing, "--out", Path.Combine(_work, "run")), "does not exist");
        }

        [Test]
        public void UnknownSpecIsAOneLineError()
        {
            AssertUsageError(CliRun.InProcess("train", "--data", _images, "--out", Path.Combine(_work, "run"), "--spec", "vgg"), "unknown spec 'vgg'");
        }

        [Test]
        public void BatchZeroIsAOneLineError()
        {
            AssertUsageError(CliRun.InProcess("train", "--data", _images, "--out", Path.Combine(_work, "run"), "--batch", "0"), "--batch must be at least 1");
        }

        [Test]
        public void UnknownEngineIsAOneLineError()
        {
            AssertUsageError(CliRun.InProcess("train", "--data", _images, "--out", Path.Combine(_work, "run"), "--engine", "tpu"), "--engine 'tpu'");
        }

        [Test]
        public void UnknownPlacementIsAOneLineError()
        {
            AssertUsageError(CliRun.InProcess("train", "--data", _images, "--out", Path.Combine(_work, "run"), "--placement", "three"), "--placement: placement 'three'");
        }

        [Test]
        public void ExplicitCudaWithoutAGpuIsAOneLineError()
        {
            if (Sightline.Cuda.Loading.CudaLibraries.IsAvailable(out _)) Assert.Ignore("CUDA is available here; this test is about machines without it");
            AssertUsageError(CliRun.InProcess("train", "--data", _images, "--out", Path.Combine(_work, "run"), "--engine", "cuda"), "--engine cuda");
        }

        [Test]
        public void DemoWithAnUnknownPlacementIsAOneLineError()
        {
            AssertUsageError(CliRun.InProcess("demo", "--out", Path.Combine(_work, "demo"), "--placement", "0;1"), "--placement: placement '0;1'");
        }

        [Test]
        public void DemoWithTooFewFramesIsAOneLineError()
        {
            AssertUsageError(CliRun.InProcess("demo", "--out", Path.Combine(_work, "demo"), "--frames", "5"), "--frames must be at least");
        }

        [Test]
        public void CheckpointForAnotherSpecIsAOneLineError()
        {
            string run = Path.Combine(_work, "run");
            var spec = NetworkSpec.Mini(3);
            CheckpointFile.Save(Path.Combine(run, "checkpoint" + CheckpointFile.Extension), new Checkpoint(new TrainedModel(spec, new float[spec.ParameterCount], null, InputNormalization.None), new TrainingState()));
            AssertUsageError(CliRun.InProcess("train", "--data", _images, "--out", run, "--resume", "--spec", "paper"), "for another network");
        }

        [Test]
        public void ExistingRunWithoutResumeIsAOneLineError()
        {
            string run = Path.Combine(_work, "run");
            var spec = NetworkSpec.Mini(3);
            CheckpointFile.Save(Path.Combine(run, "checkpoint" + CheckpointFile.Extension), new Checkpoint(new TrainedModel(spec, new float[spec.ParameterCount], null, InputNormalization.None), new TrainingState()));
            AssertUsageError(CliRun.InProcess("train", "--data", _images, "--out", run), "already holds a run");
        }

        [Test]
        public void DamagedCheckpointIsAOneLineErrorNamingTheFile()
        {
            string file = Path.Combine(_work, "model" + CheckpointFile.Extension);
            var spec = NetworkSpec.Mini(3);
            CheckpointFile.Save(file, new Checkpoint(new TrainedModel(spec, new float[spec.ParameterCount], null, InputNormalization.None), new TrainingState()));
            var bytes = File.ReadAllBytes(file);
            File.WriteAllBytes(file, bytes.AsSpan(0, bytes.Length - 1000).ToArray());
            AssertUsageError(CliRun.InProcess("eval", "--model", file, "--data", _images), "truncated");
            Assert.That(CliRun.InProcess("eval", "--model", file, "--data", _images).error, Does.Contain(file));
        }

        [Test]
        public void EvalOfAMissingModelIsAOneLineError()
        {
            AssertUsageError(CliRun.InProcess("eval", "--model", Path.Combine(_work, "none.slckpt"), "--data", _images), "does not exist");
        }

        [Test]
        public void BatchLargerThanTheTrainingSetIsReported()
        {
            string run = Path.Combine(_work, "big-batch");
            var train = CliRun.InProcess("train", "--data", _images, "--out", run, "--epochs", "1", "--batch", "5000", "--threads", "2", "--engine", "cpu", "--json");
            Assert.That(train.code, Is.EqualTo(0), train.error);
            Assert.That(train.error + train.output, Does.Contain("batch 5000 is larger than the"));
        }

        [Test]
        public void AugmentOnGpuWithTheCpuEngineIsNotedAsIgnored()
        {
            string run = Path.Combine(_work, "gpu-augment");
            var train = CliRun.InProcess("train", "--data", _images, "--out", run, "--epochs", "1", "--batch", "8", "--threads", "2", "--engine", "cpu", "--augment-on-gpu", "--json");
            Assert.That(train.code, Is.EqualTo(0), train.error);
            Assert.That(train.error + train.output, Does.Contain("--augment-on-gpu is ignored: the cpu engine"));
        }

        [Test]
        public void TrainsOnAnImageFolderTreeAndEvaluates()
        {
            string run = Path.Combine(_work, "run");
            var train = CliRun.InProcess("train", "--data", _images, "--out", run, "--epochs", "2", "--batch", "8", "--threads", "2", "--engine", "cpu", "--json");
            Assert.That(train.code, Is.EqualTo(0), train.error);
            using (var doc = JsonDocument.Parse(train.output))
            {
                var root = doc.RootElement;
                Assert.That(root.GetProperty("reason").GetString(), Is.EqualTo("completed"));
                Assert.That(root.GetProperty("classes").GetInt32(), Is.EqualTo(3));
                Assert.That(root.GetProperty("epochs").GetInt32(), Is.EqualTo(2));
                Assert.That(root.GetProperty("history").GetArrayLength(), Is.EqualTo(2));
                Assert.That(root.GetProperty("validationFrames").GetInt32(), Is.GreaterThan(0));
            }
            foreach (var picture in new[] { "loss.png", "accuracy.png", "confusion.png", "predictions.png" })
                Assert.That(new FileInfo(Path.Combine(run, picture)).Length, Is.GreaterThan(1000), picture);
            Assert.That(File.Exists(Path.Combine(run, "metrics.json")), Is.True);

            var eval = CliRun.InProcess("eval", "--model", run, "--data", _images, "--ten-crop", "--engine", "cpu", "--json");
            Assert.That(eval.code, Is.EqualTo(0), eval.error);
            using (var doc = JsonDocument.Parse(eval.output))
            {
                Assert.That(doc.RootElement.GetProperty("frames").GetInt32(), Is.EqualTo(48));
                Assert.That(doc.RootElement.GetProperty("views").GetString(), Is.EqualTo("ten"));
                Assert.That(doc.RootElement.GetProperty("confusion").GetArrayLength(), Is.EqualTo(3));
            }

            var resumed = CliRun.InProcess("train", "--data", _images, "--out", run, "--resume", "--epochs", "3", "--threads", "2", "--engine", "cpu", "--json");
            Assert.That(resumed.code, Is.EqualTo(0), resumed.error);
            var checkpoint = CheckpointFile.Load(Path.Combine(run, "checkpoint" + CheckpointFile.Extension));
            Assert.That(checkpoint.State.Epoch, Is.EqualTo(3));
            Assert.That(checkpoint.State.History.Count, Is.EqualTo(3));
            Assert.That(checkpoint.Model.Labels, Is.EqualTo(new[] { "columns", "dots", "rows" }));
        }

        [Test]
        public void FineTunesATorchvisionLayoutExportWithFrozenConvolutions()
        {
            var small = Sightline.Tests.Onnx.OnnxTestModels.SmallTorchvisionLayout(7);
            string onnx = Path.Combine(_work, "imagenet-like.onnx");
            File.WriteAllBytes(onnx, Sightline.Tests.Onnx.OnnxTestModels.TorchvisionGraph(small, Sightline.Tests.Onnx.OnnxTestModels.RandomParameters(small, 5)));
            var imported = Sightline.Onnx.OnnxImporter.Load(onnx);
            string run = Path.Combine(_work, "tuned");
            var train = CliRun.InProcess("train", "--data", _images, "--out", run, "--from", onnx, "--freeze", "conv", "--epochs", "2", "--batch", "8",
                "--threads", "2", "--engine", "cpu", "--augment", "no-flips", "--json");
            Assert.That(train.code, Is.EqualTo(0), train.error);
            Assert.That(train.error + train.output, Does.Contain("fine-tuning"));
            var checkpoint = CheckpointFile.Load(Path.Combine(run, "checkpoint" + CheckpointFile.Extension));
            Assert.That(checkpoint.Model.Spec.Classes, Is.EqualTo(3));
            Assert.That(checkpoint.Model.Labels, Is.EqualTo(new[] { "columns", "dots", "rows" }));
            Assert.That(checkpoint.State.Settings.Frozen, Is.EqualTo(Sightline.Training.FineTuning.FrozenLayers.Convolutions));
            Assert.That(checkpoint.State.Settings.KeptLayersRate, Is.EqualTo(0.1f), "the kept layers' default rate when fine-tuning");
            Assert.That(checkpoint.State.Settings.Augmentation, Is.EqualTo(Sightline.Data.AugmentationChoice.NoFlips));
            foreach (var layer in checkpoint.Model.Spec.Layers)
            {
                if (!layer.HasParameters) continue;
                var before = imported.Parameters.AsSpan(layer.WeightOffset, layer.WeightCount).ToArray();
                var after = checkpoint.Model.Parameters.AsSpan(layer.WeightOffset, layer.WeightCount).ToArray();
                if (layer.Kind == LayerKind.Convolution) Assert.That(after, Is.EqualTo(before), layer.Name + " is frozen");
                else if (layer.Name != "fc8") Assert.That(after, Is.Not.EqualTo(before), layer.Name + " fine-tunes");
            }
        }

        [Test]
        public void FreezeWithoutFromIsAOneLineError()
        {
            AssertUsageError(CliRun.InProcess("train", "--data", _images, "--out", Path.Combine(_work, "run"), "--freeze", "conv"), "--freeze and --kept-rate apply to fine-tuning");
        }

        [Test]
        public void UnknownAugmentationAndScheduleAreOneLineErrors()
        {
            AssertUsageError(CliRun.InProcess("train", "--data", _images, "--out", Path.Combine(_work, "run"), "--augment", "mirror"), "--augment 'mirror'");
            AssertUsageError(CliRun.InProcess("train", "--data", _images, "--out", Path.Combine(_work, "run"), "--schedule", "steps:x"), "--schedule 'steps:x'");
        }
    }
}
