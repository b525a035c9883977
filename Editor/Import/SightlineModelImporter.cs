#nullable enable
using System;
using System.IO;
using Sightline.Unity.Models;
using UnityEditor.AssetImporters;
using UnityEngine;

namespace Sightline.Editor.Import
{
    /// <summary>
    /// Imports Sightline model files (.slmodel), checkpoints (.slckpt) and, where chosen, .onnx files (Sightline exports
    /// and torchvision-layout AlexNets) as <see cref="SightlineModel"/> assets holding the model alone (spec, weights,
    /// labels, normalisation): a checkpoint's momentum and run history stay in the training file. A file that does
    /// not load still becomes an (empty) asset, with the reason in the Console, so references to it are kept.
    /// </summary>
    /// <remarks>
    /// <c>.onnx</c> is an override extension: Unity rejects every importer of an extension that two importers claim,
    /// so claiming it outright would stop Sentis or Barracuda (and this package) importing any .onnx file.
    /// <see cref="OnnxImporterChoice"/> picks this importer for .onnx files that no other importer handles.
    /// Version 2: assets of version 1 held the whole checkpoint; Unity reimports them with this version.
    /// </remarks>
    [ScriptedImporter(2, new[] { CheckpointExtension, ModelExtension }, new[] { OnnxExtension })]
    public sealed class SightlineModelImporter : ScriptedImporter
    {
        /// <summary>The extensions this importer owns.</summary>
        public const string CheckpointExtension = "slckpt";
        public const string ModelExtension = "slmodel";
        /// <summary>The extension this importer handles when chosen for a file (Inspector: Importer).</summary>
        public const string OnnxExtension = "onnx";
        /// <summary>The project's StreamingAssets folder, which Unity copies into every player build.</summary>
        public const string ProjectStreamingAssets = "Assets/StreamingAssets";

        [Tooltip("Keep the model's weights in Assets/StreamingAssets/Sightline (copied into builds as a file) instead of in the asset: for models above 100 MB, which then load from disk when a classifier starts instead of with the scene. Not on Android or WebGL, where StreamingAssets are not files.")]
        public bool keepInStreamingAssets;

        public override void OnImportAsset(AssetImportContext ctx)
        {
            var asset = ScriptableObject.CreateInstance<SightlineModel>();
            try
            {
                var model = ModelImport.Read(ctx.assetPath, File.ReadAllBytes(ctx.assetPath));
                ModelImport.Fill(asset, model, ctx.assetPath, keepInStreamingAssets, ProjectStreamingAssets);
            }
            catch (Exception e)
            {
                ctx.LogImportError($"{ctx.assetPath}: not a model Sightline can load: {e.Message}");
            }
            ctx.AddObjectToAsset("model", asset);
            ctx.SetMainObject(asset);
        }
    }
}
