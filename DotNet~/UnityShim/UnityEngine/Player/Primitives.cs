using UnityEngine;

namespace UnityShim.Player
{
    /// <summary>
    /// GameObject.CreatePrimitive: a named object with a renderer whose mesh bounds are the primitive's size in Unity
    /// (cube, sphere and quad 1 unit across; cylinder and capsule 1 across and 2 tall; plane 10 by 10).
    /// </summary>
    internal static class Primitives
    {
        internal static GameObject Create(PrimitiveType type)
        {
            var gameObject = new GameObject(type.ToString());
            var renderer = (Renderer)Lifecycle.AddComponent(gameObject, typeof(Renderer));
            renderer.m_Primitive = type;
            renderer.m_LocalBounds = new Bounds(Vector3.zero, Size(type));
            return gameObject;
        }

        internal static Vector3 Size(PrimitiveType type)
        {
            switch (type)
            {
                case PrimitiveType.Cylinder:
                case PrimitiveType.Capsule:
                    return new Vector3(1f, 2f, 1f);
                case PrimitiveType.Plane:
                    return new Vector3(10f, 0f, 10f);
                case PrimitiveType.Quad:
                    return new Vector3(1f, 1f, 0f);
                default:
                    return Vector3.one;
            }
        }
    }
}
