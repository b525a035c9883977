using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using NUnit.Framework;
using Sightline.Editor.Build;
using Sightline.Onnx;
using Sightline.Onnx.Proto;
using Sightline.PackageTool.Vendoring;

namespace Sightline.Tests.Package
{
    /// <summary>The package's link.xml names assemblies and namespaces that exist, and the Editor hands that file to the linker.</summary>
    public class LinkerPreservationTests
    {
        static string LinkXmlPath => Path.Combine(PackageCopy.RepositoryRoot(), "Runtime", "link.xml");

        [Test]
        public void EveryAssemblyAndNamespaceItKeepsExists()
        {
            var linker = XDocument.Load(LinkXmlPath).Root!;
            Assert.That(linker.Name.LocalName, Is.EqualTo("linker"));
            var onnx = typeof(OnnxExporter).Assembly;
            var vendored = Directory.GetFiles(Path.Combine(PackageCopy.RepositoryRoot(), VendoredDependency.PluginsFolder), "*.dll", SearchOption.AllDirectories)
                .Select(Path.GetFileNameWithoutExtension).ToList();
            var assemblies = linker.Elements("assembly").ToList();
            Assert.That(assemblies.Count, Is.EqualTo(2));
            foreach (var assembly in assemblies)
            {
                string name = (string)assembly.Attribute("fullname")!;
                Assert.That(name == onnx.GetName().Name || vendored.Contains(name), Is.True, $"link.xml names assembly {name}, which the package does not have");
                foreach (var ns in assembly.Elements("namespace"))
                {
                    string fullname = (string)ns.Attribute("fullname")!;
                    Assert.That(onnx.GetTypes().Any(t => t.Namespace == fullname), Is.True, $"{name} has no namespace {fullname}");
                }
            }
            Assert.That(typeof(ModelProto).Namespace, Is.EqualTo("Sightline.Onnx.Proto"), "the generated messages are what it keeps");
        }

        [Test]
        public void TheEditorHandsThisFileToTheLinker()
        {
            using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(PackageCopy.RepositoryRoot(), "package.json")));
            string name = package.RootElement.GetProperty("name").GetString()!;
            Assert.That(LinkXmlProvider.PackagePath, Is.EqualTo($"Packages/{name}/Runtime/link.xml"));
            Assert.That(File.Exists(LinkXmlPath), Is.True);
            Assert.That(new LinkXmlProvider().callbackOrder, Is.EqualTo(0));
        }
    }
}
