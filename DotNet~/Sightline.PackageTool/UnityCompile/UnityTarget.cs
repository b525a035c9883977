using System;
using System.Collections.Generic;
using System.Linq;

namespace Sightline.PackageTool.UnityCompile
{
    /// <summary>
    /// One way Unity 2022.3 compiles a project's scripts: in the Editor on one OS, or for a player build of one platform
    /// with one scripting backend, each with one Active Input Handling setting. <see cref="Platform"/> is the asmdef
    /// platform name that includePlatforms/excludePlatforms match.
    /// Symbols are those of Unity's scripting symbol reference (Manual/PlatformDependentCompilation.html, 2022.3:
    /// platform, editor version, scripting backend and Active Input Handling symbols) and of Unity's C# source
    /// (EditorBuildRules.cs adds CSHARP_7_OR_LATER and CSHARP_7_3_OR_NEWER to every assembly and
    /// UNITY_EDITOR_ONLY_COMPILATION to Editor-only ones; CustomScriptAssembly.cs compiles UNITY_INCLUDE_TESTS
    /// assemblies only for the Editor, where the Test Framework package defines that symbol).
    /// </summary>
    public sealed class UnityTarget
    {
        public const string EditorPlatform = "Editor";

        /// <summary>The asmdef platform names Unity 2022.3 accepts (current and deprecated ones).</summary>
        public static readonly IReadOnlySet<string> KnownPlatforms = new HashSet<string>(StringComparer.Ordinal)
        {
            "Editor", "Android", "EmbeddedLinux", "GameCoreScarlett", "GameCoreXboxOne", "iOS", "LinuxStandalone64",
            "CloudRendering", "macOSStandalone", "PS4", "PS5", "QNX", "Stadia", "Switch", "tvOS", "WSA", "VisionOS",
            "WebGL", "WindowsStandalone32", "WindowsStandalone64", "XboxOne",
            // Deprecated in 2022.3 (CustomScriptAssembly.DeprecatedPlatforms), still accepted in existing files.
            "PSMobile", "Tizen", "WiiU", "Nintendo3DS", "PSVita", "LinuxStandalone32", "LinuxStandaloneUniversal", "Lumin",
        };

        /// <summary>The editor version the sets model: 2022.3 (the package's "unity" field).</summary>
        public static readonly string UnityVersion = "2022.3.0f1";

        UnityTarget(string name, string platform, bool isEditor, IEnumerable<string> defines)
        {
            Name = name;
            Platform = platform;
            IsEditor = isEditor;
            Defines = defines.Distinct(StringComparer.Ordinal).ToList();
        }

        public string Name { get; }
        public string Platform { get; }
        public bool IsEditor { get; }
        public IReadOnlyList<string> Defines { get; }

        public override string ToString() => Name;

        /// <summary>Every set: 3 Editors and 9 player builds, each with the three Active Input Handling settings.</summary>
        public static IReadOnlyList<UnityTarget> All { get; } = Build();

        static IReadOnlyList<UnityTarget> Build()
        {
            var bases = new List<(string name, string platform, bool editor, string[] defines)>
            {
                // The Editor compiles with its own symbols plus those of the active build target (here the desktop it runs on).
                ("editor-linux", EditorPlatform, true, new[] { "UNITY_EDITOR", "UNITY_EDITOR_64", "UNITY_EDITOR_LINUX", "UNITY_STANDALONE_LINUX", "UNITY_STANDALONE", "UNITY_64", "ENABLE_MONO", "UNITY_ASSERTIONS", "UNITY_INCLUDE_TESTS" }),
                ("editor-windows", EditorPlatform, true, new[] { "UNITY_EDITOR", "UNITY_EDITOR_64", "UNITY_EDITOR_WIN", "UNITY_STANDALONE_WIN", "UNITY_STANDALONE", "UNITY_64", "ENABLE_MONO", "UNITY_ASSERTIONS", "UNITY_INCLUDE_TESTS" }),
                ("editor-macos", EditorPlatform, true, new[] { "UNITY_EDITOR", "UNITY_EDITOR_64", "UNITY_EDITOR_OSX", "UNITY_STANDALONE_OSX", "UNITY_STANDALONE", "UNITY_64", "ENABLE_MONO", "UNITY_ASSERTIONS", "UNITY_INCLUDE_TESTS" }),
                ("linux-mono", "LinuxStandalone64", false, new[] { "UNITY_STANDALONE_LINUX", "UNITY_STANDALONE", "UNITY_64", "ENABLE_MONO" }),
                ("linux-il2cpp", "LinuxStandalone64", false, new[] { "UNITY_STANDALONE_LINUX", "UNITY_STANDALONE", "UNITY_64", "ENABLE_IL2CPP" }),
                ("windows-mono", "WindowsStandalone64", false, new[] { "UNITY_STANDALONE_WIN", "UNITY_STANDALONE", "UNITY_64", "ENABLE_MONO" }),
                ("windows-il2cpp", "WindowsStandalone64", false, new[] { "UNITY_STANDALONE_WIN", "UNITY_STANDALONE", "UNITY_64", "ENABLE_IL2CPP" }),
                ("windows32-mono", "WindowsStandalone32", false, new[] { "UNITY_STANDALONE_WIN", "UNITY_STANDALONE", "ENABLE_MONO" }),
                ("macos-mono", "macOSStandalone", false, new[] { "UNITY_STANDALONE_OSX", "UNITY_STANDALONE", "UNITY_64", "ENABLE_MONO" }),
                ("macos-il2cpp", "macOSStandalone", false, new[] { "UNITY_STANDALONE_OSX", "UNITY_STANDALONE", "UNITY_64", "ENABLE_IL2CPP" }),
                // Android builds may include 32-bit ARM, so no UNITY_64; iOS is IL2CPP and 64-bit only.
                ("android-il2cpp", "Android", false, new[] { "UNITY_ANDROID", "ENABLE_IL2CPP" }),
                ("ios-il2cpp", "iOS", false, new[] { "UNITY_IOS", "UNITY_64", "ENABLE_IL2CPP" }),
            };
            var inputs = new (string suffix, string[] defines)[]
            {
                ("", new[] { "ENABLE_LEGACY_INPUT_MANAGER" }),                              // Input Manager (Old), the 2022.3 default
                ("+inputsystem", new[] { "ENABLE_INPUT_SYSTEM" }),                         // Input System Package (New)
                ("+bothinput", new[] { "ENABLE_LEGACY_INPUT_MANAGER", "ENABLE_INPUT_SYSTEM" }), // Both
            };
            var common = VersionDefines().Concat(new[] { "NET_STANDARD_2_1", "NET_STANDARD", "CSHARP_7_OR_LATER", "CSHARP_7_3_OR_NEWER" }).ToArray();
            var all = new List<UnityTarget>();
            foreach (var (name, platform, editor, defines) in bases)
                foreach (var (suffix, input) in inputs)
                    all.Add(new UnityTarget(name + suffix, platform, editor, defines.Concat(input).Concat(common)));
            return all;
        }

        /// <summary>UNITY_2022, UNITY_2022_3, UNITY_2022_3_0 and UNITY_X_Y_OR_NEWER for every release up to 2022.3.</summary>
        static IEnumerable<string> VersionDefines()
        {
            yield return "UNITY_2022";
            yield return "UNITY_2022_3";
            yield return "UNITY_2022_3_0";
            var releases = new List<(int major, int minor)> { (5, 3), (5, 4), (5, 5), (5, 6) };
            for (int year = 2017; year <= 2022; year++)
            {
                int last = year switch { 2017 => 4, 2018 => 4, 2019 => 4, 2020 => 3, 2021 => 3, _ => 3 };
                for (int minor = 1; minor <= last; minor++) releases.Add((year, minor));
            }
            foreach (var (major, minor) in releases) yield return $"UNITY_{major}_{minor}_OR_NEWER";
        }

        /// <summary>The sets whose names match any of the comma-separated patterns (a trailing '*' matches a prefix).</summary>
        public static IReadOnlyList<UnityTarget> Select(string? patterns)
        {
            if (string.IsNullOrWhiteSpace(patterns)) return All;
            var wanted = patterns!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var chosen = All.Where(t => wanted.Any(p => p.EndsWith("*", StringComparison.Ordinal)
                ? t.Name.StartsWith(p.TrimEnd('*'), StringComparison.Ordinal) : t.Name == p)).ToList();
            if (chosen.Count == 0)
                throw new UnityCompileException($"--sets '{patterns}' matches no define set; sets: {string.Join(", ", All.Select(t => t.Name))}");
            return chosen;
        }
    }
}
