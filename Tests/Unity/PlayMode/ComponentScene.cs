using System.Collections.Generic;
using UnityEngine;

namespace Sightline.Tests.Unity
{
    /// <summary>A camera looking at a labelled cube, torn down after each Play Mode test.</summary>
    sealed class ComponentScene
    {
        readonly List<GameObject> _objects = new List<GameObject>();

        public ComponentScene()
        {
            var cameraObject = Track(new GameObject("Test Camera", typeof(Camera)));
            cameraObject.transform.position = new Vector3(0f, 0.5f, -3f);
            cameraObject.transform.LookAt(new Vector3(0f, 0.5f, 0f));
            Camera = cameraObject.GetComponent<Camera>();
            Cube = Track(GameObject.CreatePrimitive(PrimitiveType.Cube));
            Cube.transform.position = new Vector3(0f, 0.5f, 0f);
        }

        public Camera Camera { get; }
        public GameObject Cube { get; }

        public GameObject Track(GameObject go)
        {
            _objects.Add(go);
            return go;
        }

        public void Destroy()
        {
            foreach (var go in _objects)
                if (go != null) Object.Destroy(go);
        }
    }
}
