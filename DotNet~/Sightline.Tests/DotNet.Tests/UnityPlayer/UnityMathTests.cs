using NUnit.Framework;
using Sightline.UnityPlayer;
using UnityEngine;

namespace Sightline.Tests.UnityPlayer
{
    /// <summary>
    /// The shim's Vector3, Quaternion, Transform, Camera and Bounds against worked values from Unity 2022.3's C#
    /// reference source (UnityCsReference, branch 2022.3; paths below) and the 2022.3 Scripting Reference. Unity is
    /// left-handed: x right, y up, z forward.
    /// </summary>
    [TestFixture]
    [Category("SamplePlay")]
    public sealed class UnityMathTests
    {
        const float Tolerance = 1e-5f;
        Player _player = null!;

        [SetUp]
        public void SetUp() => _player = new Player();

        [TearDown]
        public void TearDown() => _player.Dispose();

        static void Near(Vector3 actual, float x, float y, float z, float tolerance = Tolerance)
        {
            Assert.That(actual.x, Is.EqualTo(x).Within(tolerance), $"x of {actual}");
            Assert.That(actual.y, Is.EqualTo(y).Within(tolerance), $"y of {actual}");
            Assert.That(actual.z, Is.EqualTo(z).Within(tolerance), $"z of {actual}");
        }

        // Runtime/Export/Math/Vector3.cs: Cross(lhs, rhs) = (ly rz - lz ry, lz rx - lx rz, lx ry - ly rx); in Unity's
        // left-handed axes up x forward is right.
        [Test]
        public void CrossOfUpAndForwardIsRight() => Near(Vector3.Cross(Vector3.up, Vector3.forward), 1, 0, 0);

        // Runtime/Export/Math/Vector3.cs: Normalize returns zero when the magnitude is not above kEpsilon (1e-5).
        [Test]
        public void NormalizeOfATinyVectorIsZero()
        {
            Near(new Vector3(3e-6f, 0, 0).normalized, 0, 0, 0);
            Near(new Vector3(3, 0, 4).normalized, 0.6f, 0, 0.8f);
        }

        // Scripting Reference, Quaternion.Euler: "A rotation 30 degrees around the y-axis: Quaternion.Euler(0, 30, 0)".
        [Test]
        public void EulerYawTurnsForwardTowardsRight()
        {
            var q = Quaternion.Euler(0, 30, 0);
            Near(q * Vector3.forward, 0.5f, 0, Mathf.Cos(30 * Mathf.Deg2Rad));
            Assert.That(Quaternion.Dot(q, Quaternion.AngleAxis(30, Vector3.up)), Is.EqualTo(1f).Within(Tolerance));
        }

        // Scripting Reference, Quaternion.Euler: "rotates z degrees around the z axis, x degrees around the x axis, and
        // y degrees around the y axis; applied in that order". Up: z does nothing, x 90 makes it forward, y 90 makes
        // that right. Another order (y first, then x) would leave it forward.
        [Test]
        public void EulerAppliesZThenXThenY()
        {
            Near(Quaternion.Euler(90, 90, 0) * Vector3.up, 1, 0, 0);
            Near(Quaternion.Euler(0, 0, 90) * Vector3.right, 0, 1, 0);
            Near(Quaternion.Euler(90, 0, 0) * Vector3.forward, 0, -1, 0);
        }

        // Runtime/Export/Math/Quaternion.cs: eulerAngles is the inverse of Euler, made positive (0..360).
        [Test]
        public void EulerAnglesRoundTripAndArePositive()
        {
            Near(Quaternion.Euler(30, 45, 60).eulerAngles, 30, 45, 60, 1e-3f);
            Near(Quaternion.Euler(-30, 0, 0).eulerAngles, 330, 0, 0, 1e-3f);
        }

        // Runtime/Export/Math/Quaternion.cs, operator*(Quaternion, Vector3): the rotation written out as a matrix.
        // The shim computes it another way; both must agree.
        [Test]
        public void RotatingAPointMatchesUnitysMatrixForm()
        {
            var q = Quaternion.Euler(20, -70, 35);
            var p = new Vector3(0.3f, -1.2f, 2.5f);
            float x = q.x * 2, y = q.y * 2, z = q.z * 2;
            float xx = q.x * x, yy = q.y * y, zz = q.z * z, xy = q.x * y, xz = q.x * z, yz = q.y * z, wx = q.w * x, wy = q.w * y, wz = q.w * z;
            Near(q * p,
                (1 - (yy + zz)) * p.x + (xy - wz) * p.y + (xz + wy) * p.z,
                (xy + wz) * p.x + (1 - (xx + zz)) * p.y + (yz - wx) * p.z,
                (xz - wy) * p.x + (yz + wx) * p.y + (1 - (xx + yy)) * p.z, 1e-5f);
            // operator*(Quaternion, Quaternion) composes: (a * b) * p == a * (b * p).
            var a = Quaternion.Euler(10, 20, 30);
            var composed = (a * q) * p;
            var nested = a * (q * p);
            Near(composed, nested.x, nested.y, nested.z, 1e-5f);
        }

        // Scripting Reference, Quaternion.LookRotation: Z along forward, X along Cross(upwards, forward), identity for a
        // zero forward; colinear forward and upwards give FromToRotation(Vector3.forward, forward).
        [Test]
        public void LookRotationAlignsZWithForwardAndFallsBackWhenColinear()
        {
            var q = Quaternion.LookRotation(new Vector3(1, 0, 0), Vector3.up);
            Near(q * Vector3.forward, 1, 0, 0);
            Near(q * Vector3.up, 0, 1, 0);
            Near(q * Vector3.right, 0, 0, -1);
            var down = Quaternion.LookRotation(Vector3.down, Vector3.up);
            Near(down * Vector3.forward, 0, -1, 0);
            Assert.That(Quaternion.Dot(down, Quaternion.FromToRotation(Vector3.forward, Vector3.down)), Is.EqualTo(1f).Within(Tolerance));
            Assert.That(Quaternion.LookRotation(Vector3.zero, Vector3.up).w, Is.EqualTo(1f));
        }

        // Runtime/Transform/ScriptBindings/Transform.bindings.cs, RotateAround: position = point + AngleAxis(angle, axis)
        // * (position - point), and the rotation turns by the same angle about the world axis.
        [Test]
        public void RotateAroundMovesAboutTheWorldPointAndTurns()
        {
            var t = new GameObject("orbiter").transform;
            t.position = new Vector3(3, 1, 0);
            t.RotateAround(new Vector3(0, 1, 0), Vector3.up, 90);
            Near(t.position, 0, 1, -3);
            Near(t.forward, 1, 0, 0);
        }

        // The same RotateAround: a transform on the axis through the point does not move (the Capture and Train camera
        // at (0, 1.2, 0) orbiting (0, 0.5, 0) about Vector3.up), and LookAt from there points straight down.
        [Test]
        public void OnTheOrbitAxisRotateAroundDoesNotMoveAndLookAtPointsDown()
        {
            var t = new GameObject("camera").transform;
            t.position = new Vector3(0, 1.2f, 0);
            t.RotateAround(new Vector3(0, 0.5f, 0), Vector3.up, 20);
            Near(t.position, 0, 1.2f, 0);
            t.LookAt(new Vector3(0, 0.5f, 0));
            Near(t.forward, 0, -1, 0);
        }

        // Transform.bindings.cs: LookAt(worldPosition) is LookAt(worldPosition, Vector3.up); forward is rotation *
        // Vector3.forward, up rotation * Vector3.up, right rotation * Vector3.right.
        [Test]
        public void LookAtPointsForwardAtTheTargetKeepingUpUp()
        {
            var t = new GameObject("camera").transform;
            t.position = new Vector3(0, 1, -10);
            t.LookAt(new Vector3(0, 1, 0));
            Near(t.forward, 0, 0, 1);
            t.LookAt(new Vector3(10, 1, -10));
            Near(t.forward, 1, 0, 0);
            Near(t.up, 0, 1, 0);
            Near(t.right, 0, 0, -1);
        }

        // Scripting Reference, Transform.TransformPoint: local to world space, affected by scale, rotation and the
        // parent's transform.
        [Test]
        public void TransformPointAppliesScaleRotationPositionAndParent()
        {
            var parent = new GameObject("parent").transform;
            parent.position = new Vector3(1, 0, 0);
            parent.rotation = Quaternion.Euler(0, 90, 0);
            parent.localScale = new Vector3(2, 2, 2);
            Near(parent.TransformPoint(new Vector3(0, 0, 1)), 3, 0, 0);
            var child = new GameObject("child").transform;
            child.SetParent(parent);
            child.localPosition = new Vector3(0, 0, 1);
            Near(child.position, 3, 0, 0);
            Near(parent.InverseTransformPoint(new Vector3(3, 0, 0)), 0, 0, 1);
        }

        // Camera.bindings.cs and Scripting Reference, Camera.WorldToViewportPoint: bottom-left (0,0), top-right (1,1),
        // z in world units from the camera; fieldOfView is vertical (60 for a new camera); aspect is width / height.
        [Test]
        public void WorldToViewportPointMapsTheFrustumToTheUnitSquare()
        {
            var camera = new GameObject("camera").AddComponent<Camera>();
            Assert.That(camera.fieldOfView, Is.EqualTo(60f));
            Assert.That(camera.aspect, Is.EqualTo(1280f / 720f).Within(Tolerance));
            camera.transform.position = new Vector3(0, 0, -5);
            float top = 5 * Mathf.Sin(30 * Mathf.Deg2Rad) / Mathf.Cos(30 * Mathf.Deg2Rad);
            Near(camera.WorldToViewportPoint(Vector3.zero), 0.5f, 0.5f, 5);
            Near(camera.WorldToViewportPoint(new Vector3(0, top, 0)), 0.5f, 1, 5);
            Near(camera.WorldToViewportPoint(new Vector3(-top * camera.aspect, -top, 0)), 0, 0, 5);
            // Behind the camera z is negative.
            Assert.That(camera.WorldToViewportPoint(new Vector3(0, 0, -6)).z, Is.EqualTo(-1f).Within(Tolerance));
            camera.targetTexture = new RenderTexture(200, 100, 24);
            Assert.That(camera.aspect, Is.EqualTo(2f));
        }

        // Runtime/Export/Geometry/Bounds.cs: extents are half the size; Encapsulate grows min and max.
        [Test]
        public void BoundsEncapsulateGrowsMinAndMax()
        {
            var b = new Bounds(new Vector3(1, 1, 1), new Vector3(2, 2, 2));
            Near(b.extents, 1, 1, 1);
            b.Encapsulate(new Bounds(new Vector3(4, 0, 0), new Vector3(2, 2, 2)));
            Near(b.min, 0, -1, -1);
            Near(b.max, 5, 2, 2);
        }

        // Runtime/Export/Scripting/UnityEngineObject.bindings.cs, CompareBaseObjects: a destroyed object equals null
        // and converts to false.
        [Test]
        public void ADestroyedObjectEqualsNull()
        {
            var gameObject = new GameObject("gone");
            Assert.That(gameObject == null, Is.False);
            Object.DestroyImmediate(gameObject);
            Assert.That(gameObject == null, Is.True);
            Assert.That((bool)gameObject, Is.False);
        }

        // Runtime/Export/Graphics/GraphicsFormatUtility.bindings.cs, GetGraphicsFormat(RenderTextureFormat,
        // RenderTextureReadWrite): sRGB for RenderTextureReadWrite.sRGB, or for Default in a Linear project.
        [TestCase(ColorSpace.Linear, RenderTextureReadWrite.Default, true)]
        [TestCase(ColorSpace.Gamma, RenderTextureReadWrite.Default, false)]
        [TestCase(ColorSpace.Gamma, RenderTextureReadWrite.sRGB, true)]
        [TestCase(ColorSpace.Linear, RenderTextureReadWrite.Linear, false)]
        public void RenderTextureIsSrgbAsUnityDecides(ColorSpace space, RenderTextureReadWrite readWrite, bool srgb)
        {
            _player.Dispose();
            _player = new Player(new PlayerOptions { ColorSpace = space });
            Assert.That(QualitySettings.activeColorSpace, Is.EqualTo(space));
            Assert.That(new RenderTexture(8, 8, 0, RenderTextureFormat.ARGB32, readWrite).sRGB, Is.EqualTo(srgb));
        }
    }
}
