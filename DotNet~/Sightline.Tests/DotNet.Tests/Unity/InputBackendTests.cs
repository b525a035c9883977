using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Sightline.Tests.Unity
{
    /// <summary>
    /// Unity's Input class throws when Active Input Handling is "Input System Package (New)", so every key read goes
    /// through KeyPresses, which reads either backend.
    /// </summary>
    public class InputBackendTests
    {
        [Test]
        public void NoScriptOutsideKeyPressesReadsTheInputManagerDirectly()
        {
            string root = RepositoryFolder.Root();
            var offenders = new[] { "Runtime", "Editor", "Samples~" }
                .SelectMany(folder => Directory.GetFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
                .Where(path => Path.GetFileName(path) != "KeyPresses.cs")
                .Where(path => Regex.IsMatch(File.ReadAllText(path), @"\bInput\.(GetKey|GetButton|GetAxis|GetMouseButton|anyKey|inputString)"))
                .Select(path => Path.GetRelativePath(root, path))
                .ToList();
            Assert.That(offenders, Is.Empty, "these read UnityEngine.Input directly, which throws under the Input System package; use KeyPresses");
        }

        [Test]
        public void TheUnityAssemblyKnowsWhenTheInputSystemPackageIsInstalled()
        {
            using var asmdef = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFolder.Root(), "Runtime", "Unity", "Sightline.Unity.asmdef")));
            var root = asmdef.RootElement;
            Assert.That(root.GetProperty("references").EnumerateArray().Select(r => r.GetString()), Does.Contain("Unity.InputSystem"));
            var define = root.GetProperty("versionDefines").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "com.unity.inputsystem");
            Assert.That(define.GetProperty("define").GetString(), Is.EqualTo("SIGHTLINE_INPUT_SYSTEM"));
            string keys = File.ReadAllText(Path.Combine(RepositoryFolder.Root(), "Runtime", "Unity", "Keys", "KeyPresses.cs"));
            Assert.That(keys, Does.Contain("#if ENABLE_INPUT_SYSTEM && SIGHTLINE_INPUT_SYSTEM").And.Contain("#elif ENABLE_LEGACY_INPUT_MANAGER"));
        }
    }
}
