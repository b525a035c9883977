using System;
using System.Numerics;

namespace Sightline.Render.Meshes
{
    /// <summary>
    /// The shapes of <see cref="ShapeKind"/>, each centred on the origin with its axis along +Y and about 2 units tall,
    /// so that one camera distance frames every kind alike and size alone does not give the class away.
    /// </summary>
    public static class Shapes
    {
        const int Segments = 32;
        static readonly Mesh[] Cache = new Mesh[Enum.GetValues(typeof(ShapeKind)).Length];
        static readonly object Gate = new object();

        public static Mesh Get(ShapeKind kind)
        {
            lock (Gate)
            {
                return Cache[(int)kind] ??= Build(kind);
            }
        }

        static Mesh Build(ShapeKind kind)
        {
            switch (kind)
            {
                case ShapeKind.Cube: return Box(0.8f);
                case ShapeKind.Sphere: return Sphere(1f, Segments, 16);
                case ShapeKind.Cylinder: return Cylinder(0.75f, 0.95f, Segments);
                case ShapeKind.Cone: return Cone(0.9f, 1f, Segments);
                case ShapeKind.Torus: return Torus(0.72f, 0.3f, Segments, 16);
                case ShapeKind.Pyramid: return Pyramid(0.9f, 1f);
                default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown shape");
            }
        }

        static Mesh Box(float h)
        {
            var b = new MeshBuilder();
            // Each face: normal n, and two in-plane axes u, v with u x v = n (counter-clockwise from outside).
            Face(Vector3.UnitX, -Vector3.UnitZ, Vector3.UnitY);
            Face(-Vector3.UnitX, Vector3.UnitZ, Vector3.UnitY);
            Face(Vector3.UnitY, Vector3.UnitX, -Vector3.UnitZ);
            Face(-Vector3.UnitY, Vector3.UnitX, Vector3.UnitZ);
            Face(Vector3.UnitZ, Vector3.UnitX, Vector3.UnitY);
            Face(-Vector3.UnitZ, -Vector3.UnitX, Vector3.UnitY);
            return b.Build();

            void Face(Vector3 n, Vector3 u, Vector3 v)
            {
                var c = n * h;
                b.FlatFan(new[] { c - u * h - v * h, c + u * h - v * h, c + u * h + v * h, c - u * h + v * h }, n);
            }
        }

        static Mesh Sphere(float r, int slices, int stacks)
        {
            var b = new MeshBuilder();
            var rows = new int[stacks + 1, slices + 1];
            for (int i = 0; i <= stacks; i++)
            {
                double phi = Math.PI * i / stacks; // 0 at the top
                for (int j = 0; j <= slices; j++)
                {
                    double theta = 2 * Math.PI * j / slices;
                    var n = new Vector3((float)(Math.Sin(phi) * Math.Cos(theta)), (float)Math.Cos(phi), (float)(Math.Sin(phi) * Math.Sin(theta)));
                    rows[i, j] = b.Vertex(n * r, n);
                }
            }
            for (int i = 0; i < stacks; i++)
                for (int j = 0; j < slices; j++)
                    b.Quad(rows[i, j], rows[i, j + 1], rows[i + 1, j + 1], rows[i + 1, j]);
            return b.Build();
        }

        static Mesh Cylinder(float r, float halfHeight, int slices)
        {
            var b = new MeshBuilder();
            for (int j = 0; j < slices; j++)
            {
                var (x0, z0) = Circle(j, slices);
                var (x1, z1) = Circle(j + 1, slices);
                int a = b.Vertex(new Vector3(x0 * r, halfHeight, z0 * r), new Vector3(x0, 0, z0));
                int c = b.Vertex(new Vector3(x1 * r, halfHeight, z1 * r), new Vector3(x1, 0, z1));
                int d = b.Vertex(new Vector3(x1 * r, -halfHeight, z1 * r), new Vector3(x1, 0, z1));
                int e = b.Vertex(new Vector3(x0 * r, -halfHeight, z0 * r), new Vector3(x0, 0, z0));
                b.Quad(a, c, d, e);
            }
            b.FlatFan(Ring(r, halfHeight, slices, false), Vector3.UnitY);
            b.FlatFan(Ring(r, -halfHeight, slices, true), -Vector3.UnitY);
            return b.Build();
        }

        static Mesh Cone(float r, float halfHeight, int slices)
        {
            var b = new MeshBuilder();
            var apex = new Vector3(0, halfHeight, 0);
            float slope = r / (2 * halfHeight);
            for (int j = 0; j < slices; j++)
            {
                var (x0, z0) = Circle(j, slices);
                var (x1, z1) = Circle(j + 1, slices);
                var (xm, zm) = Circle(j + 0.5, slices);
                int t = b.Vertex(apex, new Vector3(xm, slope, zm));
                int c = b.Vertex(new Vector3(x1 * r, -halfHeight, z1 * r), new Vector3(x1, slope, z1));
                int d = b.Vertex(new Vector3(x0 * r, -halfHeight, z0 * r), new Vector3(x0, slope, z0));
                b.Triangle(t, c, d);
            }
            b.FlatFan(Ring(r, -halfHeight, slices, true), -Vector3.UnitY);
            return b.Build();
        }

        static Mesh Pyramid(float r, float halfHeight)
        {
            var b = new MeshBuilder();
            var apex = new Vector3(0, halfHeight, 0);
            var corners = Ring(r, -halfHeight, 4, false);
            for (int j = 0; j < 4; j++)
            {
                var p0 = corners[(j + 1) % 4];
                var p1 = corners[j];
                var n = Vector3.Cross(p1 - apex, p0 - apex);
                // Point the face normal away from the centre whatever the winding.
                if (Vector3.Dot(n, (apex + p0 + p1) / 3f) < 0) n = -n;
                b.FlatFan(new[] { apex, p1, p0 }, n);
            }
            b.FlatFan(Ring(r, -halfHeight, 4, true), -Vector3.UnitY);
            return b.Build();
        }

        static Mesh Torus(float major, float minor, int rings, int sides)
        {
            var b = new MeshBuilder();
            var grid = new int[rings + 1, sides + 1];
            for (int i = 0; i <= rings; i++)
            {
                double u = 2 * Math.PI * i / rings;
                var centre = new Vector3((float)Math.Cos(u), 0, (float)Math.Sin(u));
                for (int j = 0; j <= sides; j++)
                {
                    double v = 2 * Math.PI * j / sides;
                    var n = centre * (float)Math.Cos(v) + Vector3.UnitY * (float)Math.Sin(v);
                    grid[i, j] = b.Vertex(centre * major + n * minor, n);
                }
            }
            for (int i = 0; i < rings; i++)
                for (int j = 0; j < sides; j++)
                    b.Quad(grid[i, j], grid[i, j + 1], grid[i + 1, j + 1], grid[i + 1, j]);
            return b.Build();
        }

        static (float x, float z) Circle(double j, int slices)
        {
            double t = 2 * Math.PI * j / slices;
            return ((float)Math.Cos(t), (float)Math.Sin(t));
        }

        /// <summary>A horizontal polygon; counter-clockwise seen from above unless <paramref name="fromBelow"/>.</summary>
        static Vector3[] Ring(float r, float y, int slices, bool fromBelow)
        {
            var points = new Vector3[slices];
            for (int j = 0; j < slices; j++)
            {
                var (x, z) = Circle(fromBelow ? j : slices - j, slices);
                points[j] = new Vector3(x * r, y, z * r);
            }
            return points;
        }
    }
}
