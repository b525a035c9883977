using System.IO;
using System.Reflection;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Editor.Import;
using Sightline.Imaging;
using Sightline.Model;
using Sightline.Onnx;
using Sightline.Training.Checkpoints;
using Sightline.Unity.Models;
using UnityEditor;
using UnityEditor.AssetImporters;

namespace Sightline.Tests.Unity
{
    /// <summary>The model importer inside the Unity Editor (Unity Test Runner, Edit Mode).</summary>
    public class ModelImporterEditModeTests
    {
        const string Folder = "Assets/SightlineImporterTests";

        [SetUp]
        public void MakeFolder()
        {
            if (!AssetDatabase.IsValidFolder(Folder)) AssetDatabase.CreateFolder("Assets", "SightlineImporterTests");
        }

        [TearDown]
        public void RemoveFolder() => AssetDatabase.DeleteAsset(Folder);

        static TrainedModel Mini()
        {
            var spec = NetworkSpec.Mini(3);
            var parameters = new float[spec.ParameterCount];
            var random = new System.Random(7);
            for (int i = 0; i < parameters.Length; i++) parameters[i] = (float)(random.NextDouble() - 0.5) * 0.02f;
            return new TrainedModel(spec, parameters, new[] { "cube", "sphere", "cylinder" }, InputNormalization.None);
        }

        [Test]
        public void OnnxIsAnOverrideExtensionSoOtherImportersKeepIt()
        {
            var claims = typeof(SightlineModelImporter).GetCustomAttribute<ScriptedImporterAttribute>();
            Assert.That(claims.fileExtensions, Is.EqualTo(new[] { "slckpt", "slmodel" }));
            Assert.That(claims.overrideFileExtensions, Is.EqualTo(new[] { "onnx" }));
        }

        [Test]
        public void AnOnnxFileChosenForSightlineImportsAsAModelWithItsLabels()
        {
            string path = Folder + "/mini.onnx";
            File.WriteAllBytes(path, OnnxExporter.ToBytes(Mini()));
            AssetDatabase.ImportAsset(path);
            AssetDatabase.SetImporterOverride<SightlineModelImporter>(path);
            var model = AssetDatabase.LoadAssetAtPath<SightlineModel>(path);
            Assert.That(model, Is.Not.Null);
            Assert.That(model.IsEmpty, Is.False);
            // Kept as Sightline's model file, which players read without ONNX parsing.
            Assert.That(model.Format, Is.EqualTo(ModelFormat.Model));
            Assert.That(model.Labels, Is.EqualTo(new[] { "cube", "sphere", "cylinder" }));
            Assert.That(AssetDatabase.GetImporterOverride(path), Is.EqualTo(typeof(SightlineModelImporter)));
        }

        [Test]
        public void ACheckpointImportsAsItsModelWithoutTheTrainingState()
        {
            var mini = Mini();
            var momentum = new float[mini.Parameters.Length];
            for (int i = 0; i < momentum.Length; i++) momentum[i] = 0.001f;
            string path = Folder + "/run.slckpt";
            CheckpointFile.Save(path, new Checkpoint(mini, new TrainingState { Momentum = momentum, Step = 10 }));
            AssetDatabase.ImportAsset(path);
            var model = AssetDatabase.LoadAssetAtPath<SightlineModel>(path);
            Assert.That(model, Is.Not.Null);
            Assert.That(model.Format, Is.EqualTo(ModelFormat.Model));
            // The weights alone: about half the checkpoint, which also holds the momentum.
            Assert.That(model.StoredBytes, Is.LessThan(new FileInfo(path).Length * 6 / 10));
            Assert.That(model.File.Load().Parameters, Is.EqualTo(mini.Parameters));
        }
    }
}
