using System.IO;
using System.Reflection;
using NUnit.Framework;
using Sightline.Classification;
using Sightline.Editor.Import;
using Sightline.Imaging;
using Sightline.Model;
using Sightline.Onnx;
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
            Assert.That(claims.fileExtensions, Is.EqualTo(new[] { "slckpt" }));
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
            Assert.That(model.Format, Is.EqualTo(ModelFormat.Onnx));
            Assert.That(model.Labels, Is.EqualTo(new[] { "cube", "sphere", "cylinder" }));
            Assert.That(AssetDatabase.GetImporterOverride(path), Is.EqualTo(typeof(SightlineModelImporter)));
        }
    }
}
