using System.Text.RegularExpressions;

namespace Sightline.PackageTool.Checks
{
    /// <summary>Strict Semantic Versioning 2.0.0 (the grammar at semver.org: no leading zeros, no 'v' prefix).</summary>
    public static class SemVer
    {
        static readonly Regex Pattern = new Regex(
            @"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)" +
            @"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?" +
            @"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$",
            RegexOptions.CultureInvariant);

        public static bool IsValid(string? version) => version != null && Pattern.IsMatch(version);
    }
}
