#nullable enable
using System;
using System.IO;
using Sightline.Unity.Models;
using UnityEditor.AssetImporters;
using UnityEngine;

namespace Sightline.Editor.Import
{
    /// <summary>
    /// Imports Sightline checkpoints (.slckpt) and, where chosen, .onnx files (Sightline exports and torchvision-layout
    /// AlexNets) as <see cref="SightlineModel"/> assets, checking on import that they load. A file that does not load
    /// still becomes an (empty) asset, with the reason in the Console, so references to it are kept.
    /// </summary>
    /// <remarks>
    /// <c>.onnx</c> is an override extension: Unity rejects every importer of an extension that two importers claim,
    /// so claiming it outright would stop Sentis or Barracuda (and this package) importing any .onnx file.
    /// <see cref="OnnxImporterChoice"/> picks this importer for .onnx files that no other importer handles.
    /// </remarks>
    [ScriptedImporter(1, new[] { CheckpointExtension }, new[] { OnnxExtension })]
    public sealed class SightlineModelImporter : ScriptedImporter
    {
        /// <summary>The extension this importer owns.</summary>
        public const string CheckpointExtension = "slckpt";
        /// <summary>The extension this importer handles when chosen for a file (Inspector: Importer).</summary>
        public const string OnnxExtension = "onnx";

        public override void OnImportAsset(AssetImportContext ctx)
        {
            var asset = ScriptableObject.CreateInstance<SightlineModel>();
            try
            {
                asset.SetContent(File.ReadAllBytes(ctx.assetPath), ModelFile.FormatOf(ctx.assetPath), ctx.assetPath);
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
