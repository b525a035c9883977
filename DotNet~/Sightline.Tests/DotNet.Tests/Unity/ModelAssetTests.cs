using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using MessagePack;
using NUnit.Framework;
using Sightline.Editor.Import;
using Sightline.Model;
using Sightline.Model.Files;
using Sightline.Randomness;
using Sightline.Training.Checkpoints;
using Sightline.Training.Metrics;
using Sightline.Unity.Models;
using Sightline.UnityPlayer;
using UnityEngine;

namespace Sightline.Tests.Unity
{
    /// <summary>
    /// What the model importer makes of a file (ModelImport, the importer's body without Unity's import context): an
    /// asset with the model alone, in the asset or in StreamingAssets, and the Inspector's Check.
    /// </summary>
    public class ModelAssetTests
    {
        string _folder = string.Empty;

        [SetUp]
        public void SetUp() => _folder = Directory.CreateTempSubdirectory("sightline-assets-").FullName;

        [TearDown]
        public void TearDown()
        {
            try
            {
                Directory.Delete(_folder, true);
            }
            catch (IOException)
            {
                // Left to the OS.
            }
        }

        static float[] Weights(NetworkSpec spec, ulong seed)
        {
            var random = new SeededRandom(seed);
            var weights = new float[spec.ParameterCount];
            for (int i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextGaussian() * 0.01);
            return weights;
        }

        static TrainingState BusyState(int parameters)
        {
            var momentum = new float[parameters];
            for (int i = 0; i < momentum.Length; i++) momentum[i] = 1e-3f * (i % 97);
            return new TrainingState
            {
                Momentum = momentum,
                Step = 123456,
                Epoch = 41,
                RandomStates = new Dictionary<string, ulong[]> { ["epoch"] = new SeededRandom(1).GetState() },
                History = Enumerable.Range(1, 41).Select(e => new EpochMetrics { Epoch = e, TrainLoss = 1.0 / e }).ToList(),
            };
        }

        static List<string> PayloadKeys(byte[] modelFile)
        {
            var reader = new MessagePackReader(new ReadOnlyMemory<byte>(modelFile, CheckpointFile.HeaderSize, modelFile.Length - CheckpointFile.HeaderSize));
            var keys = new List<string>();
            int count = reader.ReadMapHeader();
            for (int i = 0; i < count; i++)
            {
                keys.Add(reader.ReadString()!);
                reader.Skip();
            }
            return keys;
        }

        [Test]
        public void APaperSizedCheckpointImportsAsItsModelWithoutMomentumOrHistory()
        {
            var spec = NetworkSpec.Paper();
            Assume.That(spec.ParameterCount, Is.EqualTo(60_965_224L));
            var labels = Enumerable.Range(0, spec.Classes).Select(i => "n" + i.ToString("D5")).ToArray();
            string path = Path.Combine(_folder, "paper" + CheckpointFile.Extension);
            CheckpointFile.Save(path, new Checkpoint(
                new TrainedModel(spec, Weights(spec, 5), labels, InputNormalization.PerChannel(124f, 116f, 104f)), BusyState(spec.ParameterCount)));
            long weightBytes = 4L * spec.ParameterCount;
            long checkpointBytes = new FileInfo(path).Length;
            Assume.That(checkpointBytes, Is.GreaterThan(2 * weightBytes - 1), "the checkpoint holds weights and momentum");

            var asset = ScriptableObject.CreateInstance<SightlineModel>();
            var model = ModelImport.Read("Assets/paper.slckpt", File.ReadAllBytes(path));
            Assert.That(ModelImport.Fill(asset, model, "Assets/paper.slckpt", false, Path.Combine(_folder, "StreamingAssets")), Is.Null);

            // The weights and a few kilobytes of spec, labels and normalisation: within 1% of the weights alone.
            Assert.That(asset.StoredBytes, Is.InRange(weightBytes, weightBytes + weightBytes / 100));
            Assert.That(asset.Format, Is.EqualTo(ModelFormat.Model));
            Assert.That(asset.ParameterCount, Is.EqualTo(60_965_224L));
            Assert.That(asset.Labels.Length, Is.EqualTo(1000));
            // No training state anywhere: not among the asset's serialised fields, not in the model file it holds.
            var fields = typeof(SightlineModel).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
                .Where(f => f.GetCustomAttribute<SerializeField>() != null || f.IsPublic).Select(f => f.Name.ToLowerInvariant()).ToArray();
            foreach (var stateWord in new[] { "momentum", "history", "step", "epoch", "random", "schedule", "settings", "dropout" })
                Assert.That(fields.Any(f => f.Contains(stateWord)), Is.False, $"a serialised field named like '{stateWord}'");
            var bytes = (byte[])typeof(SightlineModel).GetField("bytes", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(asset)!;
            Assert.That(PayloadKeys(bytes), Is.EqualTo(new[] { "spec", "parameters", "labels", "normalization" }));

            var loaded = asset.File.Load();
            Assert.That(loaded.Parameters[spec.ParameterCount - 1], Is.EqualTo(model.Parameters[spec.ParameterCount - 1]));
            Assert.That(loaded.Labels[999], Is.EqualTo("n00999"));
            TestContext.Out.WriteLine($"checkpoint {checkpointBytes:N0} bytes; asset {asset.StoredBytes:N0} bytes; weights alone {weightBytes:N0} bytes");
        }

        [Test]
        public void KeptInStreamingAssetsTheAssetHoldsOnlyTheNameAndTheClassifierReadsTheFile()
        {
            var spec = NetworkSpec.Mini(3);
            var model = new TrainedModel(spec, Weights(spec, 6), new[] { "a", "b", "c" }, InputNormalization.MeanImage(new float[3 * 96 * 96], 96, 0.02f));
            using (new Player())
            {
                var asset = ScriptableObject.CreateInstance<SightlineModel>();
                string? written = ModelImport.Fill(asset, model, "Assets/Models/shapes.slmodel", true, Application.streamingAssetsPath);
                Assert.That(written, Is.Not.Null);
                Assert.That(File.Exists(written!), Is.True);
                Assert.That(Path.GetFullPath(written!), Does.StartWith(Path.GetFullPath(Application.streamingAssetsPath)));
                Assert.That(asset.StoredBytes, Is.EqualTo(0));
                Assert.That(asset.StreamingFile, Does.StartWith("Sightline/shapes-").And.EndWith(".slmodel.bin"));
                Assert.That(asset.IsEmpty, Is.False);
                var file = asset.File;
                Assert.That(file.FilePath, Is.EqualTo(written));
                Assert.That(file.Load().Parameters, Is.EqualTo(model.Parameters));

                // Unticked: the asset holds the bytes again and the copy that would ship for nothing is gone.
                ModelImport.Fill(asset, model, "Assets/Models/shapes.slmodel", false, Application.streamingAssetsPath);
                Assert.That(File.Exists(written!), Is.False);
                Assert.That(asset.StreamingFile, Is.Empty);
                Assert.That(asset.StoredBytes, Is.EqualTo(TrainedModelFile.ToBytes(model).Length));

                // A player whose StreamingAssets lack the file says which file and what to do.
                var missing = ModelFile.AtPath(written!, "shapes");
                Assert.That(() => missing.Load(), Throws.InvalidOperationException.With.Message.Contain(written!).And.Message.Contain("StreamingAssets"));
                Assert.That(() => ModelFile.AtPath("jar:file:///data/app.apk!/assets/Sightline/x.slmodel.bin", "shapes").Load(),
                    Throws.InvalidOperationException.With.Message.Contain("URL"));
            }
        }

        [Test]
        public void AssetsOfWholeCheckpointsFromOlderImportsAskForAReimport()
        {
            var file = new ModelFile(new byte[] { 1, 2, 3 }, ModelFormat.Checkpoint, "Assets/old.slckpt");
            Assert.That(() => file.Load(), Throws.InvalidOperationException.With.Message.Contain("reimport").And.Message.Contain("Assets/old.slckpt"));
            var asset = ScriptableObject.CreateInstance<SightlineModel>();
            Assert.That(() => asset.SetContent(new byte[] { 1 }, ModelFormat.Checkpoint, "x"), Throws.ArgumentException);
        }

        [Test]
        public void CheckRunsOneInferenceOnTheCpuEngineAndNamesTheTopClasses()
        {
            var spec = NetworkSpec.Mini(3);
            var asset = ScriptableObject.CreateInstance<SightlineModel>();
            asset.SetModel(new TrainedModel(spec, Weights(spec, 7), new[] { "cube", "sphere", "cone" }, InputNormalization.PerChannel(128f, 128f, 128f)), "Assets/m.slmodel");
            string result = ModelCheck.Run(asset.File);
            Assert.That(result, Does.StartWith("OK: a grey frame gives "));
            Assert.That(result, Does.Contain("cube").And.Contain("sphere").And.Contain("cone").And.Contain("one CPU inference in"));
            Assert.That(asset.Normalization, Does.Contain("mean (128, 128, 128)"));
            Assert.That(asset.Spec, Is.EqualTo(spec.ToString()));

            var broken = new ModelFile(new byte[] { 9, 9, 9 }, ModelFormat.Model, "Assets/broken.slmodel");
            Assert.That(ModelCheck.Run(broken), Does.StartWith("FAILED: ").And.Contain("Assets/broken.slmodel"));
        }

        [Test]
        public void OnnxAndModelFilesImportAsTheSameModel()
        {
            var spec = NetworkSpec.Mini(3);
            var model = new TrainedModel(spec, Weights(spec, 8), new[] { "a", "b", "c" }, InputNormalization.MeanImage(new float[3 * 96 * 96], 96, 0.05f));
            var fromOnnx = ModelImport.Read("Assets/m.onnx", Sightline.Onnx.OnnxExporter.ToBytes(model));
            var fromModel = ModelImport.Read("Assets/m.slmodel", TrainedModelFile.ToBytes(model));
            Assert.That(fromOnnx.Parameters, Is.EqualTo(model.Parameters));
            Assert.That(fromModel.Parameters, Is.EqualTo(model.Parameters));
            // The scale survives ONNX exactly (sightline.scale), not as 1 / (1 / scale).
            Assert.That(fromOnnx.Normalization.Scale, Is.EqualTo(model.Normalization.Scale));
        }
    }
}
