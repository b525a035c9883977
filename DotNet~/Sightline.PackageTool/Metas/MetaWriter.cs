using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using Sightline.PackageTool.Assets;

namespace Sightline.PackageTool.Metas
{
    /// <summary>Creates the .meta files the package lacks and, when asked, deletes orphaned ones.</summary>
    public static class MetaWriter
    {
        /// <summary>A new GUID: 128 bits from the cryptographic RNG as 32 lowercase hex characters.</summary>
        public static string NewGuid()
        {
            Span<byte> bytes = stackalloc byte[16];
            do RandomNumberGenerator.Fill(bytes);
            while (IsZero(bytes));
            return Convert.ToHexString(bytes).ToLowerInvariant();
        }

        static bool IsZero(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes) if (b != 0) return false;
            return true;
        }

        /// <summary>Writes a .meta for every importable file and folder without one; returns the metas created.</summary>
        public static IReadOnlyList<string> CreateMissing(string root)
        {
            var assets = PackageAssets.Scan(root);
            var existing = new HashSet<string>(assets.Metas, StringComparer.Ordinal);
            var created = new List<string>();
            foreach (var folder in assets.Folders) Write(assets, folder, isFolder: true, existing, created);
            foreach (var file in assets.Files) Write(assets, file, isFolder: false, existing, created);
            return created;
        }

        static void Write(PackageAssets assets, string relative, bool isFolder, HashSet<string> existing, List<string> created)
        {
            string meta = relative + ".meta";
            if (existing.Contains(meta)) return;
            File.WriteAllText(assets.FullPath(meta), MetaTemplates.Create(relative, isFolder, NewGuid()));
            created.Add(meta);
        }

        /// <summary>Deletes .meta files whose asset no longer exists (or is no longer imported); returns them.</summary>
        public static IReadOnlyList<string> PruneOrphans(string root)
        {
            var assets = PackageAssets.Scan(root);
            var pruned = new List<string>();
            foreach (var meta in MetaChecks.Orphans(assets))
            {
                File.Delete(assets.FullPath(meta));
                pruned.Add(meta);
            }
            return pruned;
        }
    }
}
