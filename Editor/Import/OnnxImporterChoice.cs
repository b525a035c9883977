#nullable enable
using System.Collections.Generic;
using UnityEditor;
using UnityEditor.AssetImporters;
using UnityEngine;

namespace Sightline.Editor.Import
{
    /// <summary>
    /// After .onnx files import, chooses the Sightline importer for those no other package imports (Unity would
    /// otherwise keep them as plain files), and with Sentis or Barracuda installed leaves theirs in place and says
    /// once how to choose Sightline's for a file.
    /// </summary>
    public sealed class OnnxImporterChoice : AssetPostprocessor
    {
        // Defined by the Editor asmdef's versionDefines when those packages are installed.
#if SIGHTLINE_SENTIS || SIGHTLINE_BARRACUDA
        const bool OtherOnnxPackage = true;
#else
        const bool OtherOnnxPackage = false;
#endif
        static bool s_explained;

        static void OnPostprocessAllAssets(string[] importedAssets, string[] deletedAssets, string[] movedAssets, string[] movedFromAssetPaths)
        {
            List<string>? choose = null;
            foreach (var path in importedAssets)
            {
                if (!path.EndsWith(".onnx", System.StringComparison.OrdinalIgnoreCase)) continue;
                var defaultImporter = AssetDatabase.GetDefaultImporter(path);
                bool defaultIsScripted = defaultImporter != null && typeof(ScriptedImporter).IsAssignableFrom(defaultImporter);
                switch (OnnxImportPolicy.Decide(path, AssetDatabase.GetImporterOverride(path), defaultIsScripted, OtherOnnxPackage))
                {
                    case OnnxImportAction.ChooseSightline:
                        (choose ??= new List<string>()).Add(path);
                        break;
                    case OnnxImportAction.ExplainChoice:
                        if (s_explained) break;
                        s_explained = true;
                        Debug.Log($"Sightline: {path} is imported by {defaultImporter?.Name ?? "another package"}. To use an .onnx file with a Sightline Classifier, select it and choose Importer: {nameof(SightlineModelImporter)} in the Inspector, or use Assets > Sightline > Import as Sightline Model.");
                        break;
                }
            }
            if (choose == null) return;
            // Changing an importer re-imports the file: not from inside this import, so after it.
            EditorApplication.delayCall += () =>
            {
                foreach (var path in choose) AssetDatabase.SetImporterOverride<SightlineModelImporter>(path);
            };
        }

        [MenuItem("Assets/Sightline/Import as Sightline Model", false, 1100)]
        static void ImportSelectedAsSightline()
        {
            foreach (var path in SelectedOnnxPaths()) AssetDatabase.SetImporterOverride<SightlineModelImporter>(path);
        }

        [MenuItem("Assets/Sightline/Import as Sightline Model", true)]
        static bool CanImportSelectedAsSightline() => SelectedOnnxPaths().Count > 0;

        static List<string> SelectedOnnxPaths()
        {
            var paths = new List<string>();
            foreach (var obj in Selection.objects)
            {
                string path = AssetDatabase.GetAssetPath(obj);
                if (path.EndsWith(".onnx", System.StringComparison.OrdinalIgnoreCase)) paths.Add(path);
            }
            return paths;
        }
    }
}
