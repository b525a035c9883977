using System;
using System.Collections.Generic;
using System.IO;
using MessagePack;

namespace Sightline.Data
{
    /// <summary>Reads and atomically writes dataset.msgpack, checking that what it reads is consistent.</summary>
    public static class ManifestFile
    {
        public static byte[] Serialize(DatasetManifest manifest) => MessagePackSerializer.Serialize(manifest, DataFormatterResolver.Options);

        public static void Write(string path, DatasetManifest manifest) => AtomicFile.WriteAllBytes(path, Serialize(manifest));

        /// <summary>Reads and validates a manifest; any problem (unreadable, truncated, not msgpack, inconsistent) is a <see cref="DatasetException"/> naming the file.</summary>
        public static DatasetManifest Read(string path)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw DatasetException.At(path, "cannot read the manifest: " + e.Message, e);
            }
            if (bytes.Length == 0) throw DatasetException.At(path, "the manifest is empty (0 bytes)");
            DatasetManifest manifest;
            try
            {
                manifest = MessagePackSerializer.Deserialize<DatasetManifest>(bytes, DataFormatterResolver.Options);
            }
            catch (Exception e) when (e is MessagePackSerializationException || e is FormatException || e is EndOfStreamException || e is InvalidOperationException || e is OverflowException)
            {
                string why = e is MessagePackSerializationException && e.InnerException != null ? e.InnerException.Message : e.Message;
                throw DatasetException.At(path, "the manifest is corrupted: " + why, e);
            }
            Validate(path, manifest);
            return manifest;
        }

        static void Validate(string path, DatasetManifest manifest)
        {
            var labels = new HashSet<string>(StringComparer.Ordinal);
            foreach (var label in manifest.Labels)
            {
                try
                {
                    DatasetLayout.ValidateLabel(label);
                }
                catch (ArgumentException e)
                {
                    throw DatasetException.At(path, "the manifest is corrupted: " + e.Message);
                }
                if (!labels.Add(label)) throw DatasetException.At(path, $"the manifest is corrupted: label '{label}' is listed twice");
            }
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var frame in manifest.Frames)
            {
                if (!labels.Contains(frame.Label))
                    throw DatasetException.At(path, $"the manifest is corrupted: frame '{frame.Id}' has label '{frame.Label}', which is not in the label list");
                if (!ids.Add(frame.Id)) throw DatasetException.At(path, $"the manifest is corrupted: frame id '{frame.Id}' appears twice");
                if (!IsSafeFramePath(frame.Path))
                    throw DatasetException.At(path, $"the manifest is corrupted: frame '{frame.Id}' has path '{frame.Path}', which is not under {DatasetLayout.FramesFolder}/");
            }
        }

        static bool IsSafeFramePath(string relative)
        {
            if (!relative.StartsWith(DatasetLayout.FramesFolder + "/", StringComparison.Ordinal)) return false;
            foreach (var part in relative.Split('/'))
                if (part.Length == 0 || part == "." || part == ".." || part.IndexOf('\\') >= 0 || part.IndexOf(':') >= 0) return false;
            return true;
        }
    }
}
