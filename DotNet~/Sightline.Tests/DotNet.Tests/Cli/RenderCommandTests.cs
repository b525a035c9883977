using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Sightline.Render;
using Sightline.Tests.Core.Data;

namespace Sightline.Tests.Cli
{
    public class RenderCommandTests
    {
        static (int code, string output, string error) Run(params string[] args) => ConsoleCapture.Sightline(args);

        [Test]
        public void HardSceneSetHasEveryClassByDefault()
        {
            using var dir = new TempFolder();
            var (code, output, error) = Run("render", "--out", dir.Combine("hard"), "--scene", "hard", "--frames", "18", "--size", "32", "--json");
            Assert.That(code, Is.EqualTo(0), error);
            using var doc = JsonDocument.Parse(output);
            var root = doc.RootElement;
            Assert.That(root.GetProperty("scene").GetString(), Is.EqualTo("hard"));
            Assert.That(root.GetProperty("frames").GetInt32(), Is.EqualTo(18));
            var labels = root.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToArray();
            Assert.That(labels, Is.EqualTo(ShapeNames.First(ShapeNames.Count).Select(ShapeNames.Of).ToArray()));
            Assert.That(labels, Does.Contain("octahedron"));
        }

        [Test]
        public void UnknownSceneSetIsAUserError()
        {
            using var dir = new TempFolder();
            var (code, _, error) = Run("render", "--out", dir.Combine("x"), "--scene", "medium", "--frames", "4");
            Assert.That(code, Is.EqualTo(2));
            Assert.That(error, Does.Contain("--scene").And.Contain("medium"));
            Assert.That(Directory.Exists(dir.Combine("x")), Is.False, "nothing is written for a refused command");
        }
    }
}
