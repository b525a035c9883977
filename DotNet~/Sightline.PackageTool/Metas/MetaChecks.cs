using System;
using System.Collections.Generic;
using System.IO;
using Sightline.PackageTool.Assets;

namespace Sightline.PackageTool.Metas
{
    /// <summary>Missing, orphaned, malformed, mistyped and duplicated .meta files.</summary>
    public static class MetaChecks
    {
        public static IEnumerable<string> Orphans(PackageAssets assets)
        {
            var owners = new HashSet<string>(assets.Folders, StringComparer.Ordinal);
            owners.UnionWith(assets.Files);
            foreach (var meta in assets.Metas)
                if (!owners.Contains(meta.Substring(0, meta.Length - ".meta".Length))) yield return meta;
        }

        public static void Check(PackageAssets assets, List<PackageProblem> problems)
        {
            var metas = new HashSet<string>(assets.Metas, StringComparer.Ordinal);
            var folders = new HashSet<string>(assets.Folders, StringComparer.Ordinal);
            foreach (var folder in assets.Folders)
                if (!metas.Contains(folder + ".meta")) problems.Add(new PackageProblem(folder, "folder has no .meta (run: sightline-package meta)"));
            foreach (var file in assets.Files)
                if (!metas.Contains(file + ".meta")) problems.Add(new PackageProblem(file, "file has no .meta (run: sightline-package meta)"));
            var orphans = new HashSet<string>(Orphans(assets), StringComparer.Ordinal);
            foreach (var orphan in orphans)
                problems.Add(new PackageProblem(orphan, "orphaned .meta: its asset does not exist (run: sightline-package meta --prune)"));

            var firstOwner = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var meta in assets.Metas)
            {
                MetaFile? parsed;
                string error;
                try
                {
                    parsed = MetaFile.TryParse(File.ReadAllText(assets.FullPath(meta)), out error);
                }
                catch (IOException e)
                {
                    problems.Add(new PackageProblem(meta, "cannot read .meta: " + e.Message));
                    continue;
                }
                if (parsed == null)
                {
                    problems.Add(new PackageProblem(meta, error));
                    continue;
                }
                if (firstOwner.TryGetValue(parsed.Guid, out var other))
                    problems.Add(new PackageProblem(meta, $"duplicated GUID {parsed.Guid}: {other} has the same one"));
                else firstOwner.Add(parsed.Guid, meta);
                if (orphans.Contains(meta)) continue;

                string asset = meta.Substring(0, meta.Length - ".meta".Length);
                bool isFolder = folders.Contains(asset);
                if (isFolder != parsed.FolderAsset)
                    problems.Add(new PackageProblem(meta, isFolder ? "folder .meta lacks 'folderAsset: yes'" : "file .meta says 'folderAsset: yes'"));
                string expected = MetaTemplates.ImporterFor(asset, isFolder);
                // Assets we would give a DefaultImporter (images, models...) may carry Unity's own importer for their type.
                bool knownType = isFolder || expected != "DefaultImporter";
                if (knownType && parsed.Importer != expected)
                    problems.Add(new PackageProblem(meta, $"importer is {parsed.Importer}, Unity imports this asset with {expected}"));
            }
        }
    }
}
