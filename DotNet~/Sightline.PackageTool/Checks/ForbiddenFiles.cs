using System;
using System.Collections.Generic;
using System.IO;

namespace Sightline.PackageTool.Checks
{
    /// <summary>
    /// Build files Unity would import as assets (and a csproj/bin/obj Unity would choke on) must not live in the
    /// folders Unity compiles. Looked for on disk, ignored by git or not, because Unity does not read .gitignore.
    /// </summary>
    public static class ForbiddenFiles
    {
        static readonly string[] Guarded = { "Runtime", "Editor", "Tests" };
        static readonly string[] ProjectExtensions = { ".csproj", ".sln", ".slnx" };

        public static void Check(string root, List<PackageProblem> problems)
        {
            foreach (var top in Guarded)
            {
                string full = Path.Combine(root, top);
                if (Directory.Exists(full)) Walk(full, top, problems);
            }
        }

        static void Walk(string full, string rel, List<PackageProblem> problems)
        {
            foreach (var dir in Directory.GetDirectories(full))
            {
                string name = Path.GetFileName(dir);
                if (Assets.PackageAssets.IsHidden(name)) continue;
                string child = rel + "/" + name;
                if (name == "bin" || name == "obj") problems.Add(new PackageProblem(child, $"build output folder '{name}' must not be in the package (build under DotNet~)"));
                else Walk(dir, child, problems);
            }
            foreach (var file in Directory.GetFiles(full))
            {
                string name = Path.GetFileName(file);
                foreach (var ext in ProjectExtensions)
                    if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase))
                        problems.Add(new PackageProblem(rel + "/" + name, "project files must not be in the package (they belong in DotNet~)"));
            }
        }
    }
}
