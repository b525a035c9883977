using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mono.Cecil;

namespace Sightline.PackageTool.Vendoring
{
    /// <summary>
    /// Rewrites a NuGet DLL for Unity: renames the assembly (and its references to the other vendored assemblies) to
    /// <see cref="VendoredDependency.Prefix"/> + name and drops the strong name, so no other copy of the library in a
    /// project (ML-Agents' Google.Protobuf, a NuGetForUnity MessagePack) has its file name or identity; and points
    /// every type it takes from a .NET Standard 2.0 helper package (System.Memory, System.Buffers, ...) at
    /// netstandard 2.1, which Unity always provides, so the DLL needs nothing outside netstandard and the vendored set.
    /// A type found in neither is reported, never guessed.
    /// </summary>
    public sealed class AssemblyRetargeter
    {
        const string NetStandard = "netstandard";
        static readonly byte[] NetStandardToken = { 0xcc, 0x7b, 0x13, 0xff, 0xcd, 0x2d, 0xdd, 0x51 };
        readonly HashSet<string> _netStandardTypes;
        readonly Dictionary<string, VendoredDependency> _vendored;

        /// <param name="netStandardReference">netstandard.dll of .NET Standard 2.1 (NuGet's NETStandard.Library.Ref).</param>
        public AssemblyRetargeter(string netStandardReference, IEnumerable<VendoredDependency> vendored)
        {
            using (var ns = AssemblyDefinition.ReadAssembly(netStandardReference))
                _netStandardTypes = new HashSet<string>(ns.MainModule.Types.Where(t => t.IsPublic).Select(t => t.FullName)
                    .Concat(ns.MainModule.ExportedTypes.Select(t => t.FullName)), StringComparer.Ordinal);
            _vendored = vendored.ToDictionary(v => v.AssemblyName, StringComparer.Ordinal);
        }

        /// <summary>Rewrites <paramref name="source"/> into <paramref name="target"/>; returns the types it could not place (empty when done).</summary>
        public IReadOnlyList<string> Rewrite(string source, string target, VendoredDependency dependency)
        {
            var unresolved = new List<string>();
            using var assembly = AssemblyDefinition.ReadAssembly(source, new ReaderParameters { InMemory = true, ReadSymbols = false });
            var module = assembly.MainModule;
            if (assembly.Name.Name != dependency.AssemblyName)
                throw new InvalidOperationException($"{source} is assembly {assembly.Name.Name}, not {dependency.AssemblyName}");

            assembly.Name.Name = dependency.VendoredName;
            assembly.Name.PublicKey = Array.Empty<byte>();
            assembly.Name.HasPublicKey = false;
            module.Name = dependency.VendoredFile;
            module.Attributes &= ~ModuleAttributes.StrongNameSigned;

            var netStandard = module.AssemblyReferences.FirstOrDefault(r => r.Name == NetStandard);
            if (netStandard == null)
            {
                netStandard = new AssemblyNameReference(NetStandard, new Version(2, 1, 0, 0)) { PublicKeyToken = NetStandardToken };
                module.AssemblyReferences.Add(netStandard);
            }
            netStandard.Version = new Version(2, 1, 0, 0);

            foreach (var reference in module.AssemblyReferences.ToList())
            {
                if (reference == netStandard) continue;
                if (_vendored.TryGetValue(reference.Name, out var other))
                {
                    reference.Name = other.VendoredName;
                    reference.PublicKeyToken = Array.Empty<byte>();
                    continue;
                }
                // A .NET Standard 2.0 helper package: each type it supplies must be in netstandard 2.1.
                foreach (var type in module.GetTypeReferences().Where(t => t.DeclaringType == null && t.Scope == reference))
                {
                    if (_netStandardTypes.Contains(type.FullName)) type.Scope = netStandard;
                    else unresolved.Add($"{type.FullName} (from {reference.Name} {reference.Version})");
                }
            }
            foreach (var reference in module.AssemblyReferences.ToList())
                if (reference != netStandard && !_vendored.Values.Any(v => v.VendoredName == reference.Name)
                    && !module.GetTypeReferences().Any(t => t.Scope == reference))
                    module.AssemblyReferences.Remove(reference);

            if (unresolved.Count == 0)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                assembly.Write(target);
            }
            return unresolved;
        }
    }
}
