using System;
using System.IO;

namespace Sightline.PackageTool.Metas
{
    /// <summary>
    /// The .meta text Unity writes for each kind of asset, so that Unity finds nothing to rewrite when it imports
    /// the package (an immutable package in Library/PackageCache cannot be rewritten, and a rewrite would warn).
    /// The blocks are the field layouts Unity 2022.3 writes for default import settings.
    /// </summary>
    public static class MetaTemplates
    {
        const string Tail = "  userData: \n  assetBundleName: \n  assetBundleVariant: \n";

        /// <summary>The importer Unity uses for this path (relative, forward slashes).</summary>
        public static string ImporterFor(string relativePath, bool isFolder)
        {
            if (isFolder) return "DefaultImporter";
            string name = Path.GetFileName(relativePath);
            // Unity imports the package's own manifest with its package manifest importer, not as a text asset.
            if (relativePath == "package.json") return "PackageManifestImporter";
            switch (Path.GetExtension(name).ToLowerInvariant())
            {
                case ".cs": return "MonoImporter";
                case ".asmdef": return "AssemblyDefinitionImporter";
                case ".asmref": return "AssemblyDefinitionReferenceImporter";
                case ".md":
                case ".json":
                case ".txt":
                case ".xml":
                case ".bytes":
                case ".csv":
                case ".yaml":
                    return "TextScriptImporter";
                case ".dll":
                case ".so":
                case ".dylib":
                case ".bundle":
                    return "PluginImporter";
                default:
                    return "DefaultImporter";
            }
        }

        public static string Create(string relativePath, bool isFolder, string guid)
        {
            string head = "fileFormatVersion: 2\nguid: " + guid + "\n";
            if (isFolder) return head + "folderAsset: yes\nDefaultImporter:\n  externalObjects: {}\n" + Tail;
            string importer = ImporterFor(relativePath, isFolder);
            switch (importer)
            {
                case "MonoImporter":
                    return head + "MonoImporter:\n  externalObjects: {}\n  serializedVersion: 2\n  defaultReferences: []\n"
                        + "  executionOrder: 0\n  icon: {instanceID: 0}\n" + Tail;
                case "PluginImporter":
                    // Enabled for any platform, as Unity sets a newly imported plugin; Editor inherits from Any.
                    return head + "PluginImporter:\n  externalObjects: {}\n  serializedVersion: 2\n  iconMap: {}\n"
                        + "  executionOrder: {}\n  defineConstraints: []\n  isPreloaded: 0\n  isOverridable: 0\n"
                        + "  isExplicitlyReferenced: 0\n  validateReferences: 1\n  platformData:\n"
                        + "  - first:\n      Any: \n    second:\n      enabled: 1\n      settings: {}\n"
                        + "  - first:\n      Editor: Editor\n    second:\n      enabled: 0\n      settings:\n"
                        + "        DefaultValueInitialized: true\n" + Tail;
                default:
                    return head + importer + ":\n  externalObjects: {}\n" + Tail;
            }
        }

        /// <summary>
        /// A vendored managed DLL under Plugins/: as <see cref="Create"/> for a plugin, but with Auto Reference off
        /// (isExplicitlyReferenced), so only the asmdefs that list it in precompiledReferences see it and a project's
        /// own code never meets two copies of one namespace.
        /// </summary>
        /// <para>
        /// <paramref name="desktopOnly"/>: enabled for the Editor and the Linux, macOS and Windows 64-bit players only,
        /// written as Unity writes a plugin's per-platform settings (Any disabled, one entry per platform).
        /// </para>
        public static string VendoredPlugin(string relativePath, string guid, bool desktopOnly = false)
        {
            string meta = Create(relativePath, false, guid).Replace("  isExplicitlyReferenced: 0\n", "  isExplicitlyReferenced: 1\n");
            if (!desktopOnly) return meta;
            int from = meta.IndexOf("  platformData:\n", StringComparison.Ordinal);
            int to = meta.IndexOf(Tail, from, StringComparison.Ordinal);
            return meta.Substring(0, from) + DesktopPlatformData + meta.Substring(to);
        }

        static string Platform(string first, bool enabled, string settings) =>
            "  - first:\n      " + first + "\n    second:\n      enabled: " + (enabled ? "1" : "0") + "\n      settings:" + settings;

        static readonly string DesktopPlatformData = "  platformData:\n"
            + Platform(": Any", false, "\n        Exclude Android: 1\n        Exclude Editor: 0\n        Exclude Linux64: 0\n"
                + "        Exclude OSXUniversal: 0\n        Exclude Win: 1\n        Exclude Win64: 0\n        Exclude iOS: 1\n")
            + Platform("Any: ", false, " {}\n")
            + Platform("Editor: Editor", true, "\n        CPU: AnyCPU\n        DefaultValueInitialized: true\n        OS: AnyOS\n")
            + Platform("Standalone: Linux64", true, "\n        CPU: AnyCPU\n")
            + Platform("Standalone: OSXUniversal", true, "\n        CPU: AnyCPU\n")
            + Platform("Standalone: Win", false, "\n        CPU: AnyCPU\n")
            + Platform("Standalone: Win64", true, "\n        CPU: AnyCPU\n");
    }
}
