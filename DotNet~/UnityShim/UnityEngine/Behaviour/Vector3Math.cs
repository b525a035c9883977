using System;

namespace UnityEngine
{
    // Vector3 behaviour the package and the player harness rely on. Members and their meaning as in Unity 2022.3's
    // Runtime/Export/Math/Vector3.cs (Normalize returns zero at or below a magnitude of kEpsilon = 1e-5).
    public partial struct Vector3
    {
        public const float kEpsilon = 0.00001F;

        public static Vector3 forward => new Vector3(0f, 0f, 1f);
        public static Vector3 back => new Vector3(0f, 0f, -1f);
        public static Vector3 down => new Vector3(0f, -1f, 0f);
        public static Vector3 left => new Vector3(-1f, 0f, 0f);
        public static Vector3 right => new Vector3(1f, 0f, 0f);

        public static Vector3 operator -(Vector3 a) => new Vector3(-a.x, -a.y, -a.z);
        public static Vector3 operator *(float d, Vector3 a) => a * d;
        public static Vector3 operator /(Vector3 a, float d) => new Vector3(a.x / d, a.y / d, a.z / d);

        public static float Dot(Vector3 lhs, Vector3 rhs) => lhs.x * rhs.x + lhs.y * rhs.y + lhs.z * rhs.z;

        public static Vector3 Cross(Vector3 lhs, Vector3 rhs) =>
            new Vector3(lhs.y * rhs.z - lhs.z * rhs.y, lhs.z * rhs.x - lhs.x * rhs.z, lhs.x * rhs.y - lhs.y * rhs.x);

        public static float Magnitude(Vector3 vector) => (float)Math.Sqrt(Dot(vector, vector));
        public float magnitude => Magnitude(this);
        public float sqrMagnitude => Dot(this, this);

        public static Vector3 Normalize(Vector3 value)
        {
            float length = Magnitude(value);
            return length > kEpsilon ? value / length : zero;
        }

        public Vector3 normalized => Normalize(this);

        public static float Distance(Vector3 a, Vector3 b) => Magnitude(a - b);
        public static Vector3 Scale(Vector3 a, Vector3 b) => new Vector3(a.x * b.x, a.y * b.y, a.z * b.z);
        public static Vector3 Min(Vector3 lhs, Vector3 rhs) => new Vector3(Math.Min(lhs.x, rhs.x), Math.Min(lhs.y, rhs.y), Math.Min(lhs.z, rhs.z));
        public static Vector3 Max(Vector3 lhs, Vector3 rhs) => new Vector3(Math.Max(lhs.x, rhs.x), Math.Max(lhs.y, rhs.y), Math.Max(lhs.z, rhs.z));

        public override string ToString() => $"({x:F2}, {y:F2}, {z:F2})";
    }
}
