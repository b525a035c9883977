using System;
using System.Linq;
using System.Numerics;
using NUnit.Framework;
using Sightline.Samples.CaptureAndTrain;

namespace Sightline.Tests.Unity
{
    /// <summary>
    /// The Capture and Train scene builder places the shapes and the camera from <see cref="CaptureAndTrainLayout"/>:
    /// the camera must see the shapes, one at a time, as it circles. Unity's default camera: 60 degrees vertical
    /// field of view, near plane 0.3; checked at 16:9 and at the narrower 4:3.
    /// </summary>
    public class CaptureAndTrainLayoutTests
    {
        const float VerticalFov = 60f, Near = 0.3f;

        /// <summary>Whether a sphere of <paramref name="radius"/> at <paramref name="point"/> lies wholly inside the view.</summary>
        static bool Sees(Vector3 camera, Vector3 target, Vector3 point, float radius, float aspect)
        {
            var forward = Vector3.Normalize(target - camera);
            var right = Vector3.Normalize(Vector3.Cross(Vector3.UnitY, forward));
            var up = Vector3.Cross(forward, right);
            var v = point - camera;
            float z = Vector3.Dot(v, forward), x = Vector3.Dot(v, right), y = Vector3.Dot(v, up);
            if (z - radius < Near) return false;
            double halfV = VerticalFov * Math.PI / 360.0;
            double halfH = Math.Atan(Math.Tan(halfV) * aspect);
            // The sphere's angular radius is added to its centre's angle from the view axis, per image axis.
            double r = Math.Asin(Math.Min(1.0, radius / v.Length()));
            return Math.Abs(Math.Atan2(x, z)) + r <= halfH && Math.Abs(Math.Atan2(y, z)) + r <= halfV;
        }

        // A unit primitive (cube, sphere, cylinder of height 2 and diameter 1) fits in a sphere of radius 0.87 about
        // its centre for the cube; the cylinder's is 1.12. The check uses the centre with a 0.5 m margin: wholly
        // in view is not needed, clearly in view is.
        const float Margin = 0.5f;

        [TestCase(16f / 9f)]
        [TestCase(4f / 3f)]
        public void AtTheStartTheCameraSeesTheFirstShapeAndNoOther(float aspect)
        {
            var path = CaptureAndTrainLayout.CameraPath;
            var camera = path.Position(0f);
            var target = path.LookTarget(0f);
            var seen = Enumerable.Range(0, 3).Where(i => Sees(camera, target, CaptureAndTrainLayout.ShapePosition(i), Margin, aspect)).ToList();
            Assert.That(seen, Is.EqualTo(new[] { 0 }));
        }

        [TestCase(16f / 9f)]
        [TestCase(4f / 3f)]
        public void EveryShapeComesIntoViewAloneAsTheCameraCircles(float aspect)
        {
            var path = CaptureAndTrainLayout.CameraPath;
            for (int shape = 0; shape < 3; shape++)
            {
                bool alone = Enumerable.Range(0, 72).Select(step => step * 5f).Any(degrees =>
                {
                    var seen = Enumerable.Range(0, 3).Where(i => Sees(path.Position(degrees), path.LookTarget(degrees), CaptureAndTrainLayout.ShapePosition(i), Margin, aspect)).ToList();
                    return seen.Count == 1 && seen[0] == shape;
                });
                Assert.That(alone, Is.True, $"shape {shape} ({CaptureAndTrainLayout.Labels[shape]}) is never the only one in view");
            }
        }

        [Test]
        public void TheCameraMovesAsItCircles()
        {
            var path = CaptureAndTrainLayout.CameraPath;
            Assert.That(Vector3.Distance(path.Position(0f), path.Position(90f)), Is.GreaterThan(1f));
        }

        // The pose the sample used to have: on the orbit axis above the centre, looking straight down.
        [Test]
        public void TheCheckRejectsACameraOnTheAxisLookingDown()
        {
            var camera = new Vector3(0f, 1.2f, 0f);
            var target = new Vector3(0f, 0.5f, 0f);
            var upAxisSafeTarget = target + new Vector3(0f, 0f, 1e-3f); // LookAt straight down has no defined roll
            Assert.That(Enumerable.Range(0, 3).Any(i => Sees(camera, upAxisSafeTarget, CaptureAndTrainLayout.ShapePosition(i), Margin, 16f / 9f)), Is.False);
        }
    }
}
