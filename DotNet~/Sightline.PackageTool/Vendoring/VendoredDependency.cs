using System;

namespace Sightline.PackageTool.Vendoring
{
    /// <summary>
    /// One NuGet package whose DLL the Unity package carries under Plugins/&lt;Id&gt;/, renamed so it cannot clash with
    /// another copy of the same library in a Unity project (see Documentation~/install.md, "Managed dependencies").
    /// </summary>
    public sealed class VendoredDependency
    {
        /// <summary>Every vendored assembly's name starts with this; its namespaces are unchanged.</summary>
        public const string Prefix = "Sightline.ThirdParty.";
        public const string PluginsFolder = "Plugins";

        public VendoredDependency(string id, string version, string framework, string assemblyName, bool desktopOnly = false)
        {
            Id = id;
            Version = version;
            Framework = framework;
            AssemblyName = assemblyName;
            DesktopOnly = desktopOnly;
        }

        /// <summary>Marks a dependency only Sightline.Training needs ("Id/Version/framework:desktop").</summary>
        public const string DesktopSuffix = ":desktop";

        /// <summary>The NuGet package id (also the folder under Plugins/).</summary>
        public string Id { get; }
        public string Version { get; }
        /// <summary>The lib/ folder taken (netstandard2.1 where the package has it, else netstandard2.0).</summary>
        public string Framework { get; }
        /// <summary>The assembly's original name (its DLL in the NuGet package is this plus .dll).</summary>
        public string AssemblyName { get; }
        /// <summary>
        /// Only the Editor and the 64-bit desktop players load it (the platforms of Sightline.Training, its only user), so
        /// Unity leaves it out of every other player build.
        /// </summary>
        public bool DesktopOnly { get; }
        public string VendoredName => Prefix + AssemblyName;
        public string VendoredFile => VendoredName + ".dll";
        public string Folder => PluginsFolder + "/" + Id;

        /// <summary>Parses "Id/Version/framework[/AssemblyName][:desktop]" (the assembly name defaults to the id).</summary>
        public static VendoredDependency Parse(string text)
        {
            bool desktop = text.EndsWith(DesktopSuffix, StringComparison.Ordinal);
            var parts = (desktop ? text.Substring(0, text.Length - DesktopSuffix.Length) : text).Split('/');
            if (parts.Length < 3 || parts.Length > 4 || Array.Exists(parts, p => p.Length == 0))
                throw new ArgumentException($"'{text}' is not Id/Version/framework[/AssemblyName][{DesktopSuffix}] (e.g. MessagePack/2.5.307/netstandard2.0)");
            return new VendoredDependency(parts[0], parts[1], parts[2], parts.Length == 4 ? parts[3] : parts[0], desktop);
        }

        public override string ToString() => $"{Id} {Version} ({Framework})";
    }
}
