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
                case ShapeKind.Capsule: return Capsule(0.55f, 0.45f, Segments, 16);
                case ShapeKind.Octahedron: return Octahedron(0.85f, 1f);
                case ShapeKind.Prism: return Prism(0.95f, 0.95f);
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
                OutwardFace(b, apex, corners[j], corners[(j + 1) % 4]);
            }
            b.FlatFan(Ring(r, -halfHeight, 4, true), -Vector3.UnitY);
            return b.Build();
        }

        /// <summary>A cylinder of radius r with hemispherical ends: a sphere split at its equator and pulled apart.</summary>
        static Mesh Capsule(float r, float halfHeight, int slices, int stacks)
        {
            var b = new MeshBuilder();
            int half = stacks / 2;
            var rows = new int[stacks + 2, slices + 1];
            for (int k = 0; k <= stacks + 1; k++)
            {
                // Rows half and half + 1 both lie on the equator, one at each end: the band between them is the side.
                double phi = Math.PI * (k <= half ? k : k - 1) / stacks;
                float lift = k <= half ? halfHeight : -halfHeight;
                for (int j = 0; j <= slices; j++)
                {
                    double theta = 2 * Math.PI * j / slices;
                    var n = new Vector3((float)(Math.Sin(phi) * Math.Cos(theta)), (float)Math.Cos(phi), (float)(Math.Sin(phi) * Math.Sin(theta)));
                    rows[k, j] = b.Vertex(n * r + new Vector3(0, lift, 0), n);
                }
            }
            for (int k = 0; k <= stacks; k++)
                for (int j = 0; j < slices; j++)
                    b.Quad(rows[k, j], rows[k, j + 1], rows[k + 1, j + 1], rows[k + 1, j]);
            return b.Build();
        }

        /// <summary>Eight flat triangles between the poles (0, +-h, 0) and a square of corners at distance r on the ground plane.</summary>
        static Mesh Octahedron(float r, float halfHeight)
        {
            var b = new MeshBuilder();
            var corners = Ring(r, 0, 4, false);
            foreach (var pole in new[] { new Vector3(0, halfHeight, 0), new Vector3(0, -halfHeight, 0) })
                for (int j = 0; j < 4; j++)
                    OutwardFace(b, pole, corners[j], corners[(j + 1) % 4]);
            return b.Build();
        }

        /// <summary>An upright triangular prism: three flat sides and two triangular caps.</summary>
        static Mesh Prism(float r, float halfHeight)
        {
            var b = new MeshBuilder();
            var top = Ring(r, halfHeight, 3, false);
            var bottom = Ring(r, -halfHeight, 3, false);
            for (int j = 0; j < 3; j++)
            {
                int k = (j + 1) % 3;
                var mid = (top[j] + top[k]) * 0.5f;
                b.FlatFan(new[] { top[j], top[k], bottom[k], bottom[j] }, new Vector3(mid.X, 0, mid.Z));
            }
            b.FlatFan(top, Vector3.UnitY);
            b.FlatFan(Ring(r, -halfHeight, 3, true), -Vector3.UnitY);
            return b.Build();
        }

        /// <summary>A flat triangle of a convex shape centred on the origin, its normal pointing away from the centre.</summary>
        static void OutwardFace(MeshBuilder b, Vector3 a, Vector3 p, Vector3 q)
        {
            var n = Vector3.Cross(p - a, q - a);
            if (Vector3.Dot(n, (a + p + q) / 3f) < 0) n = -n;
            b.FlatFan(new[] { a, p, q }, n);
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
