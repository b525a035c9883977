#nullable enable
using Sightline.Capture;
using UnityEngine;

namespace Sightline.Samples.CaptureAndTrain
{
    /// <summary>Moves the camera along an <see cref="OrbitPath"/> so captured views vary.</summary>
    [AddComponentMenu("Sightline/Samples/Orbit Camera")]
    public sealed class OrbitCamera : MonoBehaviour
    {
        [SerializeField, Tooltip("The point the camera circles.")]
        private Vector3 center = new Vector3(0f, 0.5f, 0f);
        [SerializeField, Min(0.01f), Tooltip("Distance from the vertical axis through the centre (must be above 0, or the camera never moves).")]
        private float radius = 1f;
        [SerializeField, Tooltip("Camera height (world y).")]
        private float height = 1f;
        [SerializeField, Min(0f), Tooltip("0: look at the centre; above 0: look outward, at a point this far beyond the camera.")]
        private float outwardLook = 2f;
        [SerializeField, Tooltip("Degrees around the axis per second of game time.")]
        private float degreesPerSecond = 20f;
        [SerializeField, Tooltip("Where on the circle the camera starts (0 is +z).")]
        private float startDegrees;

        float _degrees;
        OrbitPath? _path;

        /// <summary>Sets the path (the scene builder calls this) and places the camera at its start.</summary>
        public void Configure(OrbitPath path, float degrees)
        {
            center = new Vector3(path.Center.X, path.Center.Y, path.Center.Z);
            radius = path.Radius;
            height = path.Height;
            outwardLook = path.OutwardLook;
            startDegrees = degrees;
            _path = path;
            _degrees = degrees;
            Place();
        }

        void OnEnable()
        {
            _path = FromFields();
            _degrees = startDegrees;
            Place();
        }

        OrbitPath FromFields() =>
            new OrbitPath(new System.Numerics.Vector3(center.x, center.y, center.z), Mathf.Max(0.01f, radius), height, Mathf.Max(0f, outwardLook));

        // Inspector edits in Play mode rebuild the path at the next frame.
        void OnValidate() => _path = null;

        void Update()
        {
            if (_path == null) _path = FromFields();
            _degrees = (_degrees + degreesPerSecond * Time.deltaTime) % 360f;
            Place();
        }

        void Place()
        {
            if (_path == null) return;
            var p = _path.Position(_degrees);
            var t = _path.LookTarget(_degrees);
            transform.position = new Vector3(p.X, p.Y, p.Z);
            transform.LookAt(new Vector3(t.X, t.Y, t.Z));
        }
    }
}
