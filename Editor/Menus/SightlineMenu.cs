#nullable enable
using Sightline.Unity.Capture;
using Sightline.Unity.Classification;
using Sightline.Unity.Overlay;
using UnityEditor;
using UnityEngine;

namespace Sightline.Editor.Menus
{
    /// <summary>
    /// GameObject menu items that set up the components on the main camera or the selected object. Every change goes
    /// through Undo (so Edit > Undo reverts it and the scene is marked modified) and is recorded as a prefab override
    /// when the object is a prefab instance.
    /// </summary>
    public static class SightlineMenu
    {
        /// <summary>
        /// Unity's MenuItem gives GameObject items priority 1000 unless told otherwise, and gives old "Create Other"
        /// items 10 so that they reach the Hierarchy's + (create) menu; low priorities are creation items. These
        /// items create nothing, so they take 1000 and after, beside Unity's own actions on existing objects.
        /// </summary>
        public const int MenuPriority = 1000;

        [MenuItem("GameObject/Sightline/Classifier on Main Camera", false, MenuPriority)]
        public static void AddClassifier()
        {
            var camera = MainCamera();
            if (camera == null) return;
            var classifier = AddOrGet<SightlineClassifier>(camera.gameObject);
            Undo.RecordObject(classifier, "Set Sightline Classifier source");
            classifier.SetSource(camera);
            Changed(classifier);
            Selection.activeObject = camera.gameObject;
        }

        [MenuItem("GameObject/Sightline/Frame Capture on Main Camera", false, MenuPriority + 1)]
        public static void AddFrameCapture()
        {
            var camera = MainCamera();
            if (camera == null) return;
            AddOrGet<FrameCapture>(camera.gameObject);
            Selection.activeObject = camera.gameObject;
        }

        [MenuItem("GameObject/Sightline/Label Selected Object", false, MenuPriority + 2)]
        public static void LabelSelected()
        {
            var selected = Selection.activeObject as GameObject;
            if (selected == null)
            {
                EditorUtility.DisplayDialog("Sightline", "Select the scene object to label first.", "OK");
                return;
            }
            var label = AddOrGet<SightlineLabel>(selected);
            if (!string.IsNullOrEmpty(label.Label)) return;
            Undo.RecordObject(label, "Set Sightline label");
            label.SetLabel(selected.name.ToLowerInvariant());
            Changed(label);
        }

        [MenuItem("GameObject/Sightline/Overlay on Main Camera", false, MenuPriority + 3)]
        public static void AddOverlay()
        {
            var camera = MainCamera();
            if (camera == null) return;
            var overlay = AddOrGet<SightlineOverlay>(camera.gameObject);
            var classifier = camera.GetComponent<SightlineClassifier>();
            if (classifier != null && overlay.Classifier == null)
            {
                Undo.RecordObject(overlay, "Set Sightline Overlay classifier");
                overlay.SetClassifier(classifier);
                Changed(overlay);
            }
            Selection.activeObject = camera.gameObject;
        }

        static Camera? MainCamera()
        {
            var camera = Camera.main;
            if (camera == null) EditorUtility.DisplayDialog("Sightline", "The scene has no camera tagged MainCamera.", "OK");
            return camera;
        }

        static T AddOrGet<T>(GameObject target) where T : Component
        {
            // Not '??': a missing component is a Unity "fake null" object in the Editor, which only == recognises.
            var component = target.GetComponent<T>();
            if (component == null) component = Undo.AddComponent<T>(target);
            return component;
        }

        static void Changed(Object component)
        {
            EditorUtility.SetDirty(component);
            PrefabUtility.RecordPrefabInstancePropertyModifications(component);
        }
    }
}
