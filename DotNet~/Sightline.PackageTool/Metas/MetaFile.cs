using System;
using System.Text.RegularExpressions;

namespace Sightline.PackageTool.Metas
{
    /// <summary>The parts of a .meta file the package check reads: format version, GUID, folder flag, importer.</summary>
    public sealed class MetaFile
    {
        static readonly Regex GuidLine = new Regex("^guid: ([0-9a-f]{32})$", RegexOptions.CultureInvariant);
        static readonly Regex ImporterLine = new Regex("^([A-Za-z]+Importer):\\s*$", RegexOptions.CultureInvariant);

        MetaFile(string guid, bool folderAsset, string importer)
        {
            Guid = guid;
            FolderAsset = folderAsset;
            Importer = importer;
        }

        public string Guid { get; }
        public bool FolderAsset { get; }
        public string Importer { get; }

        /// <summary>Parses a .meta; on failure returns null and says what is wrong in <paramref name="error"/>.</summary>
        public static MetaFile? TryParse(string text, out string error)
        {
            var lines = text.Replace("\r\n", "\n").Split('\n');
            if (lines.Length == 0 || lines[0].TrimEnd() != "fileFormatVersion: 2")
            {
                error = "malformed .meta: the first line must be 'fileFormatVersion: 2'";
                return null;
            }
            string? guid = null;
            string? importer = null;
            bool folder = false;
            for (int i = 1; i < lines.Length; i++)
            {
                string line = lines[i].TrimEnd();
                if (line.Length == 0 || line.StartsWith(" ", StringComparison.Ordinal) || line.StartsWith("-", StringComparison.Ordinal)) continue;
                if (line.StartsWith("guid:", StringComparison.Ordinal))
                {
                    var m = GuidLine.Match(line);
                    if (!m.Success)
                    {
                        error = $"malformed .meta: line {i + 1} '{line}' is not 'guid: ' and 32 lowercase hex characters";
                        return null;
                    }
                    guid = m.Groups[1].Value;
                }
                else if (line == "folderAsset: yes") folder = true;
                else if (ImporterLine.IsMatch(line))
                {
                    if (importer != null)
                    {
                        error = $"malformed .meta: two importer blocks ({importer}, line {i + 1} {line.TrimEnd(':')})";
                        return null;
                    }
                    importer = ImporterLine.Match(line).Groups[1].Value;
                }
                else if (line.StartsWith("timeCreated:", StringComparison.Ordinal) || line.StartsWith("licenseType:", StringComparison.Ordinal) || line == "labels:") continue;
                else
                {
                    error = $"malformed .meta: unexpected line {i + 1} '{line}'";
                    return null;
                }
            }
            if (guid == null)
            {
                error = "malformed .meta: no 'guid:' line";
                return null;
            }
            if (guid == new string('0', 32))
            {
                error = "malformed .meta: the GUID is all zeros, which Unity treats as no GUID";
                return null;
            }
            if (importer == null)
            {
                error = "malformed .meta: no importer block (such as 'DefaultImporter:')";
                return null;
            }
            error = "";
            return new MetaFile(guid, folder, importer);
        }
    }
}
