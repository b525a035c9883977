using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sightline.PackageTool.Checks
{
    /// <summary>package.json: valid JSON, the fields Unity's Package Manager requires, samples that exist.</summary>
    public static class ManifestChecks
    {
        public const string FileName = "package.json";

        // Unity package names: lowercase reverse domain, letters, digits, '-', '_' and '.', at least three parts.
        static readonly Regex NamePattern = new Regex(@"^[a-z][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*){2,}$", RegexOptions.CultureInvariant);
        static readonly Regex UnityPattern = new Regex(@"^[0-9]{4}\.[0-9]+$", RegexOptions.CultureInvariant);

        /// <summary>Checks package.json and returns its version when it has a valid one (for the version check).</summary>
        public static string? Check(string root, List<PackageProblem> problems)
        {
            string full = Path.Combine(root, FileName);
            if (!File.Exists(full))
            {
                problems.Add(new PackageProblem(FileName, "missing: the package root has no package.json"));
                return null;
            }
            using var doc = JsonFiles.TryRead(full, FileName, problems);
            if (doc == null) return null;
            var manifest = doc.RootElement;
            if (manifest.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new PackageProblem(FileName, "must be a JSON object"));
                return null;
            }

            string? name = JsonFiles.String(manifest, "name");
            if (name == null) problems.Add(new PackageProblem(FileName, "'name' is missing"));
            else if (name.Length > 214 || !NamePattern.IsMatch(name))
                problems.Add(new PackageProblem(FileName, $"'name' \"{name}\" is not a lowercase reverse-domain name like com.sightline.alexnet"));

            string? version = JsonFiles.String(manifest, "version");
            if (version == null) problems.Add(new PackageProblem(FileName, "'version' is missing"));
            else if (!SemVer.IsValid(version))
            {
                problems.Add(new PackageProblem(FileName, $"'version' \"{version}\" is not strict SemVer (MAJOR.MINOR.PATCH, no leading zeros)"));
                version = null;
            }

            foreach (var required in new[] { "displayName", "description" })
                if (string.IsNullOrWhiteSpace(JsonFiles.String(manifest, required)))
                    problems.Add(new PackageProblem(FileName, $"'{required}' is missing or empty"));

            string? unity = JsonFiles.String(manifest, "unity");
            if (unity == null) problems.Add(new PackageProblem(FileName, "'unity' (the minimum Unity version, like \"2022.3\") is missing"));
            else if (!UnityPattern.IsMatch(unity)) problems.Add(new PackageProblem(FileName, $"'unity' \"{unity}\" is not a Unity version like \"2022.3\""));

            CheckDependencies(manifest, problems);
            CheckSamples(root, manifest, problems);
            return version;
        }

        static void CheckDependencies(JsonElement manifest, List<PackageProblem> problems)
        {
            if (!manifest.TryGetProperty("dependencies", out var deps)) return;
            if (deps.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new PackageProblem(FileName, "'dependencies' must be an object of package name to version"));
                return;
            }
            foreach (var dep in deps.EnumerateObject())
                if (dep.Value.ValueKind != JsonValueKind.String || !SemVer.IsValid(dep.Value.GetString()))
                    problems.Add(new PackageProblem(FileName, $"dependency '{dep.Name}' must name a registry version (SemVer), not {dep.Value.GetRawText()}"));
        }

        static void CheckSamples(string root, JsonElement manifest, List<PackageProblem> problems)
        {
            if (!manifest.TryGetProperty("samples", out var samples)) return;
            if (samples.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new PackageProblem(FileName, "'samples' must be an array"));
                return;
            }
            int index = 0;
            foreach (var sample in samples.EnumerateArray())
            {
                string where = $"samples[{index++}]";
                foreach (var field in new[] { "displayName", "description", "path" })
                    if (string.IsNullOrWhiteSpace(JsonFiles.String(sample, field)))
                        problems.Add(new PackageProblem(FileName, $"{where} '{field}' is missing or empty"));
                string? path = JsonFiles.String(sample, "path");
                if (string.IsNullOrWhiteSpace(path)) continue;
                if (!path.StartsWith("Samples~/", System.StringComparison.Ordinal))
                    problems.Add(new PackageProblem(FileName, $"{where} path \"{path}\" is not under Samples~/"));
                if (!Directory.Exists(Path.Combine(root, path)))
                    problems.Add(new PackageProblem(path, $"sample folder does not exist (package.json {where})"));
            }
        }
    }
}
