using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Sightline.Onnx;

namespace Sightline.Tests.Package
{
    /// <summary>
    /// Every asmdef whose sources use SIGHTLINE_ONNXRUNTIME gets it from a versionDefines entry on asus4's package,
    /// with the name, version and symbol that OnnxRuntimePackage tells users; Sightline.Onnx also references the
    /// package's assembly. A typo here would silently leave ONNX Runtime out of every Unity build.
    /// </summary>
    public class OnnxRuntimeDefinesTests
    {
        [TestCase("Runtime/Onnx/Sightline.Onnx.asmdef", true)]
        [TestCase("Tests/Sightline.Tests.asmdef", false)]
        public void AsmdefDefinesTheSymbolFromAsus4sPackage(string asmdef, bool referencesTheAssembly)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFolder.Root(), asmdef)));
            var entries = doc.RootElement.GetProperty("versionDefines").EnumerateArray()
                .Where(e => e.GetProperty("define").GetString() == OnnxRuntimePackage.Symbol).ToList();
            Assert.That(entries.Count, Is.EqualTo(1), $"{asmdef}: one versionDefines entry sets {OnnxRuntimePackage.Symbol}");
            Assert.That(entries[0].GetProperty("name").GetString(), Is.EqualTo(OnnxRuntimePackage.Name));
            Assert.That(entries[0].GetProperty("expression").GetString(), Is.EqualTo(OnnxRuntimePackage.Version));
            var references = doc.RootElement.GetProperty("references").EnumerateArray().Select(r => r.GetString()).ToList();
            Assert.That(references.Contains(OnnxRuntimePackage.Name), Is.EqualTo(referencesTheAssembly),
                $"{asmdef}: the package's assembly (named as the package) is referenced only where ONNX Runtime's API is used");
        }

        [Test]
        public void OnlyFilesGuardedByTheSymbolNameOnnxRuntimesApi()
        {
            string root = RepositoryFolder.Root();
            foreach (var folder in new[] { "Runtime", "Editor", "Tests", "Samples~" })
                foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
                {
                    string text = File.ReadAllText(file);
                    bool usesOrt = text.Contains("using Microsoft.ML.OnnxRuntime") || text.Contains("new OnnxRuntimeEngine(") || text.Contains("OnnxRuntimeEngine.FromFile(");
                    if (!usesOrt) continue;
                    Assert.That(text, Does.Contain("#if " + OnnxRuntimePackage.Symbol),
                        $"{Path.GetRelativePath(root, file)} uses ONNX Runtime without #if {OnnxRuntimePackage.Symbol}: Unity projects without com.github.asus4.onnxruntime would not compile");
                }
        }
    }
}
