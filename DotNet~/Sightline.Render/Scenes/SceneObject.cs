using System.Numerics;

namespace Sightline.Render.Scenes
{
    /// <summary>One shape placed in the world: its kind, where it is (model to world), and its material.</summary>
    public sealed class SceneObject
    {
        public SceneObject(ShapeKind kind, Matrix4x4 modelToWorld, Vector3 colour, float specular, float shininess)
        {
            Kind = kind;
            ModelToWorld = modelToWorld;
            Colour = colour;
            Specular = specular;
            Shininess = shininess;
        }

        public ShapeKind Kind { get; }
        /// <summary>Rotation, uniform scale and translation (row-vector convention of System.Numerics).</summary>
        public Matrix4x4 ModelToWorld { get; }
        /// <summary>Albedo, linear RGB in [0, 1].</summary>
        public Vector3 Colour { get; }
        public float Specular { get; }
        public float Shininess { get; }
        public Vector3 Position => ModelToWorld.Translation;
        /// <summary>Radius of the blob shadow it casts on the ground.</summary>
        public float ShadowRadius { get; set; } = 1f;
        /// <summary>Placed between the camera and the main object to hide part of it (hard scenes).</summary>
        public bool Occluder { get; set; }
    }
}
