#nullable enable
using Sightline.Samples.CaptureAndTrain;
using Sightline.Unity.Capture;
using UnityEditor;
using UnityEditor.SceneManagement;
using UnityEngine;

namespace Sightline.Samples.CaptureAndTrain.EditorTools
{
    /// <summary>Builds the sample scene from code: labelled shapes, an orbiting camera with a FrameCapture.</summary>
    public static class CaptureAndTrainSceneBuilder
    {
        [MenuItem("Tools/Sightline Samples/Build Capture and Train Scene")]
        public static void Build()
        {
            if (!EditorSceneManager.SaveCurrentModifiedScenesIfUserWantsTo()) return;
            string path = EditorUtility.SaveFilePanelInProject("Save the sample scene", "CaptureAndTrain", "unity", "Where should the Capture and Train scene go?");
            if (string.IsNullOrEmpty(path)) return;

            var scene = EditorSceneManager.NewScene(NewSceneSetup.DefaultGameObjects, NewSceneMode.Single);
            // Three labelled shapes far enough apart that the orbiting camera sees one of them large at a time.
            var shapes = new[] { PrimitiveType.Cube, PrimitiveType.Sphere, PrimitiveType.Cylinder };
            for (int i = 0; i < shapes.Length; i++)
            {
                var shape = GameObject.CreatePrimitive(shapes[i]);
                shape.name = shapes[i].ToString();
                float angle = i * 120f * Mathf.Deg2Rad;
                shape.transform.position = new Vector3(Mathf.Sin(angle) * 3f, 0.5f, Mathf.Cos(angle) * 3f);
                shape.AddComponent<SightlineLabel>().SetLabel(shapes[i].ToString().ToLowerInvariant());
            }

            var camera = Camera.main;
            camera.transform.position = new Vector3(0f, 1.2f, 0f);
            camera.gameObject.AddComponent<OrbitCamera>();
            camera.gameObject.AddComponent<FrameCapture>();
            camera.gameObject.AddComponent<CaptureStatus>();
            EditorSceneManager.SaveScene(scene, path);
            Selection.activeObject = camera.gameObject;
            EditorUtility.DisplayDialog("Capture and Train", "Scene saved to " + path + ".\n\nPress Play, then R to start capturing (or C for one frame). Frames go to SightlineData/Captures next to Assets/.", "OK");
        }
    }
}
