using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Sightline.PackageTool.UnityCompile
{
    /// <summary>
    /// A managed DLL Unity references without compiling it: a plugin inside a package, one given with --reference, or a
    /// NuGet dependency standing in for the DLL the package will carry. Auto-referenced DLLs reach every asmdef without
    /// overrideReferences; the rest only asmdefs naming them in precompiledReferences (Unity's EditorBuildRules).
    /// </summary>
    public sealed class PrecompiledAssembly
    {
        readonly Func<UnityTarget, bool> _compatible;

        public PrecompiledAssembly(string path, string origin, bool autoReferenced, Func<UnityTarget, bool>? compatible = null)
        {
            Path = path;
            Origin = origin;
            AutoReferenced = autoReferenced;
            _compatible = compatible ?? (_ => true);
        }

        public string Path { get; }
        /// <summary>The name asmdefs use in precompiledReferences: the file name with ".dll".</summary>
        public string FileName => System.IO.Path.GetFileName(Path);
        public string Origin { get; }
        public bool AutoReferenced { get; }

        public bool IsCompatibleWith(UnityTarget target) => _compatible(target);

        public override string ToString() => $"{FileName} ({Origin})";

        static readonly Regex Explicit = new Regex(@"^\s*isExplicitlyReferenced:\s*1\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);

        // A PluginImporter .meta lists platformData entries ("first:" the platform, "second:" its settings with
        // "enabled: 0|1"); "Any" enabled means every platform except those with "Exclude <name>: 1".
        static readonly Regex Entry = new Regex(@"-\s*first:\s*\n\s*([A-Za-z ]+):\s*([A-Za-z0-9]*)\s*\n\s*second:\s*\n\s*enabled:\s*([01])", RegexOptions.CultureInvariant);
        static readonly Regex Exclude = new Regex(@"Exclude ([A-Za-z0-9]+):\s*1", RegexOptions.CultureInvariant);

        static readonly Dictionary<string, string> MetaPlatformNames = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Editor"] = "Editor",
            ["LinuxStandalone64"] = "Linux64",
            ["WindowsStandalone64"] = "Win64",
            ["WindowsStandalone32"] = "Win",
            ["macOSStandalone"] = "OSXUniversal",
            ["Android"] = "Android",
            ["iOS"] = "iOS",
        };

        /// <summary>A DLL inside a package; its .meta (if any) says whether it is auto-referenced and for which platforms.</summary>
        public static PrecompiledAssembly FromPlugin(string path, string display)
        {
            string meta = path + ".meta";
            if (!File.Exists(meta)) return new PrecompiledAssembly(path, display, autoReferenced: true);
            string text = File.ReadAllText(meta).Replace("\r\n", "\n");
            bool auto = !Explicit.IsMatch(text);
            var entries = Entry.Matches(text).Select(m => (platform: m.Groups[2].Value.Length > 0 ? m.Groups[2].Value : m.Groups[1].Value.Trim(), enabled: m.Groups[3].Value == "1")).ToList();
            if (entries.Count == 0) return new PrecompiledAssembly(path, display, auto);
            bool any = entries.Any(e => e.platform == "Any" && e.enabled);
            var excluded = new HashSet<string>(Exclude.Matches(text).Select(m => m.Groups[1].Value), StringComparer.Ordinal);
            var enabled = new HashSet<string>(entries.Where(e => e.enabled).Select(e => e.platform), StringComparer.Ordinal);
            return new PrecompiledAssembly(path, display, auto, target =>
            {
                string name = MetaPlatformNames.TryGetValue(target.Platform, out var n) ? n : target.Platform;
                return any ? !excluded.Contains(name) : enabled.Contains(name);
            });
        }
    }
}
