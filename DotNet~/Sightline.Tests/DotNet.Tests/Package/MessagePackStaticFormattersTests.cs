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
    /// IL2CPP cannot run MessagePack's dynamic resolvers (they emit IL at run time), so Sightline.Core must only reach
    /// its own formatters: the resolver it serialises with knows its own types and nothing else (no fallback), and no
    /// code in Sightline.Core asks a resolver for a formatter or serialises with any other options.
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

        [Test]
        public void CoreReachesMessagePackOnlyThroughItsOwnFormatters()
        {
            using var module = ModuleDefinition.ReadModule(typeof(DataFormatterResolver).Assembly.Location);
            int serialiserCalls = 0;
            foreach (var (method, call) in Calls(module))
            {
                var target = (MethodReference)call.Operand;
                string owner = target.DeclaringType.FullName;
                string where = $"{method.DeclaringType.FullName}.{method.Name}";
                Assert.That(owner.StartsWith("MessagePack.Resolvers.", StringComparison.Ordinal), Is.False, $"{where} uses {owner}: MessagePack's resolvers may generate code");
                Assert.That(target.Name == "GetFormatterWithVerify" || (target.Name == "GetFormatter" && owner != "Sightline.Data.DataFormatterResolver"), Is.False,
                    $"{where} asks a resolver for a formatter ({owner}.{target.Name}): call our formatter directly");
                if (owner == "MessagePack.MessagePackSerializer")
                {
                    serialiserCalls++;
                    bool usesOurOptions = method.Body.Instructions.Any(i => i.OpCode == OpCodes.Ldsfld && i.Operand is FieldReference f
                        && f.DeclaringType.FullName == "Sightline.Data.DataFormatterResolver" && f.Name == "Options");
                    Assert.That(usesOurOptions, Is.True, $"{where} calls MessagePackSerializer.{target.Name} without DataFormatterResolver.Options");
                }
            }
            Assert.That(serialiserCalls, Is.GreaterThan(0), "the scan found the manifest's and cache's serialiser calls");
        }
    }
}
