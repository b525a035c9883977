#nullable enable
using Sightline.Samples.CameraClassifier;
using Sightline.Unity.Classification;
using UnityEditor;
using UnityEditor.SceneManagement;
using UnityEngine;

namespace Sightline.Samples.CameraClassifier.EditorTools
{
    /// <summary>Builds the sample scene from code (no scene file to keep in step with the package's script GUIDs).</summary>
    public static class CameraClassifierSceneBuilder
    {
        [MenuItem("Tools/Sightline Samples/Build Camera Classifier Scene")]
        public static void Build()
        {
            if (!EditorSceneManager.SaveCurrentModifiedScenesIfUserWantsTo()) return;
            string path = EditorUtility.SaveFilePanelInProject("Save the sample scene", "CameraClassifier", "unity", "Where should the Camera Classifier scene go?");
            if (string.IsNullOrEmpty(path)) return;

            var scene = EditorSceneManager.NewScene(NewSceneSetup.DefaultGameObjects, NewSceneMode.Single);
            var camera = Camera.main;
            camera.transform.position = new Vector3(0f, 1.5f, -4f);
            camera.transform.LookAt(new Vector3(0f, 0.5f, 0f));

            var shapes = new[] { PrimitiveType.Cube, PrimitiveType.Sphere, PrimitiveType.Cylinder };
            for (int i = 0; i < shapes.Length; i++)
            {
                var shape = GameObject.CreatePrimitive(shapes[i]);
                shape.name = shapes[i].ToString();
                shape.transform.position = new Vector3((i - 1) * 2.5f, 0.5f, 0f);
            }

            var classifier = camera.gameObject.AddComponent<SightlineClassifier>();
            classifier.SetSource(camera);
            camera.gameObject.AddComponent<ClassificationOverlay>();
            EditorSceneManager.SaveScene(scene, path);
            Selection.activeObject = camera.gameObject;
            EditorUtility.DisplayDialog("Camera Classifier", "Scene saved to " + path + ".\n\nAssign a model (an imported .onnx or .slckpt) to the Sightline Classifier on the Main Camera, then press Play.", "OK");
        }
    }
}
