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

    public partial struct Vector3
    {
        public float x;
        public float y;
        public float z;
        public Vector3(float x, float y, float z) { this.x = x; this.y = y; this.z = z; }
        public Vector3(float x, float y) { this.x = x; this.y = y; z = 0f; }
        public static Vector3 zero => new Vector3(0f, 0f, 0f);
        public static Vector3 one => new Vector3(1f, 1f, 1f);
        public static Vector3 up => new Vector3(0f, 1f, 0f);
        public static Vector3 operator +(Vector3 a, Vector3 b) => new Vector3(a.x + b.x, a.y + b.y, a.z + b.z);
        public static Vector3 operator -(Vector3 a, Vector3 b) => new Vector3(a.x - b.x, a.y - b.y, a.z - b.z);
        public static Vector3 operator *(Vector3 a, float d) => new Vector3(a.x * d, a.y * d, a.z * d);
    }

    public partial struct Quaternion
    {
        public float x;
        public float y;
        public float z;
        public float w;
        public Quaternion(float x, float y, float z, float w) { this.x = x; this.y = y; this.z = z; this.w = w; }
        public static Quaternion identity => new Quaternion(0f, 0f, 0f, 1f);
        public static Quaternion Euler(float x, float y, float z) => FromEulerDegrees(x, y, z);
    }

    public partial struct Bounds
    {
        public Bounds(Vector3 center, Vector3 size) { m_Center = center; m_Extents = size * 0.5f; }
        public Vector3 center { get => m_Center; set => m_Center = value; }
        public Vector3 extents { get => m_Extents; set => m_Extents = value; }
        public Vector3 min { get => m_Center - m_Extents; set => SetMinMax(value, max); }
        public Vector3 max { get => m_Center + m_Extents; set => SetMinMax(min, value); }
        public void Encapsulate(Bounds bounds) { Encapsulate(bounds.min); Encapsulate(bounds.max); }
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

    public partial struct Color
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

    public partial struct Mathf
    {
        public const float Deg2Rad = 0.0174532924F;
        public static float Sin(float f) => (float)System.Math.Sin(f);
        public static float Cos(float f) => (float)System.Math.Cos(f);
        public static int Max(int a, int b) => a > b ? a : b;
        public static float Max(float a, float b) => a > b ? a : b;
        public static int Min(int a, int b) => a < b ? a : b;
        public static float Min(float a, float b) => a < b ? a : b;
        public static float Clamp01(float value) => value < 0f ? 0f : value > 1f ? 1f : value;
    }
}
