using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Sightline.PackageTool.Assets
{
    /// <summary>
    /// What Unity imports from the package folder: every file and folder except names starting with '.', folders
    /// ending in '~', and their contents. Paths git ignores (build output, local runs) are left out too, because
    /// they are not part of the published package.
    /// </summary>
    public sealed class PackageAssets
    {
        PackageAssets(string root, IReadOnlyList<string> folders, IReadOnlyList<string> files, IReadOnlyList<string> metas)
        {
            Root = root;
            Folders = folders;
            Files = files;
            Metas = metas;
        }

        public string Root { get; }
        /// <summary>Importable folders (relative paths, forward slashes), not the root itself.</summary>
        public IReadOnlyList<string> Folders { get; }
        /// <summary>Importable files other than .meta files.</summary>
        public IReadOnlyList<string> Files { get; }
        /// <summary>Every .meta file found in importable folders.</summary>
        public IReadOnlyList<string> Metas { get; }

        public static bool IsHidden(string name) => name.StartsWith(".", StringComparison.Ordinal) || name.EndsWith("~", StringComparison.Ordinal);

        public static PackageAssets Scan(string root)
        {
            root = Path.GetFullPath(root);
            var ignored = GitIgnored.Load(root);
            var folders = new List<string>();
            var files = new List<string>();
            var metas = new List<string>();
            Walk(root, "", ignored, folders, files, metas);
            folders.Sort(StringComparer.Ordinal);
            files.Sort(StringComparer.Ordinal);
            metas.Sort(StringComparer.Ordinal);
            return new PackageAssets(root, folders, files, metas);
        }

        public string FullPath(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

        static void Walk(string root, string relative, GitIgnored ignored, List<string> folders, List<string> files, List<string> metas)
        {
            string full = relative.Length == 0 ? root : Path.Combine(root, relative);
            foreach (var dir in Directory.GetDirectories(full).OrderBy(d => d, StringComparer.Ordinal))
            {
                string name = Path.GetFileName(dir);
                string rel = Join(relative, name);
                if (IsHidden(name) || ignored.IsIgnored(rel, isDirectory: true)) continue;
                folders.Add(rel);
                Walk(root, rel, ignored, folders, files, metas);
            }
            foreach (var file in Directory.GetFiles(full))
            {
                string name = Path.GetFileName(file);
                string rel = Join(relative, name);
                if (name.StartsWith(".", StringComparison.Ordinal)) continue;
                if (name.EndsWith(".meta", StringComparison.Ordinal)) metas.Add(rel);
                else if (!ignored.IsIgnored(rel, isDirectory: false)) files.Add(rel);
            }
        }

        static string Join(string a, string b) => a.Length == 0 ? b : a + "/" + b;
    }
}
