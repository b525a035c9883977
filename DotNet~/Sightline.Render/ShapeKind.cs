namespace Sightline.Render
{
    /// <summary>The object kinds a synthetic scene can hold; the class of a frame is the kind of its main object.</summary>
    public enum ShapeKind
    {
        Cube,
        Sphere,
        Cylinder,
        Cone,
        Torus,
        Pyramid,
        Capsule,
        Octahedron,
        Prism,
    }
}
