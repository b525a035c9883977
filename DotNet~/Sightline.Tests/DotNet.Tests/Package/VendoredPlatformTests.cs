using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Sightline.PackageTool.Metas;
using Sightline.PackageTool.UnityCompile;
using Sightline.PackageTool.Vendoring;

namespace Sightline.Tests.Package
{
    /// <summary>
    /// Which players carry each vendored DLL: the committed .meta files are what the vendor script writes, and the
    /// image library (only Sightline.Training uses it) is enabled for the Editor and the 64-bit desktop players alone.
    /// </summary>
    public class VendoredPlatformTests
    {
        static string Root => PackageCopy.RepositoryRoot();

        static VendoredDependency[] ScriptList()
        {
            string script = File.ReadAllText(Path.Combine(Root, "DotNet~", "scripts", "vendor-dependencies.sh"));
            var block = Regex.Match(script, @"packages=\(\n(.*?)\n\)", RegexOptions.Singleline).Groups[1].Value;
            return block.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(VendoredDependency.Parse).ToArray();
        }

        [Test]
        public void EveryVendoredMetaIsWhatTheVendorScriptWrites()
        {
            var list = ScriptList();
            Assert.That(list.Length, Is.EqualTo(Directory.GetDirectories(Path.Combine(Root, VendoredDependency.PluginsFolder)).Length));
            Assert.That(list.Where(d => d.DesktopOnly).Select(d => d.Id), Is.EquivalentTo(new[] { "SixLabors.ImageSharp", "System.Text.Encoding.CodePages" }));
            foreach (var d in list)
            {
                string rel = d.Folder + "/" + d.VendoredFile;
                string meta = File.ReadAllText(Path.Combine(Root, rel + ".meta"));
                string guid = Regex.Match(meta, "^guid: ([0-9a-f]{32})$", RegexOptions.Multiline).Groups[1].Value;
                Assert.That(meta, Is.EqualTo(MetaTemplates.VendoredPlugin(rel, guid, d.DesktopOnly)), rel);
            }
        }

        [TestCase("SixLabors.ImageSharp", true)]
        [TestCase("System.Text.Encoding.CodePages", true)]
        [TestCase("MessagePack", false)]
        [TestCase("Google.Protobuf", false)]
        public void OnlyTheImageLibraryStaysOffPlayersBeyondTheDesktop(string id, bool desktopOnly)
        {
            var d = ScriptList().Single(x => x.Id == id);
            var plugin = PrecompiledAssembly.FromPlugin(Path.Combine(Root, d.Folder, d.VendoredFile), d.Folder);
            foreach (var target in UnityTarget.All)
            {
                bool desktop = target.IsEditor || target.Platform == "LinuxStandalone64" || target.Platform == "macOSStandalone" || target.Platform == "WindowsStandalone64";
                Assert.That(plugin.IsCompatibleWith(target), Is.EqualTo(desktop || !desktopOnly), $"{id} for {target.Name}");
            }
        }
    }
}
