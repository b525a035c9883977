using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Sightline.PackageTool;
using Sightline.PackageTool.Metas;

namespace Sightline.Tests.Package
{
    public class MetaWriterTests
    {
        PackageCopy _copy = null!;

        [SetUp]
        public void CopyThePackage() => _copy = PackageCopy.Shared();

        [TearDown]
        public void RestoreTheCopy() => _copy.Restore();

        [TestCase("Runtime/New/Thing.cs", "MonoImporter:\n  externalObjects: {}\n  serializedVersion: 2\n  defaultReferences: []\n  executionOrder: 0\n  icon: {instanceID: 0}\n")]
        [TestCase("Runtime/New/New.asmdef", "AssemblyDefinitionImporter:\n  externalObjects: {}\n")]
        [TestCase("Runtime/New/notes.md", "TextScriptImporter:\n")]
        [TestCase("Runtime/New/labels.json", "TextScriptImporter:\n")]
        [TestCase("Runtime/New/readme.txt", "TextScriptImporter:\n")]
        [TestCase("Runtime/New/Plugins/libnative.so", "PluginImporter:\n  externalObjects: {}\n  serializedVersion: 2\n")]
        [TestCase("Runtime/New/Plugins/native.dll", "PluginImporter:\n")]
        [TestCase("Runtime/New/Plugins/native.dylib", "PluginImporter:\n")]
        [TestCase("Runtime/New/model.onnx", "DefaultImporter:\n  externalObjects: {}\n")]
        public void MetaCreatesTheImporterBlockForTheFileType(string file, string expectedBlock)
        {
            _copy.Write(file, file.EndsWith(".asmdef") ? "{ \"name\": \"New\" }" : "x");
            var created = MetaWriter.CreateMissing(_copy.Root);
            Assert.That(created, Has.Member(file + ".meta"));
            string meta = _copy.Read(file + ".meta");
            Assert.That(meta, Does.StartWith("fileFormatVersion: 2\nguid: "));
            Assert.That(meta, Does.Match("\nguid: [0-9a-f]{32}\n"));
            Assert.That(meta, Does.Contain("\n" + expectedBlock));
            Assert.That(meta, Does.EndWith("  userData: \n  assetBundleName: \n  assetBundleVariant: \n"));
            Assert.That(meta, Does.Not.Contain("folderAsset"));
            Assert.That(PackageChecker.Check(_copy.Root).Select(p => p.ToString()), Is.Empty);
        }

        [Test]
        public void FoldersGetADefaultImporterWithFolderAsset()
        {
            _copy.Write("Runtime/New/Deeper/Thing.cs", "class A {}");
            var created = MetaWriter.CreateMissing(_copy.Root);
            Assert.That(created, Is.EquivalentTo(new[] { "Runtime/New.meta", "Runtime/New/Deeper.meta", "Runtime/New/Deeper/Thing.cs.meta" }));
            Assert.That(_copy.Read("Runtime/New.meta"), Does.Contain("\nfolderAsset: yes\nDefaultImporter:\n  externalObjects: {}\n"));
        }

        [Test]
        public void MetaIsIdempotentAndKeepsExistingGuids()
        {
            string before = _copy.Read("package.json.meta");
            Assert.That(MetaWriter.CreateMissing(_copy.Root), Is.Empty);
            Assert.That(_copy.Read("package.json.meta"), Is.EqualTo(before));
        }

        [Test]
        public void GuidsAreRandomAndDistinct()
        {
            var guids = Enumerable.Range(0, 2000).Select(_ => MetaWriter.NewGuid()).ToList();
            Assert.That(guids, Is.Unique);
            Assert.That(guids, Has.All.Match("^[0-9a-f]{32}$"));
            // Every hex digit appears in every position across 2000 draws when the bits are random (p of a miss ~ 1e-54).
            for (int i = 0; i < 32; i++) Assert.That(guids.Select(g => g[i]).Distinct().Count(), Is.EqualTo(16), $"position {i}");
        }

        [Test]
        public void PruneDeletesOnlyOrphanedMetas()
        {
            File.Delete(_copy.PathOf("Runtime/Core/Model/NetworkSpec.cs"));
            Assert.That(MetaWriter.CreateMissing(_copy.Root), Is.Empty, "meta alone removes nothing");
            Assert.That(File.Exists(_copy.PathOf("Runtime/Core/Model/NetworkSpec.cs.meta")), Is.True);
            Assert.That(MetaWriter.PruneOrphans(_copy.Root), Is.EqualTo(new[] { "Runtime/Core/Model/NetworkSpec.cs.meta" }));
            Assert.That(PackageChecker.Check(_copy.Root).Select(p => p.ToString()), Is.Empty);
        }

        [Test]
        public void TheCommandLineExitsWithOneAndNamesEachProblem()
        {
            File.Delete(_copy.PathOf("README.md.meta"));
            var (code, _, error) = Run("check", _copy.Root);
            Assert.That(code, Is.EqualTo(1));
            Assert.That(error.Split('\n').Select(l => l.Trim()), Has.Some.EqualTo("README.md: file has no .meta (run: sightline-package meta)"));

            var (metaCode, output, _) = Run("meta", _copy.Root);
            Assert.That(metaCode, Is.EqualTo(0));
            Assert.That(output, Does.Contain("created README.md.meta"));
            Assert.That(Run("check", _copy.Root).code, Is.EqualTo(0));
        }

        [Test]
        public void AFolderWithoutPackageJsonIsAUsageError()
        {
            Assert.That(Run("check", Path.Combine(_copy.Root, "Runtime")).code, Is.EqualTo(2));
            Assert.That(Run("frobnicate", _copy.Root).code, Is.EqualTo(2));
        }

        static (int code, string output, string error) Run(params string[] args) => ConsoleCapture.Run(() => Program.Main(args));
    }
}
