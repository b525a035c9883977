using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Sightline.PackageTool.Checks
{
    /// <summary>
    /// Assembly definitions: valid JSON, a name, string arrays where Unity expects them, names matching DotNet~, and no
    /// image library in an assembly that players beyond the desktop carry (those get classification and capture only).
    /// </summary>
    public static class AsmdefChecks
    {
        static readonly string[] StringArrays = { "references", "includePlatforms", "excludePlatforms", "precompiledReferences", "defineConstraints", "optionalUnityReferences" };

        /// <summary>
        /// Where training (Sightline.Training: dataset decoding with ImageSharp) may run: the Editor and the 64-bit desktop
        /// players. An asmdef compiled for any other platform must not reference ImageSharp.
        /// </summary>
        public static readonly IReadOnlyCollection<string> TrainingPlatforms = new[] { "Editor", "LinuxStandalone64", "macOSStandalone", "WindowsStandalone64" };
        const string ImageLibrary = "ImageSharp";

        public static void Check(string root, IEnumerable<string> asmdefs, CsprojMap projects, List<PackageProblem> problems)
        {
            foreach (var rel in asmdefs)
            {
                using var doc = JsonFiles.TryRead(Path.Combine(root, rel), rel, problems);
                if (doc == null) continue;
                var asm = doc.RootElement;
                if (asm.ValueKind != JsonValueKind.Object)
                {
                    problems.Add(new PackageProblem(rel, "must be a JSON object"));
                    continue;
                }
                string? name = JsonFiles.String(asm, "name");
                if (string.IsNullOrWhiteSpace(name))
                {
                    problems.Add(new PackageProblem(rel, "'name' is missing or empty"));
                    continue;
                }
                foreach (var field in StringArrays)
                    if (asm.TryGetProperty(field, out var value) && (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String)))
                        problems.Add(new PackageProblem(rel, $"'{field}' must be an array of strings"));
                if (include(asm, "includePlatforms") && include(asm, "excludePlatforms"))
                    problems.Add(new PackageProblem(rel, "sets both 'includePlatforms' and 'excludePlatforms'; Unity allows only one"));

                var players = PlayersBeyondTheDesktop(asm);
                if (players.Count > 0)
                    foreach (var reference in Strings(asm, "precompiledReferences").Where(r => r.Contains(ImageLibrary, System.StringComparison.Ordinal)))
                        problems.Add(new PackageProblem(rel, $"references {reference} but is compiled for players ({string.Join(", ", players.Take(4))}{(players.Count > 4 ? ", ..." : "")}) that carry classification and capture only: " +
                            "decode images in Sightline.Training (Editor and desktop players) or restrict this asmdef's includePlatforms"));

                string folder = Path.GetDirectoryName(rel)?.Replace('\\', '/') ?? "";
                var compiledBy = projects.ForFolder(folder);
                if (compiledBy.Count > 0 && !compiledBy.Any(p => p.AssemblyName == name))
                    problems.Add(new PackageProblem(rel, $"asmdef name \"{name}\" differs from AssemblyName " +
                        string.Join(" and ", compiledBy.Select(p => $"\"{p.AssemblyName}\" of {p.Csproj}")) + $", which compiles {folder}"));
            }

            static List<string> PlayersBeyondTheDesktop(JsonElement asm)
            {
                var include = Strings(asm, "includePlatforms");
                var exclude = Strings(asm, "excludePlatforms");
                return UnityCompile.UnityTarget.KnownPlatforms
                    .Where(p => !TrainingPlatforms.Contains(p))
                    .Where(p => include.Count > 0 ? include.Contains(p) : !exclude.Contains(p))
                    .OrderBy(p => p, System.StringComparer.Ordinal).ToList();
            }

            static List<string> Strings(JsonElement asm, string field) =>
                asm.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Array
                    ? v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                    : new List<string>();

            static bool include(JsonElement asm, string field) =>
                asm.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0;
        }
    }
}
