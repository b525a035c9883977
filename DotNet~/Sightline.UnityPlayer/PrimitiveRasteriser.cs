using System;
using System.Collections.Generic;
using UnityEngine;
using Sightline.Render;
using Sightline.Render.Raster;
using Sightline.Render.Scenes;
using Num = System.Numerics;

namespace Sightline.UnityPlayer
{
    /// <summary>
    /// Draws what a Unity camera sees with Sightline.Render's rasteriser: the scene's primitives (cube, sphere,
    /// cylinder) at their Unity sizes and poses, lit by the first directional light. Unity's world is left-handed and
    /// the rasteriser's right-handed, so z is mirrored on the way in; the rasteriser's square image is cropped to the
    /// target's aspect with the camera's vertical field of view kept; rows are stored bottom first, as Unity stores them.
    /// </summary>
    internal sealed class PrimitiveRasteriser
    {
        readonly Dictionary<int, SceneRenderer> _renderers = new Dictionary<int, SceneRenderer>();

        /// <summary>Primitives the rasteriser draws; the others (capsule, plane, quad) are skipped.</summary>
        internal static bool CanDraw(PrimitiveType type) => type == PrimitiveType.Cube || type == PrimitiveType.Sphere || type == PrimitiveType.Cylinder;

        /// <summary>
        /// Sightline's object-ID shader (Runtime/Unity/Shaders/Resources/SightlineObjectId.shader): every renderer
        /// draws its property block's integer <see cref="ObjectIdProperty"/> (0 without one) into an integer target.
        /// </summary>
        internal const string ObjectIdShader = "Hidden/Sightline/ObjectId";
        internal const string ObjectIdProperty = "_SightlineObjectId";

        internal void Draw(Camera camera, RenderTexture target)
        {
            var view = Render(camera.transform.position, camera.transform.rotation, camera.fieldOfView, target.width, target.height, out _);
            Store(view, target);
        }

        /// <summary>Camera.RenderWithShader with the object-ID shader: each pixel's nearest renderer's id, 32-bit, bottom row first.</summary>
        internal void DrawIds(Camera camera, RenderTexture target, Shader shader)
        {
            if (shader == null || shader.name != ObjectIdShader)
                throw new UnityShim.Player.HarnessException($"Camera.RenderWithShader: the harness draws only {ObjectIdShader}, not {shader?.name ?? "null"}");
            int width = target.width, height = target.height;
            Render(camera.transform.position, camera.transform.rotation, camera.fieldOfView, width, height, out _, out var drawn, out var rasteriser, out int x0, out int y0);
            var pixels = target.m_Pixels;
            for (int y = 0; y < height; y++)
            {
                int row = height - 1 - y; // Unity's textures start at the bottom row
                for (int x = 0; x < width; x++)
                {
                    int index = rasteriser.ObjectAt(x0 + x, y0 + y);
                    int id = 0;
                    if (index >= 0 && drawn[index].m_PropertyBlock != null && drawn[index].m_PropertyBlock.TryGetValue(ObjectIdProperty, out var value)) id = value;
                    BitConverter.TryWriteBytes(pixels.AsSpan((row * width + x) * 4, 4), id);
                }
            }
        }

        /// <summary>The view (RGB, top row first) and, per drawn renderer, the share of the view it covers.</summary>
        internal byte[] Render(Vector3 position, Quaternion rotation, float fieldOfView, int width, int height, out Dictionary<Renderer, float> coverage) =>
            Render(position, rotation, fieldOfView, width, height, out coverage, out _, out _, out _, out _);

        byte[] Render(Vector3 position, Quaternion rotation, float fieldOfView, int width, int height, out Dictionary<Renderer, float> coverage,
            out List<Renderer> drawnRenderers, out SceneRenderer rasteriserUsed, out int left, out int top)
        {
            var drawn = new List<Renderer>();
            var objects = new List<SceneObject>();
            foreach (var gameObject in UnityShim.Player.World.Objects)
            {
                if (!gameObject.activeInHierarchy) continue;
                foreach (var renderer in gameObject.GetComponentsInChildren<Renderer>())
                {
                    if (renderer.gameObject != gameObject || !renderer.enabled || renderer.m_LocalBounds == null || !CanDraw(renderer.m_Primitive)) continue;
                    drawn.Add(renderer);
                    objects.Add(ToSceneObject(renderer));
                }
            }
            // The rasteriser draws squares of 8 pixels or more; smaller targets take the middle of an 8-pixel square.
            int side = Math.Max(8, Math.Max(width, height));
            double tanVertical = Math.Tan(fieldOfView * Math.PI / 360.0);
            double tanSquare = tanVertical * side / height;
            var scene = new Scene(objects, 0)
            {
                CameraPosition = Mirror(position),
                CameraTarget = Mirror(position + rotation * Vector3.forward),
                CameraUp = Mirror(rotation * Vector3.up),
                FieldOfViewDegrees = (float)(Math.Atan(tanSquare) * 360.0 / Math.PI),
            };
            var light = DirectionalLight();
            if (light != null) scene.LightDirection = Mirror(-(light.transform.rotation * Vector3.forward));
            if (!_renderers.TryGetValue(side, out var rasteriser)) _renderers[side] = rasteriser = new SceneRenderer(side);
            var square = new byte[side * side * 3];
            rasteriser.Render(scene, square);
            int x0 = (side - width) / 2, y0 = (side - height) / 2;
            coverage = new Dictionary<Renderer, float>();
            for (int i = 0; i < drawn.Count; i++) coverage[drawn[i]] = rasteriser.CoverageIn(i, x0, y0, width, height);
            var rgb = new byte[width * height * 3];
            for (int y = 0; y < height; y++)
                Buffer.BlockCopy(square, ((y0 + y) * side + x0) * 3, rgb, y * width * 3, width * 3);
            drawnRenderers = drawn;
            rasteriserUsed = rasteriser;
            left = x0;
            top = y0;
            return rgb;
        }

        static void Store(byte[] rgb, RenderTexture target)
        {
            int width = target.width, height = target.height;
            var pixels = target.m_Pixels;
            for (int y = 0; y < height; y++)
            {
                int row = height - 1 - y; // Unity's textures start at the bottom row
                for (int x = 0; x < width; x++)
                {
                    int from = (y * width + x) * 3, to = (row * width + x) * 4;
                    for (int c = 0; c < 3; c++)
                    {
                        // The rasteriser writes display-encoded values: an sRGB target keeps them, a linear one decodes.
                        byte v = rgb[from + c];
                        pixels[to + c] = target.m_StoresSrgb ? v : UnityShim.Player.Pixels.Write(UnityShim.Player.Pixels.SrgbToLinear(v / 255f), false);
                    }
                    pixels[to + 3] = 255;
                }
            }
        }

        static Light? DirectionalLight()
        {
            foreach (var gameObject in UnityShim.Player.World.Objects)
            {
                if (!gameObject.activeInHierarchy) continue;
                var light = gameObject.GetComponent<Light>();
                if (light != null && light.enabled && light.type == LightType.Directional) return light;
            }
            return null;
        }

        static SceneObject ToSceneObject(Renderer renderer)
        {
            var kind = renderer.m_Primitive == PrimitiveType.Cube ? ShapeKind.Cube : renderer.m_Primitive == PrimitiveType.Sphere ? ShapeKind.Sphere : ShapeKind.Cylinder;
            // Scale the rasteriser's mesh (about 2 units tall) to the Unity primitive's size, then place it as the
            // transform does; the mirror keeps the result a proper rotation.
            var size = renderer.m_LocalBounds!.Value.size;
            var mesh = MeshExtent(kind);
            var fit = new Vector3(size.x / mesh.x, size.y / mesh.y, size.z / mesh.z);
            var t = renderer.transform;
            var origin = t.TransformPoint(Vector3.zero);
            Vector3 Axis(Vector3 meshAxis) => t.TransformPoint(Vector3.Scale(fit, new Vector3(meshAxis.x, meshAxis.y, -meshAxis.z))) - origin;
            var ax = Mirror(Axis(Vector3.right));
            var ay = Mirror(Axis(Vector3.up));
            var az = Mirror(Axis(Vector3.forward));
            var o = Mirror(origin);
            var matrix = new Num.Matrix4x4(ax.X, ax.Y, ax.Z, 0, ay.X, ay.Y, ay.Z, 0, az.X, az.Y, az.Z, 0, o.X, o.Y, o.Z, 1);
            var c = renderer.m_Colour;
            return new SceneObject(kind, matrix, new Num.Vector3(c.r, c.g, c.b), 0.3f, 24f) { ShadowRadius = Math.Max(size.x, size.z) * 0.6f };
        }

        /// <summary>The full size of the rasteriser's mesh for a kind (see Sightline.Render's Shapes).</summary>
        static Vector3 MeshExtent(ShapeKind kind)
        {
            var bounds = Sightline.Render.Meshes.Shapes.Get(kind).Positions;
            Num.Vector3 min = new Num.Vector3(float.MaxValue), max = new Num.Vector3(float.MinValue);
            foreach (var p in bounds)
            {
                min = Num.Vector3.Min(min, p);
                max = Num.Vector3.Max(max, p);
            }
            return new Vector3(max.X - min.X, max.Y - min.Y, max.Z - min.Z);
        }

        static Num.Vector3 Mirror(Vector3 v) => new Num.Vector3(v.x, v.y, -v.z);
    }
}
