#nullable enable
using System.Collections.Generic;
using Sightline.Capture;

namespace Sightline.Samples.CaptureAndTrain
{
    /// <summary>
    /// Where the Capture and Train scene puts things (engine-free numbers, so a test checks the camera sees the
    /// shapes): three labelled shapes on a ring of radius 3, and a camera circling inside the ring looking outward,
    /// so one shape at a time fills much of the view.
    /// </summary>
    public static class CaptureAndTrainLayout
    {
        /// <summary>The shapes' labels, in the order of their hotkeys 1, 2, 3.</summary>
        public static readonly IReadOnlyList<string> Labels = new[] { "cube", "sphere", "cylinder" };

        public const float RingRadius = 3f;
        public const float ShapeHeight = 0.5f;

        /// <summary>The camera's path: 1 m from the centre at eye height 1, looking 2 m further out.</summary>
        public static readonly OrbitPath CameraPath = new OrbitPath(new System.Numerics.Vector3(0f, ShapeHeight, 0f), 1f, 1f, RingRadius - 1f);

        /// <summary>
        /// The share of the view a shape's screen-space bounds must cover to label a frame, where Frame Capture labels
        /// from bounds (a scriptable render pipeline). A shape in view from the camera's path covers about 15% or more by
        /// its bounds; a sphere or cylinder at the edge of the view can cover 5-13% by its bounds (their corners poke
        /// into the view) while under 5% of its pixels show.
        /// </summary>
        public const float MinimumCoverage = 0.14f;

        /// <summary>
        /// The share of the view a shape's pixels must cover to label a frame, where Frame Capture labels from pixels
        /// (the built-in render pipeline): pixels do not overstate, and a sphere in full view covers about 13% of it.
        /// </summary>
        public const float MinimumPixelCoverage = 0.05f;

        /// <summary>
        /// Seconds between captures. The camera laps the ring in 18 s (20 degrees a second) and about two views in three
        /// show a shape, so 0.25 s gives about 48 labelled views a lap: a trainable dataset in a few laps, where the
        /// component's default 0.5 s would need twice as long.
        /// </summary>
        public const float CaptureInterval = 0.25f;

        /// <summary>Where shape <paramref name="index"/> stands: every 120 degrees, the first straight ahead at angle 0.</summary>
        public static System.Numerics.Vector3 ShapePosition(int index)
        {
            float degrees = index * 120f;
            double radians = degrees * System.Math.PI / 180.0;
            return new System.Numerics.Vector3((float)System.Math.Sin(radians) * RingRadius, ShapeHeight, (float)System.Math.Cos(radians) * RingRadius);
        }
    }
}
