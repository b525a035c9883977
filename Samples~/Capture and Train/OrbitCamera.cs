#nullable enable
using UnityEngine;

namespace Sightline.Samples.CaptureAndTrain
{
    /// <summary>Circles the camera around a point, rising and falling a little, so captured views vary.</summary>
    [AddComponentMenu("Sightline/Samples/Orbit Camera")]
    public sealed class OrbitCamera : MonoBehaviour
    {
        [SerializeField] private Vector3 target = new Vector3(0f, 0.5f, 0f);
        [SerializeField] private float degreesPerSecond = 20f;

        void Update()
        {
            transform.RotateAround(target, Vector3.up, degreesPerSecond * Time.deltaTime);
            transform.LookAt(target);
        }
    }
}
