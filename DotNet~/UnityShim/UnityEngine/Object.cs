using System;
using UnityShim;

namespace UnityEngine
{
    public partial class Object
    {
        public string name { get => GetName(); set => SetName(value); }
        public HideFlags hideFlags { get => m_HideFlags; set => m_HideFlags = value; }
        public int GetInstanceID() => m_InstanceID;
        public static void Destroy(Object obj) => UnityShim.Player.Lifecycle.Destroy(obj);
        public static void DestroyImmediate(Object obj) => UnityShim.Player.Lifecycle.DestroyNow(obj);
        public static void DontDestroyOnLoad(Object target) { }
        public static T Instantiate<T>(T original) where T : Object => throw ShimError.NotInUnity();
        public static implicit operator bool(Object exists) => !CompareBaseObjects(exists, null);
        public static bool operator ==(Object x, Object y) => CompareBaseObjects(x, y);
        public static bool operator !=(Object x, Object y) => !CompareBaseObjects(x, y);
        public override bool Equals(object other) => EqualsObject(other);
        public override int GetHashCode() => m_InstanceID;
        public override string ToString() => $"{GetName()} ({GetType().FullName})";
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

    public partial class Component : Object
    {
        public GameObject gameObject => m_GameObject;
        public Transform transform => m_GameObject == null ? null : m_GameObject.transform;
        public T GetComponent<T>() => m_GameObject.GetComponent<T>();
        public bool TryGetComponent<T>(out T component) { component = GetComponent<T>(); return component != null; }
        public T[] GetComponents<T>() => throw ShimError.NotInUnity();
        public T[] GetComponentsInChildren<T>() => m_GameObject.GetComponentsInChildren<T>();
        public T[] GetComponentsInChildren<T>(bool includeInactive) => m_GameObject.GetComponentsInChildren<T>(includeInactive);
    }

    public partial class Behaviour : Component
    {
        public bool enabled { get => m_Enabled; set => UnityShim.Player.Lifecycle.SetEnabled(this, value); }
        public bool isActiveAndEnabled => m_Enabled && m_GameObject != null && m_GameObject.activeInHierarchy;
    }

    public class MonoBehaviour : Behaviour
    {
    }

    public partial class ScriptableObject : Object
    {
        public static T CreateInstance<T>() where T : ScriptableObject => (T)UnityShim.Player.Lifecycle.CreateScriptableObject(typeof(T));
    }

    public sealed partial class GameObject : Object
    {
        public GameObject() => Init("New Game Object", Array.Empty<Type>());
        public GameObject(string name) => Init(name, Array.Empty<Type>());
        public GameObject(string name, params Type[] components) => Init(name, components);
        public Transform transform => m_Transform;
        public bool activeInHierarchy => m_Active && (m_Transform.parent == null || m_Transform.parent.gameObject.activeInHierarchy);
        public string tag { get => m_Tag; set => m_Tag = value; }
        public T AddComponent<T>() where T : Component => (T)UnityShim.Player.Lifecycle.AddComponent(this, typeof(T));
        public T GetComponent<T>() => FindComponent<T>();
        public T[] GetComponentsInChildren<T>() => GetComponentsInChildren<T>(false);
        public void SetActive(bool value) => UnityShim.Player.Lifecycle.SetActive(this, value);
        public static GameObject CreatePrimitive(PrimitiveType type) => UnityShim.Player.Primitives.Create(type);
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

    public partial class Transform : Component
    {
        // Unity's is protected; the shim's GameObject creates its Transform itself.
        protected internal Transform() { }

        public Vector3 position { get => GetPosition(); set => SetPosition(value); }
        public Quaternion rotation { get => GetRotation(); set => SetRotation(value); }
        public Vector3 localScale { get => m_LocalScale; set => m_LocalScale = value; }
        public Vector3 eulerAngles { get => rotation.eulerAngles; set => rotation = Quaternion.Euler(value); }
        public Transform parent { get => m_Parent; set => SetParent(value); }
        public void SetParent(Transform parent) => SetParent(parent, true);
        public void LookAt(Vector3 worldPosition) => LookAt(worldPosition, Vector3.up);
        public void RotateAround(Vector3 point, Vector3 axis, float angle) => RotateAroundPoint(point, axis, angle);
    }
}
