using System;
using UnityShim;

namespace UnityEngine
{
    public class Object
    {
        public string name { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public HideFlags hideFlags { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public int GetInstanceID() => throw ShimError.NotInUnity();
        public static void Destroy(Object obj) => throw ShimError.NotInUnity();
        public static void DestroyImmediate(Object obj) => throw ShimError.NotInUnity();
        public static void DontDestroyOnLoad(Object target) => throw ShimError.NotInUnity();
        public static T Instantiate<T>(T original) where T : Object => throw ShimError.NotInUnity();
        public static implicit operator bool(Object exists) => throw ShimError.NotInUnity();
        public static bool operator ==(Object x, Object y) => throw ShimError.NotInUnity();
        public static bool operator !=(Object x, Object y) => throw ShimError.NotInUnity();
        public override bool Equals(object other) => throw ShimError.NotInUnity();
        public override int GetHashCode() => throw ShimError.NotInUnity();
        public override string ToString() => throw ShimError.NotInUnity();
    }

    [Flags]
    public enum HideFlags
    {
        None = 0,
        HideInHierarchy = 1,
        HideInInspector = 2,
        DontSaveInEditor = 4,
        NotEditable = 8,
        DontSaveInBuild = 16,
        DontUnloadUnusedAsset = 32,
        DontSave = 52,
        HideAndDontSave = 61,
    }

    public class Component : Object
    {
        public GameObject gameObject => throw ShimError.NotInUnity();
        public Transform transform => throw ShimError.NotInUnity();
        public T GetComponent<T>() => throw ShimError.NotInUnity();
        public bool TryGetComponent<T>(out T component) => throw ShimError.NotInUnity();
        public T[] GetComponents<T>() => throw ShimError.NotInUnity();
        public T[] GetComponentsInChildren<T>() => throw ShimError.NotInUnity();
        public T[] GetComponentsInChildren<T>(bool includeInactive) => throw ShimError.NotInUnity();
    }

    public class Behaviour : Component
    {
        public bool enabled { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public bool isActiveAndEnabled => throw ShimError.NotInUnity();
    }

    public class MonoBehaviour : Behaviour
    {
    }

    public class ScriptableObject : Object
    {
        public static T CreateInstance<T>() where T : ScriptableObject => throw ShimError.NotInUnity();
    }

    public sealed class GameObject : Object
    {
        public GameObject() => throw ShimError.NotInUnity();
        public GameObject(string name) => throw ShimError.NotInUnity();
        public GameObject(string name, params Type[] components) => throw ShimError.NotInUnity();
        public Transform transform => throw ShimError.NotInUnity();
        public bool activeInHierarchy => throw ShimError.NotInUnity();
        public string tag { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public T AddComponent<T>() where T : Component => throw ShimError.NotInUnity();
        public T GetComponent<T>() => throw ShimError.NotInUnity();
        public T[] GetComponentsInChildren<T>() => throw ShimError.NotInUnity();
        public void SetActive(bool value) => throw ShimError.NotInUnity();
        public static GameObject CreatePrimitive(PrimitiveType type) => throw ShimError.NotInUnity();
    }

    public enum PrimitiveType
    {
        Sphere = 0,
        Capsule = 1,
        Cylinder = 2,
        Cube = 3,
        Plane = 4,
        Quad = 5,
    }

    public class Transform : Component
    {
        public Vector3 position { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public Quaternion rotation { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public Vector3 localScale { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public Vector3 eulerAngles { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public Transform parent { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public void SetParent(Transform parent) => throw ShimError.NotInUnity();
        public void LookAt(Vector3 worldPosition) => throw ShimError.NotInUnity();
        public void RotateAround(Vector3 point, Vector3 axis, float angle) => throw ShimError.NotInUnity();
    }
}
