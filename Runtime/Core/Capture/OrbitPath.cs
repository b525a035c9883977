using System;
using System.Numerics;

namespace Sightline.Capture
{
    /// <summary>
    /// A camera path that circles a vertical axis through <see cref="Center"/>, so captured views vary. The camera
    /// either looks at the centre (objects gathered in the middle) or outward (objects set on a ring around it, one
    /// in view at a time). The radius must be positive: a camera on the axis never moves when rotated about it, and
    /// looking at a centre straight below it shows only the floor.
    /// </summary>
    public sealed class OrbitPath
    {
        /// <param name="center">The point the camera circles (world space, Unity axes: y up).</param>
        /// <param name="radius">Horizontal distance from the axis to the camera.</param>
        /// <param name="height">The camera's height (world y).</param>
        /// <param name="outwardLook">0: look at the centre; above 0: look at the point this far beyond the camera,
        /// away from the axis, at the centre's height.</param>
        public OrbitPath(Vector3 center, float radius, float height, float outwardLook)
        {
            if (!(radius > 0) || float.IsInfinity(radius))
                throw new ArgumentOutOfRangeException(nameof(radius), radius, "the orbit radius must be a positive distance: a camera on the axis does not move");
            if (!(outwardLook >= 0) || float.IsInfinity(outwardLook))
                throw new ArgumentOutOfRangeException(nameof(outwardLook), outwardLook, "the outward look distance must be 0 (look at the centre) or positive");
            Center = center;
            Radius = radius;
            Height = height;
            OutwardLook = outwardLook;
        }

        public Vector3 Center { get; }
        public float Radius { get; }
        public float Height { get; }
        public float OutwardLook { get; }

        /// <summary>The camera position at <paramref name="degrees"/> around the axis (0 is +z, 90 is +x).</summary>
        public Vector3 Position(float degrees)
        {
            var along = Direction(degrees);
            return new Vector3(Center.X + along.X * Radius, Height, Center.Z + along.Z * Radius);
        }

        /// <summary>The point the camera looks at from <see cref="Position"/>.</summary>
        public Vector3 LookTarget(float degrees)
        {
            if (OutwardLook == 0) return Center;
            var along = Direction(degrees);
            float reach = Radius + OutwardLook;
            return new Vector3(Center.X + along.X * reach, Center.Y, Center.Z + along.Z * reach);
        }

        static Vector3 Direction(float degrees)
        {
            double radians = degrees * Math.PI / 180.0;
            return new Vector3((float)Math.Sin(radians), 0f, (float)Math.Cos(radians));
        }
    }
}
