using System;
using System.IO;
using Sightline.Unity.Models;
using UnityEditor.AssetImporters;
using UnityEngine;

namespace Sightline.Editor.Import
{
    /// <summary>
    /// Imports .onnx files (Sightline exports and torchvision-layout AlexNets) and Sightline checkpoints (.slckpt)
    /// as <see cref="SightlineModel"/> assets, checking on import that they load. A file that does not load still
    /// becomes an (empty) asset, with the reason in the Console, so references to it are kept.
    /// </summary>
    [ScriptedImporter(1, new[] { "onnx", "slckpt" })]
    public sealed class SightlineModelImporter : ScriptedImporter
    {
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
