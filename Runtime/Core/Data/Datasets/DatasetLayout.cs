using System;
using System.IO;

namespace Sightline.Data
{
    /// <summary>File and folder names of a Sightline dataset and the image files an ImageFolder tree may hold.</summary>
    public static class DatasetLayout
    {
        public const string FramesFolder = "frames";
        public const string ManifestFile = "dataset.msgpack";
        /// <summary>Hidden folder for the writer's lock and the compiled caches; ImageFolder scanning skips names starting with '.'.</summary>
        public const string PrivateFolder = ".sightline";
        public const string TempSuffix = ".tmp";

        static readonly string[] ImageExtensions = { ".png", ".jpg", ".jpeg", ".bmp" };

        public static bool IsImageFile(string path)
        {
            string name = System.IO.Path.GetFileName(path);
            if (name.StartsWith(".", StringComparison.Ordinal)) return false;
            string ext = System.IO.Path.GetExtension(name);
            foreach (var e in ImageExtensions)
                if (string.Equals(ext, e, StringComparison.OrdinalIgnoreCase)) return true;
            return false;
        }

        public static bool IsHidden(string name) => name.StartsWith(".", StringComparison.Ordinal) || name.StartsWith("__", StringComparison.Ordinal);

        /// <summary>Split folder names that ImageFolder trees use above their class folders.</summary>
        public static bool TryParseSplitFolder(string name, out DatasetSplit split)
        {
            switch (name.ToLowerInvariant())
            {
                case "train":
                case "training":
                    split = DatasetSplit.Train;
                    return true;
                case "val":
                case "valid":
                case "validation":
                    split = DatasetSplit.Validation;
                    return true;
                case "test":
                case "testing":
                    split = DatasetSplit.Test;
                    return true;
                default:
                    split = DatasetSplit.Train;
                    return false;
            }
        }

        /// <summary>A label must be usable as one folder name on every platform.</summary>
        public static void ValidateLabel(string label)
        {
            if (string.IsNullOrWhiteSpace(label)) throw new ArgumentException("a label must not be empty", nameof(label));
            if (label != label.Trim()) throw new ArgumentException($"label '{label}' must not start or end with spaces", nameof(label));
            if (label == "." || label == ".." || label.StartsWith(".", StringComparison.Ordinal))
                throw new ArgumentException($"label '{label}' must not start with '.'", nameof(label));
            foreach (char c in label)
                if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|' || c < ' ')
                    throw new ArgumentException($"label '{label}' contains '{(c < ' ' ? "\\u" + ((int)c).ToString("x4") : c.ToString())}', which cannot be part of a folder name", nameof(label));
        }

        public static string ToRelative(string root, string path) =>
            System.IO.Path.GetFullPath(path).Substring(System.IO.Path.GetFullPath(root).TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar).Length + 1).Replace('\\', '/');

        public static string ToAbsolute(string root, string relative) =>
            System.IO.Path.GetFullPath(System.IO.Path.Combine(root, relative.Replace('/', System.IO.Path.DirectorySeparatorChar)));
    }
}
