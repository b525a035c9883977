using System.Collections.Generic;
using System.Numerics;

namespace Sightline.Render.Scenes
{
    /// <summary>
    /// Everything a camera view needs: the objects (one of them the labelled main object), the camera, one
    /// directional light with hemisphere ambient, a sky gradient and a checkered ground plane at y = 0.
    /// </summary>
    public sealed class Scene
    {
        public Scene(IReadOnlyList<SceneObject> objects, int mainObject)
        {
            Objects = objects;
            MainObject = mainObject;
        }

        public IReadOnlyList<SceneObject> Objects { get; }
        /// <summary>Index into <see cref="Objects"/> of the object the frame is labelled with.</summary>
        public int MainObject { get; }
        public ShapeKind Label => Objects[MainObject].Kind;

        public Vector3 CameraPosition { get; set; } = new Vector3(0, 2, 5);
        public Vector3 CameraTarget { get; set; } = new Vector3(0, 0.8f, 0);
        public float FieldOfViewDegrees { get; set; } = 40f;
        /// <summary>The camera's up hint (world up unless the camera rolls or looks straight up or down).</summary>
        public Vector3 CameraUp { get; set; } = Vector3.UnitY;

        /// <summary>Unit vector from the scene towards the light.</summary>
        public Vector3 LightDirection { get; set; } = Vector3.Normalize(new Vector3(0.4f, 1f, 0.3f));
        public Vector3 LightColour { get; set; } = Vector3.One;
        public Vector3 AmbientSky { get; set; } = new Vector3(0.3f);
        public Vector3 AmbientGround { get; set; } = new Vector3(0.15f);

        public Vector3 SkyHorizon { get; set; } = new Vector3(0.8f, 0.85f, 0.9f);
        public Vector3 SkyZenith { get; set; } = new Vector3(0.3f, 0.5f, 0.8f);
        public Vector3 GroundA { get; set; } = new Vector3(0.45f);
        public Vector3 GroundB { get; set; } = new Vector3(0.35f);
        /// <summary>Side of one ground checker square in world units.</summary>
        public float CheckerSize { get; set; } = 1f;
        /// <summary>How fast the ground fades into the horizon colour with distance.</summary>
        public float Fog { get; set; } = 0.03f;
    }
}
