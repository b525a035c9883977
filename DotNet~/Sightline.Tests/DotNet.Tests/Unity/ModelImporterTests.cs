using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using NUnit.Framework;
using Sightline.Editor.Import;
using UnityEditor.AssetImporters;

namespace Sightline.Tests.Unity
{
    /// <summary>
    /// The model importer's claims, read from its attribute as Unity reads them. Unity rejects every importer of an
    /// extension that two importers claim as their own, so .onnx must be an override extension only.
    /// </summary>
    public class ModelImporterTests
    {
        static ScriptedImporterAttribute Claims() =>
            typeof(SightlineModelImporter).GetCustomAttribute<ScriptedImporterAttribute>()
            ?? throw new AssertionException("SightlineModelImporter has no [ScriptedImporter]");

        [Test]
        public void OnnxIsOnlyAnOverrideExtensionAndCheckpointsAndModelFilesAreOurs()
        {
            var claims = Claims();
            Assert.That(claims.fileExtensions, Is.EqualTo(new[] { "slckpt", "slmodel" }));
            Assert.That(claims.overrideFileExtensions, Is.EqualTo(new[] { "onnx" }));
        }

        [TestCase("Assets/model.onnx", null, false, false, OnnxImportAction.ChooseSightline)]
        [TestCase("Assets/Model.ONNX", null, false, false, OnnxImportAction.ChooseSightline)]
        [TestCase("Assets/model.onnx", null, true, false, OnnxImportAction.ExplainChoice)]
        [TestCase("Assets/model.onnx", null, false, true, OnnxImportAction.ExplainChoice)]
        [TestCase("Assets/model.onnx", typeof(SightlineModelImporter), false, false, OnnxImportAction.Leave)]
        [TestCase("Assets/model.onnx", typeof(string), true, true, OnnxImportAction.Leave)]
        [TestCase("Assets/model.slckpt", null, false, false, OnnxImportAction.Leave)]
        [TestCase("Assets/notes.txt", null, false, false, OnnxImportAction.Leave)]
        public void OnnxFilesGetSightlinesImporterOnlyWhereNoOtherPackageImportsThem(string path, Type? chosen, bool defaultIsScripted, bool otherPackage, OnnxImportAction expected)
        {
            Assert.That(OnnxImportPolicy.Decide(path, chosen, defaultIsScripted, otherPackage), Is.EqualTo(expected));
        }

        [Test]
        public void TheEditorAssemblyDefinesSymbolsForThePackagesThatImportOnnx()
        {
            using var asmdef = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFolder.Root(), "Editor", "Sightline.Editor.asmdef")));
            var defines = asmdef.RootElement.GetProperty("versionDefines").EnumerateArray()
                .ToDictionary(d => d.GetProperty("name").GetString()!, d => d.GetProperty("define").GetString()!);
            Assert.That(defines, Does.ContainKey("com.unity.sentis").WithValue("SIGHTLINE_SENTIS"));
            Assert.That(defines, Does.ContainKey("com.unity.barracuda").WithValue("SIGHTLINE_BARRACUDA"));
            string choice = File.ReadAllText(Path.Combine(RepositoryFolder.Root(), "Editor", "Import", "OnnxImporterChoice.cs"));
            Assert.That(choice, Does.Contain("#if SIGHTLINE_SENTIS || SIGHTLINE_BARRACUDA"));
        }
    }
}
