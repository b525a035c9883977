#nullable enable
using Sightline.Samples.CaptureAndTrain;
using Sightline.Unity.Capture;
using UnityEditor;
using UnityEditor.SceneManagement;
using UnityEngine;

namespace Sightline.Samples.CaptureAndTrain.EditorTools
{
    /// <summary>
    /// Builds the sample scene from code: three labelled shapes on a ring (<see cref="CaptureAndTrainLayout"/>) and a
    /// camera circling inside it, looking outward, with a FrameCapture whose keys 1-3 capture as cube, sphere and
    /// cylinder.
    /// </summary>
    public static class CaptureAndTrainSceneBuilder
    {
        [MenuItem("Tools/Sightline Samples/Build Capture and Train Scene")]
        public static void Build()
        {
            if (!EditorSceneManager.SaveCurrentModifiedScenesIfUserWantsTo()) return;
            string path = EditorUtility.SaveFilePanelInProject("Save the sample scene", "CaptureAndTrain", "unity", "Where should the Capture and Train scene go?");
            if (string.IsNullOrEmpty(path)) return;

            var scene = EditorSceneManager.NewScene(NewSceneSetup.DefaultGameObjects, NewSceneMode.Single);
            var shapes = new[] { PrimitiveType.Cube, PrimitiveType.Sphere, PrimitiveType.Cylinder };
            var hotkeys = new LabelHotkey[shapes.Length];
            for (int i = 0; i < shapes.Length; i++)
            {
                string label = CaptureAndTrainLayout.Labels[i];
                var shape = GameObject.CreatePrimitive(shapes[i]);
                shape.name = shapes[i].ToString();
                var at = CaptureAndTrainLayout.ShapePosition(i);
                shape.transform.position = new Vector3(at.X, at.Y, at.Z);
                shape.AddComponent<SightlineLabel>().SetLabel(label);
                hotkeys[i] = new LabelHotkey(KeyCode.Alpha1 + i, label);
            }

            var camera = Camera.main;
            camera.gameObject.AddComponent<OrbitCamera>().Configure(CaptureAndTrainLayout.CameraPath, 0f);
            var capture = camera.gameObject.AddComponent<FrameCapture>();
            capture.SetLabelHotkeys(hotkeys);
            // Pixels (the built-in pipeline) measure what shows; bounds (URP, HDRP) overstate round shapes at the edge.
            capture.SetMinimumCoverage(capture.CoverageFromPixels ? CaptureAndTrainLayout.MinimumPixelCoverage : CaptureAndTrainLayout.MinimumCoverage);
            capture.SetInterval(CaptureAndTrainLayout.CaptureInterval);
            camera.gameObject.AddComponent<CaptureStatus>();
            EditorSceneManager.SaveScene(scene, path);
            Selection.activeObject = camera.gameObject;
            EditorUtility.DisplayDialog("Capture and Train", "Scene saved to " + path + ".\n\nPress Play, then R to start capturing (C for one frame labelled from the view, 1-3 for one frame labelled cube, sphere or cylinder). Frames go to SightlineData/Captures next to Assets/.", "OK");
        }
    }
}
