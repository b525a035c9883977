using System.Collections.Generic;
using System.Numerics;

namespace Sightline.Render.Meshes
{
    /// <summary>Collects vertices and triangles while a shape is generated.</summary>
    sealed class MeshBuilder
    {
        readonly List<Vector3> _positions = new List<Vector3>();
        readonly List<Vector3> _normals = new List<Vector3>();
        readonly List<int> _triangles = new List<int>();

        public int Vertex(Vector3 position, Vector3 normal)
        {
            _positions.Add(position);
            _normals.Add(Vector3.Normalize(normal));
            return _positions.Count - 1;
        }

        public void Triangle(int a, int b, int c)
        {
            _triangles.Add(a);
            _triangles.Add(b);
            _triangles.Add(c);
        }

        public void Quad(int a, int b, int c, int d)
        {
            Triangle(a, b, c);
            Triangle(a, c, d);
        }

        /// <summary>A flat polygon (vertices in counter-clockwise order seen from outside) with one face normal.</summary>
        public void FlatFan(Vector3[] corners, Vector3 normal)
        {
            int first = Vertex(corners[0], normal);
            int previous = Vertex(corners[1], normal);
            for (int i = 2; i < corners.Length; i++)
            {
                int next = Vertex(corners[i], normal);
                Triangle(first, previous, next);
                previous = next;
            }
        }

        public Mesh Build() => new Mesh(_positions.ToArray(), _normals.ToArray(), _triangles.ToArray());
    }
}
