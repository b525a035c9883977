using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Mono.Cecil;
using NUnit.Framework;
using Sightline.PackageTool;
using Sightline.PackageTool.Vendoring;

namespace Sightline.Tests.Package
{
    /// <summary>
    /// The managed DLLs under Plugins/: the package check catches a planted version mismatch, a DLL that is not what
    /// its folder says, Auto Reference left on, a plain precompiled reference and a missing licence; the committed
    /// DLLs need nothing outside netstandard 2.1 and each other, and they still work after the rename.
    /// </summary>
    public class VendoredDependencyTests
    {
        PackageCopy _copy = null!;

        [SetUp]
        public void CopyThePackage()
        {
            _copy = PackageCopy.Shared();
            Assume.That(PackageChecker.Check(_copy.Root).Select(p => p.ToString()), Is.Empty, "a fresh copy passes before a fault is put in");
        }

        [TearDown]
        public void RestoreTheCopy() => _copy.Restore();

        List<string> Problems() => PackageChecker.Check(_copy.Root).Select(p => p.ToString()).ToList();

        [Test]
        public void ACsprojVersionThatDiffersFromTheVendoredDllIsReported()
        {
            _copy.Replace("DotNet~/Sightline.Core/Sightline.Core.csproj", "Include=\"MessagePack\" Version=\"2.5.307\"", "Include=\"MessagePack\" Version=\"2.5.306\"");
            Assert.That(Problems(), Has.Some.StartsWith("Plugins/MessagePack/Sightline.ThirdParty.MessagePack.dll: is MessagePack 2.5.307 but DotNet~/Sightline.Core/Sightline.Core.csproj references MessagePack 2.5.306"));
        }

        [Test]
        public void APlantedDllOfAnotherVersionIsReported()
        {
            // Google.Protobuf's folder gets a DLL of the right name whose assembly is 2.5.307 (MessagePack.Annotations).
            File.Copy(_copy.PathOf("Plugins/MessagePack.Annotations/Sightline.ThirdParty.MessagePack.Annotations.dll"),
                _copy.PathOf("Plugins/Google.Protobuf/Sightline.ThirdParty.Google.Protobuf.dll"), overwrite: true);
            var problems = Problems();
            Assert.That(problems, Has.Some.Contains("Plugins/Google.Protobuf/Sightline.ThirdParty.Google.Protobuf.dll: is Google.Protobuf 2.5.307 but"));
            Assert.That(problems, Has.Some.Contains("the assembly inside is named Sightline.ThirdParty.MessagePack.Annotations"));
        }

        [Test]
        public void AutoReferenceLeftOnIsReported()
        {
            _copy.Replace("Plugins/MessagePack/Sightline.ThirdParty.MessagePack.dll.meta", "isExplicitlyReferenced: 1", "isExplicitlyReferenced: 0");
            Assert.That(Problems(), Has.Some.StartsWith("Plugins/MessagePack/Sightline.ThirdParty.MessagePack.dll.meta: Auto Reference must be off"));
        }

        [Test]
        public void APlainPrecompiledReferenceIsReported()
        {
            _copy.Replace("Runtime/Onnx/Sightline.Onnx.asmdef", "\"Sightline.ThirdParty.Google.Protobuf.dll\"", "\"Google.Protobuf.dll\"");
            Assert.That(Problems(), Has.Some.StartsWith("Runtime/Onnx/Sightline.Onnx.asmdef: precompiledReferences names Google.Protobuf.dll: the package carries it as Sightline.ThirdParty.Google.Protobuf.dll"));
        }

        [Test]
        public void AMissingLicenceIsReported()
        {
            File.Delete(_copy.PathOf("Plugins/SixLabors.ImageSharp/LICENSE.md"));
            Assert.That(Problems(), Has.Some.StartsWith("Plugins/SixLabors.ImageSharp: has no licence file"));
        }

        static string[] VendoredDlls() =>
            Directory.GetFiles(Path.Combine(PackageCopy.RepositoryRoot(), VendoredDependency.PluginsFolder), "*.dll", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToArray();

        [Test]
        public void VendoredDllsNeedOnlyNetStandard21AndEachOther()
        {
            var dlls = VendoredDlls();
            Assert.That(dlls.Length, Is.GreaterThanOrEqualTo(4), "Google.Protobuf, MessagePack (+ Annotations) and ImageSharp at least");
            var names = new HashSet<string>(dlls.Select(Path.GetFileNameWithoutExtension)!, StringComparer.Ordinal);
            HashSet<string> netStandard;
            using (var ns = AssemblyDefinition.ReadAssembly(Vendorer.NetStandardReference(Vendorer.NuGetCache())))
                netStandard = new HashSet<string>(ns.MainModule.Types.Where(t => t.IsPublic).Select(t => t.FullName), StringComparer.Ordinal);
            foreach (var dll in dlls)
            {
                using var assembly = AssemblyDefinition.ReadAssembly(dll);
                string file = Path.GetFileName(dll);
                foreach (var reference in assembly.MainModule.AssemblyReferences)
                    Assert.That(reference.Name == "netstandard" || names.Contains(reference.Name), Is.True, $"{file} references {reference.Name}, which Unity may not have");
                foreach (var type in assembly.MainModule.GetTypeReferences().Where(t => t.DeclaringType == null && t.Scope is AssemblyNameReference r && r.Name == "netstandard"))
                    Assert.That(netStandard.Contains(type.FullName), Is.True, $"{file} uses {type.FullName}, which is not in netstandard 2.1");
                Assert.That(assembly.Name.HasPublicKey, Is.False, $"{file}: the strong name goes with the rename");
            }
        }

        [Test]
        public void RenamedMessagePackAndProtobufWorkAndMatchNuGetsOwn()
        {
            string plugins = Path.Combine(PackageCopy.RepositoryRoot(), VendoredDependency.PluginsFolder);
            var context = new AssemblyLoadContext("vendored", isCollectible: true);
            context.Resolving += (c, name) =>
            {
                var path = Directory.GetFiles(plugins, name.Name + ".dll", SearchOption.AllDirectories).FirstOrDefault();
                return path == null ? null : c.LoadFromAssemblyPath(path);
            };
            try
            {
                var messagePack = context.LoadFromAssemblyName(new AssemblyName("Sightline.ThirdParty.MessagePack"));
                const string json = "{\"spec\":\"mini\",\"labels\":[\"cube\",\"sphere\"],\"size\":96,\"mean\":[0.5,-1.25]}";
                var convert = messagePack.GetType("MessagePack.MessagePackSerializer", throwOnError: true)!
                    .GetMethod("ConvertFromJson", new[] { typeof(string), messagePack.GetType("MessagePack.MessagePackSerializerOptions")!, typeof(System.Threading.CancellationToken) })!;
                var vendoredBytes = (byte[])convert.Invoke(null, new object?[] { json, null, default(System.Threading.CancellationToken) })!;
                var nugetBytes = MessagePack.MessagePackSerializer.ConvertFromJson(json);
                Assert.That(vendoredBytes, Is.EqualTo(nugetBytes), "the renamed MessagePack writes the bytes NuGet's writes");

                var protobuf = context.LoadFromAssemblyName(new AssemblyName("Sightline.ThirdParty.Google.Protobuf"));
                var timestampType = protobuf.GetType("Google.Protobuf.WellKnownTypes.Timestamp", throwOnError: true)!;
                var timestamp = Activator.CreateInstance(timestampType)!;
                timestampType.GetProperty("Seconds")!.SetValue(timestamp, 1234567890L);
                timestampType.GetProperty("Nanos")!.SetValue(timestamp, 42);
                var toBytes = protobuf.GetType("Google.Protobuf.MessageExtensions", throwOnError: true)!.GetMethod("ToByteArray")!;
                var vendoredProto = (byte[])toBytes.Invoke(null, new[] { timestamp })!;
                var nugetProto = Google.Protobuf.MessageExtensions.ToByteArray(new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 1234567890L, Nanos = 42 });
                Assert.That(vendoredProto, Is.EqualTo(nugetProto), "the renamed Google.Protobuf writes the bytes NuGet's writes");
            }
            finally
            {
                context.Unload();
            }
        }
    }
}
