using UnityShim;

namespace UnityEngine
{
    public struct Vector2
    {
        public float x;
        public float y;
        public Vector2(float x, float y) { this.x = x; this.y = y; }
        public static Vector2 zero => throw ShimError.NotInUnity();
    }

    public struct Vector3
    {
        public float x;
        public float y;
        public float z;
        public Vector3(float x, float y, float z) { this.x = x; this.y = y; this.z = z; }
        public Vector3(float x, float y) { this.x = x; this.y = y; z = 0f; }
        public static Vector3 zero => throw ShimError.NotInUnity();
        public static Vector3 one => throw ShimError.NotInUnity();
        public static Vector3 up => throw ShimError.NotInUnity();
        public static Vector3 operator +(Vector3 a, Vector3 b) => throw ShimError.NotInUnity();
        public static Vector3 operator -(Vector3 a, Vector3 b) => throw ShimError.NotInUnity();
        public static Vector3 operator *(Vector3 a, float d) => throw ShimError.NotInUnity();
    }

    public struct Quaternion
    {
        public float x;
        public float y;
        public float z;
        public float w;
        public Quaternion(float x, float y, float z, float w) { this.x = x; this.y = y; this.z = z; this.w = w; }
        public static Quaternion identity => throw ShimError.NotInUnity();
        public static Quaternion Euler(float x, float y, float z) => throw ShimError.NotInUnity();
    }

    public struct Bounds
    {
        public Bounds(Vector3 center, Vector3 size) => throw ShimError.NotInUnity();
        public Vector3 center { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public Vector3 extents { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public Vector3 min { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public Vector3 max { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public void Encapsulate(Bounds bounds) => throw ShimError.NotInUnity();
    }

    public struct Rect
    {
        public Rect(float x, float y, float width, float height) => throw ShimError.NotInUnity();
        public float x { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public float y { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public float width { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public float height { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public float xMin { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public float yMin { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public float xMax { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public float yMax { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
    }

    public struct Color
    {
        public float r;
        public float g;
        public float b;
        public float a;
        public Color(float r, float g, float b, float a) { this.r = r; this.g = g; this.b = b; this.a = a; }
        public Color(float r, float g, float b) { this.r = r; this.g = g; this.b = b; a = 1f; }
        public static Color white => throw ShimError.NotInUnity();
        public static Color black => throw ShimError.NotInUnity();
        public static Color gray => throw ShimError.NotInUnity();
        public static Color red => throw ShimError.NotInUnity();
        public static Color green => throw ShimError.NotInUnity();
        public static Color yellow => throw ShimError.NotInUnity();
        public static Color Lerp(Color a, Color b, float t) => throw ShimError.NotInUnity();
    }

    public struct Color32
    {
        public byte r;
        public byte g;
        public byte b;
        public byte a;
        public Color32(byte r, byte g, byte b, byte a) { this.r = r; this.g = g; this.b = b; this.a = a; }
    }

    public static class Mathf
    {
        public static int Max(int a, int b) => throw ShimError.NotInUnity();
        public static float Max(float a, float b) => throw ShimError.NotInUnity();
        public static int Min(int a, int b) => throw ShimError.NotInUnity();
        public static float Min(float a, float b) => throw ShimError.NotInUnity();
        public static float Clamp01(float value) => throw ShimError.NotInUnity();
    }
}
