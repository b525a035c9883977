#nullable enable
using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Sightline.Model;
using Sightline.Model.Files;
using Sightline.Onnx;
using Sightline.Training.Checkpoints;
using Sightline.Unity.Models;

namespace Sightline.Editor.Import
{
    /// <summary>
    /// What the model importer does with a file, without Unity's import context (so tests run it): read the model out
    /// of an .onnx, .slmodel or .slckpt file (a checkpoint's training state is dropped here) and fill the asset with
    /// the model alone, in the asset or as a model file in the project's StreamingAssets folder.
    /// </summary>
    public static class ModelImport
    {
        /// <summary>Models above this size are worth keeping in StreamingAssets (the Inspector says so).</summary>
        public const long StreamingAdviceBytes = 100L * 1024 * 1024;

        /// <summary>The model in <paramref name="bytes"/>, read by the format <paramref name="assetPath"/>'s extension names.</summary>
        public static TrainedModel Read(string assetPath, byte[] bytes)
        {
            if (assetPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) return OnnxImporter.Read(bytes, assetPath);
            if (assetPath.EndsWith(TrainedModelFile.Extension, StringComparison.OrdinalIgnoreCase)) return TrainedModelFile.Parse(assetPath, bytes);
            return CheckpointFile.Parse(assetPath, bytes).Model;
        }

        /// <summary>
        /// Fills <paramref name="asset"/> with <paramref name="model"/>: its model-file bytes, or, with
        /// <paramref name="keepInStreamingAssets"/>, a model file written to <paramref name="streamingAssetsFolder"/>
        /// (the project's Assets/StreamingAssets) and only its name in the asset. Returns the file written, or null.
        /// </summary>
        public static string? Fill(SightlineModel asset, TrainedModel model, string assetPath, bool keepInStreamingAssets, string streamingAssetsFolder)
        {
            string relative = StreamingName(assetPath);
            string file = Path.Combine(streamingAssetsFolder, relative);
            if (!keepInStreamingAssets)
            {
                // A copy left from when the option was ticked would ship in every build for nothing.
                if (File.Exists(file)) File.Delete(file);
                asset.SetModel(model, assetPath);
                return null;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            TrainedModelFile.Save(file, model);
            asset.SetStreamingModel(model, relative, assetPath);
            return file;
        }

        /// <summary>
        /// The model file's path inside StreamingAssets: Sightline/name-hash.slmodel.bin, the hash of the asset path
        /// telling apart assets of one name. ".bin" keeps Unity from importing the copy as a model again.
        /// </summary>
        public static string StreamingName(string assetPath)
        {
            byte[] hash;
            using (var sha = SHA256.Create()) hash = sha.ComputeHash(Encoding.UTF8.GetBytes(assetPath.Replace('\\', '/')));
            var hex = new StringBuilder();
            for (int i = 0; i < 4; i++) hex.Append(hash[i].ToString("x2"));
            return SightlineModel.StreamingFolder + "/" + Path.GetFileNameWithoutExtension(assetPath) + "-" + hex + TrainedModelFile.Extension + ".bin";
        }
    }
}
