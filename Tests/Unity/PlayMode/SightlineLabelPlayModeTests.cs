using NUnit.Framework;
using Sightline.Unity.Capture;
using UnityEngine;

namespace Sightline.Tests.Unity
{
    /// <summary>SightlineLabel in Play Mode (Unity Test Runner).</summary>
    public class SightlineLabelPlayModeTests
    {
        ComponentScene _scene = null!;

        [SetUp]
        public void Build() => _scene = new ComponentScene();

        [TearDown]
        public void TearDown() => _scene.Destroy();

        [Test]
        public void AnObjectInFrontOfTheCameraHasAViewRectInsideTheView()
        {
            var label = _scene.Cube.AddComponent<SightlineLabel>();
            label.SetLabel("cube");
            Assert.That(SightlineLabel.Active, Does.Contain(label));
            Assert.That(label.TryGetViewRect(_scene.Camera, out var rect), Is.True);
            Assert.That(rect.XMin, Is.GreaterThan(0.2f).And.LessThan(0.5f));
            Assert.That(rect.XMax, Is.GreaterThan(0.5f).And.LessThan(0.8f));
        }

        [Test]
        public void AnObjectBehindTheCameraHasNoViewRect()
        {
            _scene.Cube.transform.position = new Vector3(0f, 0.5f, -8f);
            var label = _scene.Cube.AddComponent<SightlineLabel>();
            Assert.That(label.TryGetViewRect(_scene.Camera, out _), Is.False);
        }

        [Test]
        public void ADisabledLabelLeavesTheActiveList()
        {
            var label = _scene.Cube.AddComponent<SightlineLabel>();
            label.enabled = false;
            Assert.That(SightlineLabel.Active, Does.Not.Contain(label));
        }
    }
}
