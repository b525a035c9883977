using System;
using UnityEngine;
using UnityShim;
using Object = UnityEngine.Object;

namespace UnityEditor
{
    // Editor/Mono/Inspector/CustomEditor.cs (no AttributeUsage there: Unity's defaults).
    public class CustomEditor : Attribute
    {
        public CustomEditor(Type inspectedType) { }
        public CustomEditor(Type inspectedType, bool editorForChildClasses) { }
        public bool isFallback { get; set; }
    }

    // Editor/Mono/Inspector/Editor.cs.
    public class Editor : ScriptableObject
    {
        public virtual void OnInspectorGUI() => throw ShimError.NotInUnity();
    }
}

namespace UnityEditor.AssetImporters
{
    // Modules/AssetPipelineEditor/ImportSettings/AssetImporterEditor.cs.
    public abstract class AssetImporterEditor : Editor
    {
        protected internal Object assetTarget => throw ShimError.NotInUnity();
        public override void OnInspectorGUI() => throw ShimError.NotInUnity();
    }

    // Modules/AssetPipelineEditor/ImportSettings/ScriptedImporterEditor.cs.
    public class ScriptedImporterEditor : AssetImporterEditor
    {
    }
}
