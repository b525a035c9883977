using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Sightline.PackageTool;

namespace Sightline.Tests.Package
{
    public class PackageCheckerTests
    {
        PackageCopy _copy = null!;

        [SetUp]
        public void CopyThePackage()
        {
            _copy = PackageCopy.Shared();
            Assume.That(Describe(PackageChecker.Check(_copy.Root)), Is.Empty, "a fresh copy of the package must pass before a fault is put in");
        }

        [TearDown]
        public void RestoreTheCopy() => _copy.Restore();

        static List<string> Describe(IReadOnlyList<PackageProblem> problems) => problems.Select(p => p.ToString()).ToList();

        List<string> Problems() => Describe(PackageChecker.Check(_copy.Root));

        void AssertReported(string start, string contains)
        {
            var problems = Problems();
            Assert.That(problems.Any(p => p.StartsWith(start) && p.Contains(contains)), Is.True,
                $"expected a problem starting '{start}' containing '{contains}'; got:\n" + string.Join("\n", problems));
        }

        [Test]
        public void TheRealRepositoryPasses()
        {
            Assert.That(Describe(PackageChecker.Check(PackageCopy.RepositoryRoot())), Is.Empty,
                "run `dotnet DotNet~/artifacts/bin/Sightline.PackageTool/release/sightline-package.dll meta .` for missing metas");
        }

        [Test]
        public void AMissingMetaIsReported()
        {
            File.Delete(_copy.PathOf("Runtime/Core/Model/NetworkSpec.cs.meta"));
            Assert.That(Problems(), Has.Some.StartsWith("Runtime/Core/Model/NetworkSpec.cs: file has no .meta"));
        }

        [Test]
        public void AMissingFolderMetaIsReported()
        {
            File.Delete(_copy.PathOf("Runtime/Core.meta"));
            Assert.That(Problems(), Has.Some.StartsWith("Runtime/Core: folder has no .meta"));
        }

        [Test]
        public void AnOrphanedMetaIsReported()
        {
            File.Delete(_copy.PathOf("Runtime/Core/Model/NetworkSpec.cs"));
            Assert.That(Problems(), Has.Some.StartsWith("Runtime/Core/Model/NetworkSpec.cs.meta: orphaned .meta"));
        }

        [Test]
        public void ADuplicatedGuidIsReported()
        {
            string guid = GuidOf("Runtime/Core/Model/NetworkSpec.cs.meta");
            string other = "Runtime/Core/Model/TensorShape.cs.meta";
            _copy.Replace(other, GuidOf(other), guid);
            var problems = Problems();
            Assert.That(problems, Has.Some.Contains("duplicated GUID " + guid));
            Assert.That(problems.Single(p => p.Contains("duplicated GUID")), Does.Contain("NetworkSpec.cs.meta").And.Contain("TensorShape.cs.meta"));
        }

        string GuidOf(string meta) => Regex.Match(_copy.Read(meta), "guid: ([0-9a-f]{32})").Groups[1].Value;

        [TestCase("guid: 123", "not 'guid: ' and 32 lowercase hex")]
        [TestCase("fileFormatVersion: 1", "fileFormatVersion: 2")]
        [TestCase("MonoImporter:", "no importer block")]
        public void AMalformedMetaIsReported(string broken, string expected)
        {
            string meta = "Runtime/Core/Model/NetworkSpec.cs.meta";
            string text = _copy.Read(meta);
            string line = text.Split('\n').First(l => l.StartsWith(broken.Split(':')[0] + ":"));
            _copy.Replace(meta, line + "\n", broken == "MonoImporter:" ? "" : broken + "\n");
            AssertReported(meta + ": malformed .meta", expected);
        }

        [Test]
        public void AScriptMetaWithTheWrongImporterIsReported()
        {
            string meta = "Runtime/Core/Model/NetworkSpec.cs.meta";
            _copy.Write(meta, $"fileFormatVersion: 2\nguid: {GuidOf(meta)}\nDefaultImporter:\n  externalObjects: {{}}\n");
            Assert.That(Problems(), Has.Some.StartsWith(meta + ": importer is DefaultImporter, Unity imports this asset with MonoImporter"));
        }

        [Test]
        public void InvalidPackageJsonIsReported()
        {
            _copy.Replace("package.json", "\"version\"", "\"version\",");
            Assert.That(Problems(), Has.Some.StartsWith("package.json: invalid JSON at line 3"));
        }

        [TestCase("\"name\": \"com.sightline.alexnet\"", "\"name\": \"Sightline\"", "'name' \"Sightline\" is not a lowercase reverse-domain name")]
        [TestCase("\"version\": \"0.1.0\"", "\"version\": \"0.1\"", "'version' \"0.1\" is not strict SemVer")]
        [TestCase("\"version\": \"0.1.0\"", "\"version\": \"01.1.0\"", "is not strict SemVer")]
        [TestCase("\"displayName\"", "\"title\"", "'displayName' is missing")]
        [TestCase("\"description\": \"Train", "\"summary\": \"Train", "'description' is missing")]
        [TestCase("\"unity\": \"2022.3\"", "\"unity\": \"latest\"", "'unity' \"latest\" is not a Unity version")]
        [TestCase("\"dependencies\": {}", "\"dependencies\": {\"com.x.y\": \"https://github.com/x/y.git\"}", "dependency 'com.x.y' must name a registry version")]
        public void BadPackageJsonFieldsAreReported(string from, string to, string expected)
        {
            Assume.That(_copy.Read("package.json"), Does.Contain(from));
            _copy.Replace("package.json", from, to);
            AssertReported("package.json: ", expected);
        }

        [Test]
        public void ASamplesPathThatDoesNotExistIsReported()
        {
            _copy.Replace("package.json", "\"path\": \"Samples~/Headless\"", "\"path\": \"Samples~/Nowhere\"");
            Assert.That(Problems(), Has.Some.StartsWith("Samples~/Nowhere: sample folder does not exist"));
        }

        [Test]
        public void InvalidAsmdefJsonIsReported()
        {
            _copy.Replace("Runtime/Core/Sightline.Core.asmdef", "\"references\": [],", "\"references\": [,");
            Assert.That(Problems(), Has.Some.StartsWith("Runtime/Core/Sightline.Core.asmdef: invalid JSON"));
        }

        [Test]
        public void ImageSharpInAnAssemblyThatEveryPlayerCarriesIsReported()
        {
            _copy.Replace("Runtime/Core/Sightline.Core.asmdef", "\"Sightline.ThirdParty.MessagePack.Annotations.dll\"]", "\"Sightline.ThirdParty.MessagePack.Annotations.dll\", \"Sightline.ThirdParty.SixLabors.ImageSharp.dll\"]");
            Assert.That(Problems(), Has.Some.StartsWith("Runtime/Core/Sightline.Core.asmdef: references Sightline.ThirdParty.SixLabors.ImageSharp.dll but is compiled for players (Android,"));
        }

        [Test]
        public void ImageSharpInTheTrainingAssemblyIsAllowedOnlyWhileItStaysOffOtherPlayers()
        {
            Assert.That(Problems(), Has.None.Contains("ImageSharp"), "Sightline.Training references it for the Editor and desktop players");
            _copy.Replace("Runtime/Training/Sightline.Training.asmdef", "\"WindowsStandalone64\"]", "\"WindowsStandalone64\", \"Android\"]");
            Assert.That(Problems(), Has.Some.StartsWith("Runtime/Training/Sightline.Training.asmdef: references Sightline.ThirdParty.SixLabors.ImageSharp.dll but is compiled for players (Android)"));
        }

        [Test]
        public void AnAsmdefNameThatDiffersFromItsCsprojIsReported()
        {
            _copy.Replace("Runtime/Onnx/Sightline.Onnx.asmdef", "\"name\": \"Sightline.Onnx\"", "\"name\": \"Sightline.OnnxRuntime\"");
            Assert.That(Problems(), Has.Some.StartsWith("Runtime/Onnx/Sightline.Onnx.asmdef: asmdef name \"Sightline.OnnxRuntime\" differs from AssemblyName \"Sightline.Onnx\" of DotNet~/Sightline.Onnx/Sightline.Onnx.csproj"));
        }

        [Test]
        public void APropsVersionThatDisagreesIsReported()
        {
            _copy.Replace("DotNet~/Directory.Build.props", "<Version>" + PackageVersion() + "</Version>", "<Version>9.9.9</Version>");
            Assert.That(Problems(), Has.Some.StartsWith("DotNet~/Directory.Build.props: <Version> 9.9.9 disagrees with package.json version " + PackageVersion()));
        }

        [Test]
        public void AChangelogVersionThatDisagreesIsReported()
        {
            _copy.Replace("CHANGELOG.md", "## [" + PackageVersion() + "]", "## [Unreleased]\n\n## [9.9.9]");
            Assert.That(Problems(), Has.Some.StartsWith("CHANGELOG.md: top entry 9.9.9 disagrees with package.json version " + PackageVersion()));
        }

        [Test]
        public void APackageJsonVersionThatDisagreesIsReported()
        {
            string version = PackageVersion();
            _copy.Replace("package.json", "\"version\": \"" + version + "\"", "\"version\": \"9.9.9\"");
            var problems = Problems();
            Assert.That(problems, Has.Some.StartsWith("DotNet~/Directory.Build.props: <Version> " + version + " disagrees with package.json version 9.9.9"));
            Assert.That(problems, Has.Some.StartsWith("CHANGELOG.md: top entry " + version + " disagrees"));
        }

        [Test]
        public void ACsprojVersionThatDisagreesIsReported()
        {
            _copy.Replace("DotNet~/Sightline.Core/Sightline.Core.csproj", "<AssemblyName>", "<Version>0.0.1</Version><AssemblyName>");
            Assert.That(Problems(), Has.Some.StartsWith("DotNet~/Sightline.Core/Sightline.Core.csproj: <Version> 0.0.1 disagrees"));
        }

        string PackageVersion() => Regex.Match(_copy.Read("package.json"), "\"version\": \"([^\"]+)\"").Groups[1].Value;

        [TestCase("Runtime/Core/obj/project.assets.json", "Runtime/Core/obj: build output folder")]
        [TestCase("Editor/bin/Release/x.dll", "Editor/bin: build output folder")]
        [TestCase("Tests/Sightline.Tests.csproj", "Tests/Sightline.Tests.csproj: project files must not be in the package")]
        public void BuildFilesInsideThePackageAreReported(string file, string expected)
        {
            _copy.Write(file, "<Project />");
            Assert.That(Problems(), Has.Some.StartsWith(expected));
        }

        [Test]
        public void TildeFoldersAndDotNamesNeedNoMetas()
        {
            _copy.Write("Samples~/Extra/Script.cs", "class A {}");
            _copy.Write("Runtime/.hidden/notes.txt", "x");
            _copy.Write("Runtime/Core/Docs~/x.md", "x");
            Assert.That(Problems(), Is.Empty);
        }
    }
}
