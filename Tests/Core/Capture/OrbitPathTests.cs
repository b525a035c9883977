using System;
using System.Numerics;
using NUnit.Framework;
using Sightline.Capture;

namespace Sightline.Tests.Core.Capture
{
    public class OrbitPathTests
    {
        [Test]
        public void ACameraOnTheAxisIsRefused()
        {
            Assert.That(() => new OrbitPath(new Vector3(0, 0.5f, 0), 0f, 1.2f, 0f),
                Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("radius").And.Message.Contains("does not move"));
        }

        [Test]
        public void TheCameraCirclesTheAxisAtItsRadiusAndHeight()
        {
            var path = new OrbitPath(new Vector3(1, 0.5f, 2), 4f, 1.5f, 0f);
            foreach (float degrees in new[] { 0f, 90f, 200f })
            {
                var p = path.Position(degrees);
                Assert.That(new Vector2(p.X - 1, p.Z - 2).Length(), Is.EqualTo(4f).Within(1e-5f));
                Assert.That(p.Y, Is.EqualTo(1.5f));
            }
            Assert.That(Vector3.Distance(path.Position(0), new Vector3(1, 1.5f, 6)), Is.LessThan(1e-5f));
            Assert.That(Vector3.Distance(path.Position(90), new Vector3(5, 1.5f, 2)), Is.LessThan(1e-5f));
        }

        [Test]
        public void LookingInwardTargetsTheCentreAndOutwardTargetsAPointBeyondTheCamera()
        {
            var center = new Vector3(0, 0.5f, 0);
            Assert.That(new OrbitPath(center, 5f, 2f, 0f).LookTarget(30f), Is.EqualTo(center));
            var outward = new OrbitPath(center, 1f, 1f, 2f);
            var target = outward.LookTarget(90f);
            Assert.That(Vector3.Distance(target, new Vector3(3f, 0.5f, 0f)), Is.LessThan(1e-5f));
        }
    }
}
