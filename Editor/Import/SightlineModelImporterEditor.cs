#nullable enable
using Sightline.Unity.Models;
using UnityEditor;
using UnityEditor.AssetImporters;
using UnityEngine;

namespace Sightline.Editor.Import
{
    /// <summary>
    /// The model importer's Inspector: what the asset holds (spec, classes, input size, normalisation, parameter
    /// count, where the weights are), a "Check" button that runs one inference on the CPU engine, and the import
    /// settings (Keep in StreamingAssets) with Unity's Apply/Revert.
    /// </summary>
    [CustomEditor(typeof(SightlineModelImporter))]
    public sealed class SightlineModelImporterEditor : ScriptedImporterEditor
    {
        string _check = "";

        public override void OnInspectorGUI()
        {
            var model = assetTarget as SightlineModel;
            if (model == null || model.IsEmpty)
                EditorGUILayout.HelpBox("This file did not import as a model: the Console names the reason.", MessageType.Error);
            else
            {
                EditorGUILayout.LabelField("Network", model.Spec);
                EditorGUILayout.LabelField("Classes", $"{model.Labels.Length}: {string.Join(", ", model.Labels)}");
                EditorGUILayout.LabelField("Input size", $"{model.InputSize} x {model.InputSize}");
                EditorGUILayout.LabelField("Normalisation", model.Normalization);
                EditorGUILayout.LabelField("Parameters", model.ParameterCount.ToString("N0"));
                EditorGUILayout.LabelField("Weights", string.IsNullOrEmpty(model.StreamingFile)
                    ? $"in the asset ({model.StoredBytes / (1024.0 * 1024.0):0.0} MB)"
                    : $"StreamingAssets/{model.StreamingFile}");
                if (string.IsNullOrEmpty(model.StreamingFile) && model.StoredBytes > ModelImport.StreamingAdviceBytes)
                    EditorGUILayout.HelpBox("Above 100 MB: consider Keep In Streaming Assets, so scenes that reference the model do not carry its weights.", MessageType.Info);
                if (GUILayout.Button("Check (one inference on the CPU engine)")) _check = ModelCheck.Run(model.File);
                if (_check.Length > 0) EditorGUILayout.HelpBox(_check, _check.StartsWith("OK") ? MessageType.Info : MessageType.Error);
            }
            base.OnInspectorGUI();
        }
    }
}
