using System;
using System.IO;
using System.Linq;

namespace Sightline.Tests.UnityCompile
{
    /// <summary>A tiny UPM package written to a temporary folder, to plant faults compile-as-unity must find.</summary>
    public sealed class FakePackage : IDisposable
    {
        public FakePackage(string name = "com.example.fake", string version = "1.0.0")
        {
            Root = Path.Combine(Path.GetTempPath(), "sightline-fake-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
            Write("package.json", $"{{ \"name\": \"{name}\", \"version\": \"{version}\", \"unity\": \"2022.3\" }}");
        }

        public string Root { get; }

        public FakePackage Write(string relative, string text)
        {
            string path = Path.Combine(Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return this;
        }

        /// <summary>An asmdef with the given extra JSON fields (e.g. "\"references\": [\"A\"]").</summary>
        public FakePackage Asmdef(string folder, string name, params string[] fields)
        {
            string extra = string.Concat(fields.Select(f => ", " + f));
            return Write(Path.Combine(folder, name + ".asmdef"), $"{{ \"name\": \"{name}\"{extra} }}");
        }

        public void Dispose()
        {
            try { Directory.Delete(Root, recursive: true); }
            catch (IOException) { }
        }
    }
}
