using System;

namespace UnityEngine
{
    // Quaternion behaviour as documented for Unity 2022.3: the product and vector rotation of
    // Runtime/Export/Math/Quaternion.cs; Euler applies z, then x, then y degrees (Quaternion.Euler); LookRotation aligns
    // Z with forward and X with Cross(upwards, forward), returns identity for a zero forward and falls back to
    // FromToRotation(Vector3.forward, forward) when forward and upwards are colinear (Quaternion.LookRotation).
    public partial struct Quaternion
    {
        public const float kEpsilon = 0.000001F;

        public static Quaternion operator *(Quaternion lhs, Quaternion rhs) => new Quaternion(
            lhs.w * rhs.x + lhs.x * rhs.w + lhs.y * rhs.z - lhs.z * rhs.y,
            lhs.w * rhs.y + lhs.y * rhs.w + lhs.z * rhs.x - lhs.x * rhs.z,
            lhs.w * rhs.z + lhs.z * rhs.w + lhs.x * rhs.y - lhs.y * rhs.x,
            lhs.w * rhs.w - lhs.x * rhs.x - lhs.y * rhs.y - lhs.z * rhs.z);

        public static Vector3 operator *(Quaternion rotation, Vector3 point)
        {
            // v' = v + 2 q.xyz x (q.xyz x v + w v): the rotation of a unit quaternion, without building a matrix.
            var u = new Vector3(rotation.x, rotation.y, rotation.z);
            var t = Vector3.Cross(u, point) * 2f;
            return point + t * rotation.w + Vector3.Cross(u, t);
        }

        public static Quaternion Euler(Vector3 euler) => FromEulerDegrees(euler.x, euler.y, euler.z);

        public static Quaternion AngleAxis(float angle, Vector3 axis)
        {
            var n = axis.normalized;
            if (n.sqrMagnitude == 0f) return identity;
            double half = angle * Math.PI / 360.0;
            float s = (float)Math.Sin(half);
            return new Quaternion(n.x * s, n.y * s, n.z * s, (float)Math.Cos(half));
        }

        public static Quaternion Inverse(Quaternion rotation) => new Quaternion(-rotation.x, -rotation.y, -rotation.z, rotation.w);

        public static float Dot(Quaternion a, Quaternion b) => a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w;

        public static Quaternion FromToRotation(Vector3 fromDirection, Vector3 toDirection)
        {
            var from = fromDirection.normalized;
            var to = toDirection.normalized;
            if (from.sqrMagnitude == 0f || to.sqrMagnitude == 0f) return identity;
            float cos = Vector3.Dot(from, to);
            if (cos < -1f + 1e-6f)
            {
                // Opposite directions: half a turn about any axis at right angles to them.
                var axis = Vector3.Cross(Vector3.right, from);
                if (axis.sqrMagnitude < 1e-6f) axis = Vector3.Cross(Vector3.up, from);
                return AngleAxis(180f, axis);
            }
            var c = Vector3.Cross(from, to);
            return Normalized(new Quaternion(c.x, c.y, c.z, 1f + cos));
        }

        public static Quaternion LookRotation(Vector3 forward) => LookRotation(forward, Vector3.up);

        public static Quaternion LookRotation(Vector3 forward, Vector3 upwards)
        {
            var z = forward.normalized;
            if (z.sqrMagnitude == 0f) return identity;
            var x = Vector3.Cross(upwards, z);
            if (x.magnitude <= 1e-5f) return FromToRotation(Vector3.forward, z);
            x = x.normalized;
            var y = Vector3.Cross(z, x);
            return FromBasis(x, y, z);
        }

        /// <summary>Angles in degrees in [0, 360), z then x then y (the inverse of Euler).</summary>
        public Vector3 eulerAngles
        {
            get => ToEulerDegrees(this);
            set => this = Euler(value);
        }

        public override string ToString() => $"({x:F5}, {y:F5}, {z:F5}, {w:F5})";

        static Quaternion FromEulerDegrees(float x, float y, float z)
        {
            // Rotations about the world axes applied z first, then x, then y: q = qy * qx * qz.
            return AngleAxis(y, Vector3.up) * AngleAxis(x, Vector3.right) * AngleAxis(z, Vector3.forward);
        }

        static Vector3 ToEulerDegrees(Quaternion q)
        {
            // R = Ry(y) Rx(x) Rz(z): the third column is (sin y cos x, -sin x, cos y cos x) and the second row is
            // (cos x sin z, cos x cos z, -sin x) — the angles follow from those entries.
            var forward = q * Vector3.forward;
            var up = q * Vector3.up;
            var right = q * Vector3.right;
            float sinX = Math.Max(-1f, Math.Min(1f, -forward.y));
            double ax = Math.Asin(sinX);
            double ay, az;
            if (Math.Abs(sinX) < 0.9999f)
            {
                ay = Math.Atan2(forward.x, forward.z);
                az = Math.Atan2(right.y, up.y);
            }
            else
            {
                // Looking straight up or down: only y - z (or y + z) is defined; put it all in y.
                ay = Math.Atan2(-right.z, right.x);
                az = 0;
            }
            return new Vector3(Positive(ax), Positive(ay), Positive(az));
        }

        static float Positive(double radians)
        {
            double degrees = radians * 180.0 / Math.PI;
            degrees %= 360.0;
            if (degrees < 0) degrees += 360.0;
            return (float)degrees;
        }

        static Quaternion FromBasis(Vector3 x, Vector3 y, Vector3 z)
        {
            // The rotation whose matrix has columns x, y, z (Shepperd's method, largest component first).
            float m00 = x.x, m11 = y.y, m22 = z.z;
            float trace = m00 + m11 + m22;
            Quaternion q;
            if (trace > 0f)
            {
                float s = (float)Math.Sqrt(trace + 1f) * 2f;
                q = new Quaternion((y.z - z.y) / s, (z.x - x.z) / s, (x.y - y.x) / s, 0.25f * s);
            }
            else if (m00 > m11 && m00 > m22)
            {
                float s = (float)Math.Sqrt(1f + m00 - m11 - m22) * 2f;
                q = new Quaternion(0.25f * s, (y.x + x.y) / s, (z.x + x.z) / s, (y.z - z.y) / s);
            }
            else if (m11 > m22)
            {
                float s = (float)Math.Sqrt(1f + m11 - m00 - m22) * 2f;
                q = new Quaternion((y.x + x.y) / s, 0.25f * s, (z.y + y.z) / s, (z.x - x.z) / s);
            }
            else
            {
                float s = (float)Math.Sqrt(1f + m22 - m00 - m11) * 2f;
                q = new Quaternion((z.x + x.z) / s, (z.y + y.z) / s, 0.25f * s, (x.y - y.x) / s);
            }
            return Normalized(q);
        }

        static Quaternion Normalized(Quaternion q)
        {
            float n = (float)Math.Sqrt(Dot(q, q));
            return n < float.Epsilon ? identity : new Quaternion(q.x / n, q.y / n, q.z / n, q.w / n);
        }
    }
}
