using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Sightline.PackageTool.Checks
{
    /// <summary>One version everywhere: package.json, DotNet~/Directory.Build.props (and any csproj that sets its own), the top CHANGELOG entry.</summary>
    public static class VersionChecks
    {
        public const string PropsPath = "DotNet~/Directory.Build.props";
        public const string ChangelogPath = "CHANGELOG.md";
        static readonly Regex Heading = new Regex(@"^## \[([^\]]+)\]", RegexOptions.CultureInvariant);

        public static void Check(string root, string? packageVersion, List<PackageProblem> problems)
        {
            if (packageVersion == null) return; // already reported by the manifest check

            string props = Path.Combine(root, PropsPath);
            if (!File.Exists(props)) problems.Add(new PackageProblem(PropsPath, "missing: it sets the <Version> of every assembly"));
            else
            {
                var versions = MsBuildVersions(props, PropsPath, problems);
                if (versions.Count == 0) problems.Add(new PackageProblem(PropsPath, $"has no <Version>; package.json says {packageVersion}"));
                foreach (var v in versions) Compare(PropsPath, "<Version>", v, packageVersion, problems);
            }
            foreach (var csproj in CsprojMap.ProjectFiles(root))
                foreach (var v in MsBuildVersions(Path.Combine(root, csproj), csproj, problems))
                    Compare(csproj, "<Version>", v, packageVersion, problems);

            string changelog = Path.Combine(root, ChangelogPath);
            if (!File.Exists(changelog))
            {
                problems.Add(new PackageProblem(ChangelogPath, "missing"));
                return;
            }
            string? top = File.ReadLines(changelog)
                .Select(line => Heading.Match(line))
                .Where(m => m.Success && !m.Groups[1].Value.Equals("Unreleased", StringComparison.OrdinalIgnoreCase))
                .Select(m => m.Groups[1].Value)
                .FirstOrDefault();
            if (top == null) problems.Add(new PackageProblem(ChangelogPath, $"has no versioned entry '## [x.y.z]'; package.json says {packageVersion}"));
            else Compare(ChangelogPath, "top entry", top, packageVersion, problems);
        }

        static void Compare(string path, string what, string version, string packageVersion, List<PackageProblem> problems)
        {
            if (version != packageVersion)
                problems.Add(new PackageProblem(path, $"{what} {version} disagrees with package.json version {packageVersion}"));
        }

        static List<string> MsBuildVersions(string full, string rel, List<PackageProblem> problems)
        {
            try
            {
                return XDocument.Load(full).Descendants("Version").Where(e => e.Parent?.Name == "PropertyGroup").Select(e => e.Value.Trim()).ToList();
            }
            catch (XmlException e)
            {
                problems.Add(new PackageProblem(rel, $"invalid XML at line {e.LineNumber}: {e.Message}"));
                return new List<string>();
            }
        }
    }
}
