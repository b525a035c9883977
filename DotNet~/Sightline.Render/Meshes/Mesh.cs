using System;
using System.Numerics;

namespace Sightline.Render.Meshes
{
    /// <summary>An indexed triangle mesh with per-vertex normals, counter-clockwise seen from outside.</summary>
    public sealed class Mesh
    {
        public Mesh(Vector3[] positions, Vector3[] normals, int[] triangles)
        {
            if (positions.Length != normals.Length) throw new ArgumentException("a mesh needs one normal per position", nameof(normals));
            if (triangles.Length % 3 != 0) throw new ArgumentException("triangle indices come in threes", nameof(triangles));
            Positions = positions;
            Normals = normals;
            Triangles = triangles;
            float minY = float.MaxValue;
            foreach (var p in positions) minY = Math.Min(minY, p.Y);
            float radius = 0f;
            foreach (var p in positions) radius = Math.Max(radius, p.Length());
            BoundingRadius = radius;
        }

        public Vector3[] Positions { get; }
        public Vector3[] Normals { get; }
        /// <summary>Three vertex indices per triangle.</summary>
        public int[] Triangles { get; }
        /// <summary>Largest distance of a vertex from the mesh origin.</summary>
        public float BoundingRadius { get; }
        public int TriangleCount => Triangles.Length / 3;
    }
}
