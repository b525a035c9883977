#nullable enable
using System;
using System.IO;
using Sightline.Model;
using Sightline.Model.Files;
using Sightline.Onnx;

namespace Sightline.Unity.Models
{
    /// <summary>
    /// The bytes of a model asset, or the StreamingAssets file that holds them, taken on the main thread so they can
    /// be read and parsed on a worker thread (Unity objects are touched only on the main thread; this is a plain object).
    /// </summary>
    public sealed class ModelFile
    {
        public ModelFile(byte[] bytes, ModelFormat format, string source)
        {
            Bytes = bytes ?? throw new ArgumentNullException(nameof(bytes));
            Format = format;
            Source = source ?? "";
        }

        /// <summary>A model file (.slmodel format) kept outside the asset, at <paramref name="path"/>.</summary>
        public static ModelFile AtPath(string path, string source) => new ModelFile(Array.Empty<byte>(), ModelFormat.Model, source) { FilePath = path };

        public byte[] Bytes { get; }
        public ModelFormat Format { get; }
        public string Source { get; }
        /// <summary>Where the bytes are read from when the asset keeps them in StreamingAssets (null: <see cref="Bytes"/>).</summary>
        public string? FilePath { get; private set; }

        /// <summary>Reads (when kept in StreamingAssets) and parses the network; errors name <see cref="Source"/>.</summary>
        public TrainedModel Load()
        {
            if (FilePath != null) return TrainedModelFile.Parse(Source, ReadStreamed(FilePath));
            if (Bytes.Length == 0) throw new InvalidOperationException($"model '{Source}' is empty: import an .onnx, .slmodel or .slckpt file");
            switch (Format)
            {
                case ModelFormat.Model: return TrainedModelFile.Parse(Source, Bytes);
                case ModelFormat.Onnx: return OnnxImporter.Read(Bytes, Source);
                default:
                    // Assets imported by 0.1.0 held the whole checkpoint; reading one needs the training code, which
                    // players do not have. Reimporting keeps only the model.
                    throw new InvalidOperationException($"model '{Source}' holds a whole training checkpoint (imported by Sightline 0.1.0): reimport it (Assets > Reimport) so the asset keeps only the model");
            }
        }

        byte[] ReadStreamed(string path)
        {
            // Android keeps StreamingAssets inside the .apk and WebGL on a web server: their paths are URLs, which
            // File cannot open (Unity's UnityWebRequest can, on the main thread's terms).
            if (path.IndexOf("://", StringComparison.Ordinal) >= 0)
                throw new InvalidOperationException($"model '{Source}' is kept in StreamingAssets at '{path}', a URL on this platform that Sightline cannot read as a file: untick \"Keep in StreamingAssets\" in its import settings");
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"model '{Source}' is kept in StreamingAssets, but '{path}' cannot be read ({e.Message}); reimport the model or build the player again", e);
            }
        }
    }
}
