using System;
using System.Collections.Generic;
using System.Linq;
using MessagePack;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NUnit.Framework;
using Sightline.Data;

namespace Sightline.Tests.Package
{
    /// <summary>
    /// IL2CPP cannot run MessagePack's dynamic resolvers (they emit IL at run time), so Sightline.Core and
    /// Sightline.Training must only reach their own formatters: the resolver they serialise with knows their own types
    /// and nothing else (no fallback), and no code in them asks a resolver for a formatter, serialises with any other
    /// options or hands a formatter MessagePack's standard options (whose resolver generates code).
    /// </summary>
    public class MessagePackStaticFormattersTests
    {
        sealed class NotASightlineType
        {
            public int Value { get; set; }
        }

        [Test]
        public void TheDataResolverHasNoFallback()
        {
            Assert.That(DataFormatterResolver.Options.Resolver, Is.SameAs(DataFormatterResolver.Instance));
            Assert.That(DataFormatterResolver.Instance.GetFormatter<DatasetManifest>(), Is.Not.Null);
            Assert.That(DataFormatterResolver.Instance.GetFormatter<int>(), Is.Null, "not even MessagePack's built-in formatters");
            Assert.That(DataFormatterResolver.Instance.GetFormatter<string>(), Is.Null);
            Assert.That(DataFormatterResolver.Instance.GetFormatter<NotASightlineType>(), Is.Null, "no dynamic object resolver behind it");
            Assert.That(() => MessagePackSerializer.Serialize(new NotASightlineType { Value = 1 }, DataFormatterResolver.Options),
                Throws.InstanceOf<MessagePackSerializationException>(), "an unknown type fails instead of generating a formatter");
        }

        static IEnumerable<(MethodDefinition method, Instruction call)> Calls(ModuleDefinition module)
        {
            foreach (var type in module.GetTypes())
                foreach (var method in type.Methods.Where(m => m.HasBody))
                    foreach (var instruction in method.Body.Instructions)
                        if ((instruction.OpCode == OpCodes.Call || instruction.OpCode == OpCodes.Callvirt) && instruction.Operand is MethodReference)
                            yield return (method, instruction);
        }

        [TestCase("Sightline.Core")]
        [TestCase("Sightline.Training")]
        public void ReachesMessagePackOnlyThroughItsOwnFormatters(string assembly)
        {
            var location = assembly == "Sightline.Core" ? typeof(DataFormatterResolver).Assembly.Location : typeof(CacheMetaFormatter).Assembly.Location;
            using var module = ModuleDefinition.ReadModule(location);
            Assert.That(module.Assembly.Name.Name, Is.EqualTo(assembly));
            int serialiserCalls = 0, formatterCalls = 0;
            foreach (var (method, call) in Calls(module))
            {
                var target = (MethodReference)call.Operand;
                string owner = target.DeclaringType.FullName;
                string where = $"{method.DeclaringType.FullName}.{method.Name}";
                Assert.That(owner.StartsWith("MessagePack.Resolvers.", StringComparison.Ordinal), Is.False, $"{where} uses {owner}: MessagePack's resolvers may generate code");
                Assert.That(target.Name == "GetFormatterWithVerify" || (target.Name == "GetFormatter" && owner != "Sightline.Data.DataFormatterResolver"), Is.False,
                    $"{where} asks a resolver for a formatter ({owner}.{target.Name}): call our formatter directly");
                Assert.That(owner == "MessagePack.MessagePackSerializerOptions" && target.Name == "get_Standard", Is.False,
                    $"{where} uses MessagePackSerializerOptions.Standard (StandardResolver falls back to dynamic code): pass DataFormatterResolver.Options");
                Assert.That(owner == "MessagePack.MessagePackSerializer" && target.Name == "get_DefaultOptions", Is.False, $"{where} uses MessagePackSerializer.DefaultOptions");
                if (owner.StartsWith("Sightline.", StringComparison.Ordinal) && owner.EndsWith("Formatter", StringComparison.Ordinal) && (target.Name == "Serialize" || target.Name == "Deserialize"))
                    formatterCalls++;
                if (owner == "MessagePack.MessagePackSerializer")
                {
                    serialiserCalls++;
                    bool usesOurOptions = method.Body.Instructions.Any(i => i.OpCode == OpCodes.Ldsfld && i.Operand is FieldReference f
                        && f.DeclaringType.FullName == "Sightline.Data.DataFormatterResolver" && f.Name == "Options");
                    Assert.That(usesOurOptions, Is.True, $"{where} calls MessagePackSerializer.{target.Name} without DataFormatterResolver.Options");
                }
            }
            // Core serialises the manifest through MessagePackSerializer; both call formatters directly (checkpoints, cache index).
            Assert.That(serialiserCalls + formatterCalls, Is.GreaterThan(0), "the scan found the serialisation calls it checks");
        }
    }
}
