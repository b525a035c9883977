#nullable enable
using Sightline.Samples.CameraClassifier;
using Sightline.Unity.Classification;
using Sightline.Unity.Engines;
using Sightline.Unity.Models;
using Sightline.Unity.Overlay;
using UnityEditor;
using UnityEditor.SceneManagement;
using UnityEngine;

namespace Sightline.Samples.CameraClassifier.EditorTools
{
    /// <summary>
    /// Builds the sample scene from code (no scene file to keep in step with the package's script GUIDs): a camera
    /// with a Sightline Classifier using the sample's model, and a cube, a sphere and a cylinder shown one at a time.
    /// </summary>
    public static class CameraClassifierSceneBuilder
    {
        /// <summary>The model shipped with the sample: the mini network trained on rendered cubes, spheres and cylinders.</summary>
        public const string ModelName = "ShapesMini";

        [MenuItem("Tools/Sightline Samples/Build Camera Classifier Scene")]
        public static void Build()
        {
            if (!EditorSceneManager.SaveCurrentModifiedScenesIfUserWantsTo()) return;
            string path = EditorUtility.SaveFilePanelInProject("Save the sample scene", "CameraClassifier", "unity", "Where should the Camera Classifier scene go?");
            if (string.IsNullOrEmpty(path)) return;

            var scene = EditorSceneManager.NewScene(NewSceneSetup.DefaultGameObjects, NewSceneMode.Single);
            var camera = Camera.main;
            camera.transform.position = new Vector3(0f, 1.6f, -3.5f);
            camera.transform.LookAt(new Vector3(0f, 0.5f, 0f));

            var ground = GameObject.CreatePrimitive(PrimitiveType.Plane);
            ground.name = "Ground";
            var shapes = new[] { PrimitiveType.Cube, PrimitiveType.Sphere, PrimitiveType.Cylinder };
            var objects = new GameObject[shapes.Length];
            for (int i = 0; i < shapes.Length; i++)
            {
                objects[i] = GameObject.CreatePrimitive(shapes[i]);
                objects[i].name = shapes[i].ToString();
                objects[i].transform.position = new Vector3(0f, shapes[i] == PrimitiveType.Cylinder ? 1f : 0.5f, 0f);
            }
            new GameObject("Shapes").AddComponent<ShapeCarousel>().SetShapes(objects);

            var classifier = camera.gameObject.AddComponent<SightlineClassifier>();
            classifier.SetSource(camera);
            var model = FindSampleModel();
            if (model != null) classifier.SetModel(model, EngineChoice.Auto);
            camera.gameObject.AddComponent<SightlineOverlay>().SetClassifier(classifier);
            camera.gameObject.AddComponent<ClassifyOnKey>();
            EditorSceneManager.SaveScene(scene, path);
            Selection.activeObject = camera.gameObject;
            EditorUtility.DisplayDialog("Camera Classifier", "Scene saved to " + path + ".\n\n" + (model != null
                ? $"The classifier uses the sample's model {ModelName}. Press Play."
                : $"The sample's model {ModelName}.onnx was not imported as a Sightline model (another package, such as Sentis, imports .onnx files here). Select it, choose Importer: SightlineModelImporter in the Inspector, assign it to the Sightline Classifier on the Main Camera, then press Play."), "OK");
        }

        static SightlineModel? FindSampleModel()
        {
            foreach (var guid in AssetDatabase.FindAssets(ModelName))
            {
                var model = AssetDatabase.LoadAssetAtPath<SightlineModel>(AssetDatabase.GUIDToAssetPath(guid));
                if (model != null && !model.IsEmpty) return model;
            }
            return null;
        }
    }
}
