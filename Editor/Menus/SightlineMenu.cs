using Sightline.Unity.Capture;
using Sightline.Unity.Classification;
using UnityEditor;
using UnityEngine;

namespace Sightline.Editor.Menus
{
    /// <summary>GameObject menu items that set up the components on the selected object (or the main camera).</summary>
    public static class SightlineMenu
    {
        [MenuItem("GameObject/Sightline/Classifier on Main Camera", false, 10)]
        public static void AddClassifier()
        {
            var camera = Camera.main;
            if (camera == null)
            {
                EditorUtility.DisplayDialog("Sightline", "The scene has no camera tagged MainCamera.", "OK");
                return;
            }
            // Not '??': a missing component is a Unity "fake null" object in the Editor, which only == recognises.
            var classifier = camera.GetComponent<SightlineClassifier>();
            if (classifier == null) classifier = camera.gameObject.AddComponent<SightlineClassifier>();
            classifier.SetSource(camera);
            Selection.activeObject = camera.gameObject;
        }

        [MenuItem("GameObject/Sightline/Frame Capture on Main Camera", false, 11)]
        public static void AddFrameCapture()
        {
            var camera = Camera.main;
            if (camera == null)
            {
                EditorUtility.DisplayDialog("Sightline", "The scene has no camera tagged MainCamera.", "OK");
                return;
            }
            if (camera.GetComponent<FrameCapture>() == null) camera.gameObject.AddComponent<FrameCapture>();
            Selection.activeObject = camera.gameObject;
        }

        [MenuItem("GameObject/Sightline/Label Selected Object", false, 12)]
        public static void LabelSelected()
        {
            var selected = Selection.activeObject as GameObject;
            if (selected == null)
            {
                EditorUtility.DisplayDialog("Sightline", "Select the scene object to label first.", "OK");
                return;
            }
            var label = selected.GetComponent<SightlineLabel>();
            if (label == null) label = selected.AddComponent<SightlineLabel>();
            if (string.IsNullOrEmpty(label.Label)) label.SetLabel(selected.name.ToLowerInvariant());
        }
    }
}
