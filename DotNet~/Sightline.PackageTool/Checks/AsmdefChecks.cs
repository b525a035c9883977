using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Sightline.PackageTool.Checks
{
    /// <summary>Assembly definitions: valid JSON, a name, string arrays where Unity expects them, names matching DotNet~.</summary>
    public static class AsmdefChecks
    {
        static readonly string[] StringArrays = { "references", "includePlatforms", "excludePlatforms", "precompiledReferences", "defineConstraints", "optionalUnityReferences" };

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

                string folder = Path.GetDirectoryName(rel)?.Replace('\\', '/') ?? "";
                var compiledBy = projects.ForFolder(folder);
                if (compiledBy.Count > 0 && !compiledBy.Any(p => p.AssemblyName == name))
                    problems.Add(new PackageProblem(rel, $"asmdef name \"{name}\" differs from AssemblyName " +
                        string.Join(" and ", compiledBy.Select(p => $"\"{p.AssemblyName}\" of {p.Csproj}")) + $", which compiles {folder}"));
            }

            static bool include(JsonElement asm, string field) =>
                asm.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0;
        }
    }
}
