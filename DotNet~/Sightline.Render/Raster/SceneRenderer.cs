using System;
using System.Numerics;
using Sightline.Render.Meshes;
using Sightline.Render.Scenes;

namespace Sightline.Render.Raster
{
    /// <summary>
    /// A small software rasteriser: triangles into a z-buffer that keeps view-space normals and object ids (so each
    /// pixel is shaded once), then a shading pass with one directional light, hemisphere ambient and Blinn-Phong
    /// highlights over a sky gradient and a checkered ground with blob shadows. Owns its buffers: use one per thread.
    /// </summary>
    public sealed class SceneRenderer
    {
        const float Near = 0.05f;
        readonly int _size;
        readonly int _supersample;
        readonly int _inner;
        readonly float[] _depth;
        readonly Vector3[] _normal;
        readonly int[] _object;
        readonly Vector3[] _colour;
        Vector3[] _viewPositions = new Vector3[64];
        Vector3[] _viewNormals = new Vector3[64];

        /// <param name="size">Side of the square output in pixels.</param>
        /// <param name="supersample">Samples per pixel side (2 renders at twice the size and averages 2x2 blocks).</param>
        public SceneRenderer(int size, int supersample = 1)
        {
            if (size < 8 || size > 4096) throw new ArgumentOutOfRangeException(nameof(size), size, "image size must be between 8 and 4096 pixels");
            if (supersample < 1 || supersample > 4) throw new ArgumentOutOfRangeException(nameof(supersample), supersample, "supersampling must be 1 to 4");
            _size = size;
            _supersample = supersample;
            _inner = size * supersample;
            int n = _inner * _inner;
            _depth = new float[n];
            _normal = new Vector3[n];
            _object = new int[n];
            _colour = new Vector3[n];
        }

        public int Size => _size;

        /// <summary>Fraction of the last frame's pixels that show the scene's main (labelled) object.</summary>
        public float MainObjectCoverage { get; private set; }

        /// <summary>
        /// Share of the pixels in a rectangle of the last frame (output pixels, top row 0) whose nearest surface belongs
        /// to object <paramref name="objectIndex"/>: which object a view shows, occlusion included.
        /// </summary>
        public float CoverageIn(int objectIndex, int x, int y, int width, int height)
        {
            if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > _size || y + height > _size)
                throw new ArgumentOutOfRangeException(nameof(width), $"rectangle {x},{y} {width}x{height} is not inside the {_size}x{_size} frame");
            int s = _supersample, covered = 0;
            for (int row = y * s; row < (y + height) * s; row++)
                for (int column = x * s; column < (x + width) * s; column++)
                    if (_object[row * _inner + column] == objectIndex) covered++;
            return (float)covered / (width * height * s * s);
        }

        /// <summary>
        /// The index of the object whose nearest surface the last frame shows at output pixel (<paramref name="x"/>,
        /// <paramref name="y"/>) (top row 0; the pixel's first sample when supersampling), or -1 for none.
        /// </summary>
        public int ObjectAt(int x, int y)
        {
            if ((uint)x >= (uint)_size || (uint)y >= (uint)_size) throw new ArgumentOutOfRangeException(nameof(x), $"pixel {x},{y} is not inside the {_size}x{_size} frame");
            return _object[y * _supersample * _inner + x * _supersample];
        }

        /// <summary>Renders the scene's camera view into <paramref name="rgb"/> (size x size x 3 bytes, row-major, top row first).</summary>
        public void Render(Scene scene, Span<byte> rgb)
        {
            if (rgb.Length < _size * _size * 3) throw new ArgumentException($"the pixel buffer holds {rgb.Length} bytes; {_size}x{_size} RGB needs {_size * _size * 3}", nameof(rgb));
            var view = Matrix4x4.CreateLookAt(scene.CameraPosition, scene.CameraTarget, scene.CameraUp);
            float tanHalf = MathF.Tan(scene.FieldOfViewDegrees * MathF.PI / 360f);

            Array.Fill(_depth, float.PositiveInfinity);
            Array.Fill(_object, -1);
            for (int i = 0; i < scene.Objects.Count; i++) Rasterise(scene.Objects[i], i, view, tanHalf);
            int covered = 0;
            foreach (var id in _object)
                if (id == scene.MainObject) covered++;
            MainObjectCoverage = (float)covered / _object.Length;
            Shade(scene, view, tanHalf);
            Resolve(rgb);
        }

        void Rasterise(SceneObject item, int id, Matrix4x4 view, float tanHalf)
        {
            var mesh = Shapes.Get(item.Kind);
            var modelView = item.ModelToWorld * view;
            int count = mesh.Positions.Length;
            if (_viewPositions.Length < count)
            {
                _viewPositions = new Vector3[count];
                _viewNormals = new Vector3[count];
            }
            for (int i = 0; i < count; i++)
            {
                _viewPositions[i] = Vector3.Transform(mesh.Positions[i], modelView);
                _viewNormals[i] = Vector3.TransformNormal(mesh.Normals[i], modelView);
            }

            float half = _inner * 0.5f;
            float focal = half / tanHalf;
            var tris = mesh.Triangles;
            for (int t = 0; t < tris.Length; t += 3)
            {
                var p0 = _viewPositions[tris[t]];
                var p1 = _viewPositions[tris[t + 1]];
                var p2 = _viewPositions[tris[t + 2]];
                // Objects sit in front of the camera; a triangle reaching behind the near plane is dropped, not clipped.
                if (p0.Z > -Near || p1.Z > -Near || p2.Z > -Near) continue;
                var n0 = _viewNormals[tris[t]];
                var n1 = _viewNormals[tris[t + 1]];
                var n2 = _viewNormals[tris[t + 2]];
                // Back-face test with the geometric normal, oriented like the vertex normals (so winding does not matter).
                var face = Vector3.Cross(p1 - p0, p2 - p0);
                if (Vector3.Dot(face, n0 + n1 + n2) < 0) face = -face;
                if (Vector3.Dot(face, p0) >= 0) continue;

                float w0 = 1f / -p0.Z, w1 = 1f / -p1.Z, w2 = 1f / -p2.Z;
                float x0 = half + p0.X * w0 * focal, y0 = half - p0.Y * w0 * focal;
                float x1 = half + p1.X * w1 * focal, y1 = half - p1.Y * w1 * focal;
                float x2 = half + p2.X * w2 * focal, y2 = half - p2.Y * w2 * focal;
                float area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
                if (MathF.Abs(area) < 1e-8f) continue;
                float invArea = 1f / area;

                int minX = Math.Max(0, (int)MathF.Floor(MathF.Min(x0, MathF.Min(x1, x2))));
                int maxX = Math.Min(_inner - 1, (int)MathF.Ceiling(MathF.Max(x0, MathF.Max(x1, x2))));
                int minY = Math.Max(0, (int)MathF.Floor(MathF.Min(y0, MathF.Min(y1, y2))));
                int maxY = Math.Min(_inner - 1, (int)MathF.Ceiling(MathF.Max(y0, MathF.Max(y1, y2))));
                if (minX > maxX || minY > maxY) continue;

                // Normals divided by depth interpolate linearly in screen space (perspective-correct).
                var m0 = n0 * w0;
                var m1 = n1 * w1;
                var m2 = n2 * w2;
                for (int y = minY; y <= maxY; y++)
                {
                    float py = y + 0.5f;
                    int row = y * _inner;
                    for (int x = minX; x <= maxX; x++)
                    {
                        float px = x + 0.5f;
                        float b0 = ((x1 - px) * (y2 - py) - (x2 - px) * (y1 - py)) * invArea;
                        float b1 = ((x2 - px) * (y0 - py) - (x0 - px) * (y2 - py)) * invArea;
                        float b2 = 1f - b0 - b1;
                        if (b0 < 0 || b1 < 0 || b2 < 0) continue;
                        float w = b0 * w0 + b1 * w1 + b2 * w2;
                        float depth = 1f / w;
                        int at = row + x;
                        if (depth >= _depth[at]) continue;
                        _depth[at] = depth;
                        _object[at] = id;
                        _normal[at] = b0 * m0 + b1 * m1 + b2 * m2;
                    }
                }
            }
        }

        void Shade(Scene scene, Matrix4x4 view, float tanHalf)
        {
            // View-space light and up; world-space camera for the ground.
            var light = Vector3.Normalize(Vector3.TransformNormal(scene.LightDirection, view));
            var up = Vector3.TransformNormal(Vector3.UnitY, view);
            Matrix4x4.Invert(view, out var viewToWorld);
            var eye = scene.CameraPosition;
            var worldLight = scene.LightDirection;
            float groundLight = MathF.Max(0f, worldLight.Y);
            var objects = scene.Objects;

            // Blob shadows: each object's shadow centre is its position pushed along the light onto the ground.
            int shadowCount = objects.Count;
            Span<Vector3> shadows = stackalloc Vector3[shadowCount];
            for (int i = 0; i < shadowCount; i++)
            {
                var p = objects[i].Position;
                float lift = objects[i].ShadowRadius;
                float k = lift / MathF.Max(0.2f, worldLight.Y);
                shadows[i] = new Vector3(p.X - worldLight.X * k, objects[i].ShadowRadius, p.Z - worldLight.Z * k);
            }

            float inv = 1f / _inner;
            for (int y = 0; y < _inner; y++)
            {
                float ny = 1f - 2f * (y + 0.5f) * inv;
                for (int x = 0; x < _inner; x++)
                {
                    float nx = 2f * (x + 0.5f) * inv - 1f;
                    var ray = Vector3.Normalize(new Vector3(nx * tanHalf, ny * tanHalf, -1f));
                    int at = y * _inner + x;
                    int id = _object[at];
                    if (id >= 0)
                    {
                        var item = objects[id];
                        var n = Vector3.Normalize(_normal[at]);
                        if (Vector3.Dot(n, ray) > 0) n = -n;
                        float diffuse = MathF.Max(0f, Vector3.Dot(n, light));
                        float sky = 0.5f * (Vector3.Dot(n, up) + 1f);
                        var ambient = scene.AmbientGround + (scene.AmbientSky - scene.AmbientGround) * sky;
                        var half = Vector3.Normalize(light - ray);
                        float spec = diffuse > 0f ? item.Specular * MathF.Pow(MathF.Max(0f, Vector3.Dot(n, half)), item.Shininess) : 0f;
                        _colour[at] = item.Colour * (ambient + scene.LightColour * diffuse) + scene.LightColour * spec;
                    }
                    else
                    {
                        var world = Vector3.TransformNormal(ray, viewToWorld);
                        _colour[at] = world.Y < -1e-4f ? Ground(scene, eye, world, groundLight, shadows) : Sky(scene, world.Y);
                    }
                }
            }
        }

        static Vector3 Sky(Scene scene, float height)
        {
            float t = MathF.Sqrt(MathF.Max(0f, MathF.Min(1f, height)));
            return scene.SkyHorizon + (scene.SkyZenith - scene.SkyHorizon) * t;
        }

        static Vector3 Ground(Scene scene, Vector3 eye, Vector3 ray, float groundLight, ReadOnlySpan<Vector3> shadows)
        {
            float t = -eye.Y / ray.Y;
            float hx = eye.X + ray.X * t, hz = eye.Z + ray.Z * t;
            int cx = (int)MathF.Floor(hx / scene.CheckerSize), cz = (int)MathF.Floor(hz / scene.CheckerSize);
            var albedo = ((cx + cz) & 1) == 0 ? scene.GroundA : scene.GroundB;
            float lit = groundLight;
            foreach (var s in shadows)
            {
                float dx = hx - s.X, dz = hz - s.Z;
                float d2 = (dx * dx + dz * dz) / (s.Y * s.Y);
                if (d2 < 1f) lit *= 0.35f + 0.65f * d2;
            }
            var colour = albedo * (scene.AmbientSky + scene.LightColour * lit);
            float fog = 1f - MathF.Exp(-scene.Fog * t);
            return colour + (scene.SkyHorizon - colour) * fog;
        }

        void Resolve(Span<byte> rgb)
        {
            int s = _supersample;
            float scale = 1f / (s * s);
            for (int y = 0; y < _size; y++)
            {
                for (int x = 0; x < _size; x++)
                {
                    var sum = Vector3.Zero;
                    for (int dy = 0; dy < s; dy++)
                        for (int dx = 0; dx < s; dx++)
                            sum += _colour[(y * s + dy) * _inner + x * s + dx];
                    sum *= scale;
                    int o = (y * _size + x) * 3;
                    rgb[o] = ToByte(sum.X);
                    rgb[o + 1] = ToByte(sum.Y);
                    rgb[o + 2] = ToByte(sum.Z);
                }
            }
        }

        // Gamma 2 (a square root) is close to sRGB and cheap.
        static byte ToByte(float linear) => (byte)(MathF.Sqrt(MathF.Min(1f, MathF.Max(0f, linear))) * 255f + 0.5f);
    }
}
