using System;
using System.Collections.Generic;
using System.IO;
using Google.Protobuf;
using Sightline.Classification;
using Sightline.Model;
using Sightline.Onnx.Format;
using Sightline.Onnx.Proto;

namespace Sightline.Onnx
{
    /// <summary>
    /// Loads an AlexNet from ONNX into a <see cref="TrainedModel"/> any engine can run or fine-tune: Sightline's own
    /// exports (two towers as grouped Conv and Split/LRN/Concat) and PyTorch exports of torchvision's AlexNet (one
    /// tower, no LRN, an identity 6x6 average pool, Flatten, Gemm). Anything else fails with an
    /// <see cref="OnnxImportException"/> that names the file and the node.
    /// </summary>
    public static class OnnxImporter
    {
        public static TrainedModel Load(string path, OnnxImportOptions? options = null)
        {
            byte[] bytes;
            try { bytes = File.ReadAllBytes(path); }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OnnxImportException($"{path}: cannot read the ONNX file: {e.Message}", e);
            }
            return Read(bytes, path, options);
        }

        /// <param name="source">Names the model in error messages (a file path).</param>
        public static TrainedModel Read(byte[] bytes, string source, OnnxImportOptions? options = null)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            ModelProto model;
            try
            {
                model = ModelProto.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new OnnxImportException($"{source}: not a readable ONNX model (corrupted or truncated protobuf: {e.Message})", e);
            }
            return new GraphReader(model, source, options ?? new OnnxImportOptions()).Read();
        }

        /// <summary>
        /// The file's metadata_props (key to value; a repeated key keeps its last value): Sightline's own keys and any
        /// other producer's, such as the training statistics the cluster trainer adds.
        /// </summary>
        public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
        {
            ModelProto model;
            try
            {
                model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidProtocolBufferException)
            {
                throw new OnnxImportException($"{path}: cannot read the ONNX file's metadata: {e.Message}", e);
            }
            var props = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in model.MetadataProps) props[entry.Key] = entry.Value;
            return props;
        }

        internal static TrainedModel Read(ModelProto model, string source, OnnxImportOptions? options = null) =>
            new GraphReader(model, source, options ?? new OnnxImportOptions()).Read();
    }
}
