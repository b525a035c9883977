using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;
using NUnit.Framework;
using Sightline.Onnx.Proto;
using Sightline.Tests.Package;

namespace Sightline.Tests.Onnx
{
    /// <summary>
    /// Runtime/Onnx/Proto/OnnxSubset.cs is generated from DotNet~/Sightline.Onnx/Proto/onnx_subset.proto and committed
    /// (Unity cannot run protoc): every field of the .proto must be in the generated descriptor with the same number.
    /// </summary>
    public class OnnxProtoFreshnessTests
    {
        static readonly Regex Block = new Regex(@"^\s*(message|enum|oneof)\s+(\w+)\s*\{", RegexOptions.Compiled);
        static readonly Regex Field = new Regex(@"^\s*(?:optional|repeated)?\s*[A-Za-z0-9_.]+\s+([a-z_0-9]+)\s*=\s*(\d+)", RegexOptions.Compiled);

        [Test]
        public void GeneratedCodeMatchesTheProtoFile()
        {
            var proto = Path.Combine(PackageCopy.RepositoryRoot(), "DotNet~", "Sightline.Onnx", "Proto", "onnx_subset.proto");
            var declared = new List<(string message, string field, int number)>();
            var blocks = new Stack<(string kind, string name)>();
            foreach (var line in File.ReadAllLines(proto))
            {
                var b = Block.Match(line);
                if (b.Success) { blocks.Push((b.Groups[1].Value, b.Groups[2].Value)); continue; }
                if (line.Trim().StartsWith("}")) { blocks.Pop(); continue; }
                if (blocks.Count == 0 || blocks.Peek().kind == "enum") continue;
                var f = Field.Match(line);
                if (f.Success) declared.Add((blocks.First(x => x.kind == "message").name, f.Groups[1].Value, int.Parse(f.Groups[2].Value)));
            }
            Assert.That(declared.Count, Is.GreaterThan(40), "the parse found the fields");

            var messages = new Dictionary<string, MessageDescriptor>();
            void Add(MessageDescriptor d)
            {
                messages[d.Name] = d;
                foreach (var nested in d.NestedTypes) Add(nested);
            }
            foreach (var d in OnnxSubsetReflection.Descriptor.MessageTypes) Add(d);
            int generatedFields = messages.Values.Sum(m => m.Fields.InDeclarationOrder().Count);
            Assert.That(generatedFields, Is.EqualTo(declared.Count), "the same number of fields: run DotNet~/Sightline.Onnx/Proto/regenerate.sh");
            foreach (var (message, field, number) in declared)
            {
                Assert.That(messages.ContainsKey(message), Is.True, $"message {message} missing from OnnxSubset.cs: run regenerate.sh");
                var generated = messages[message].Fields.InDeclarationOrder().FirstOrDefault(x => x.Name == field);
                Assert.That(generated, Is.Not.Null, $"{message}.{field} missing from OnnxSubset.cs: run regenerate.sh");
                Assert.That(generated!.FieldNumber, Is.EqualTo(number), $"{message}.{field}");
            }
        }
    }
}
