#nullable enable
using System;
using Sightline.Classification;
using Sightline.Onnx;
using Sightline.Training.Checkpoints;

namespace Sightline.Unity.Models
{
    /// <summary>
    /// The bytes of a model asset, taken on the main thread so they can be parsed on a worker thread (Unity objects
    /// are touched only on the main thread; this is a plain object).
    /// </summary>
    public sealed class ModelFile
    {
        public ModelFile(byte[] bytes, ModelFormat format, string source)
        {
            Bytes = bytes ?? throw new ArgumentNullException(nameof(bytes));
            Format = format;
            Source = source ?? "";
        }

        public byte[] Bytes { get; }
        public ModelFormat Format { get; }
        public string Source { get; }

        /// <summary>The format a file name implies: .onnx, or a checkpoint (.slckpt).</summary>
        public static ModelFormat FormatOf(string path) =>
            path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? ModelFormat.Onnx : ModelFormat.Checkpoint;

        /// <summary>Parses the network; errors name <see cref="Source"/>.</summary>
        public TrainedModel Load()
        {
            if (Bytes.Length == 0) throw new InvalidOperationException($"model '{Source}' is empty: import an .onnx or .slckpt file");
            return Format == ModelFormat.Onnx
                ? OnnxImporter.Read(Bytes, Source)
                : CheckpointModel.ToTrainedModel(CheckpointFile.Parse(Source, Bytes));
        }
    }
}
