#nullable enable
using Sightline.Unity.Classification;
using Sightline.Unity.Keys;
using UnityEngine;

namespace Sightline.Samples.CameraClassifier
{
    /// <summary>
    /// Classifies the camera's view at once when a key is pressed, between the classifier's scheduled frames. The
    /// labels are shown by the package's Sightline Overlay on the same object; this sample only adds the key.
    /// </summary>
    [AddComponentMenu("Sightline/Samples/Classify On Key")]
    public sealed class ClassifyOnKey : MonoBehaviour
    {
        [SerializeField] private SightlineClassifier? classifier;
        [SerializeField] private KeyCode classifyKey = KeyCode.Space;

        string _keyProblem = "";

        /// <summary>Why the key cannot be read with this project's input backend; empty while it can.</summary>
        public string KeyProblem => _keyProblem;

        void OnEnable()
        {
            if (classifier == null) classifier = GetComponent<SightlineClassifier>();
        }

        void Update()
        {
            if (classifier == null || _keyProblem.Length > 0) return;
            try
            {
                if (KeyPresses.WasPressedThisFrame(classifyKey)) classifier.ClassifyNow();
            }
            catch (System.Exception e)
            {
                // The key cannot be read with this input backend: say so once, keep classifying on the schedule.
                _keyProblem = e.Message;
                Debug.LogWarning($"Classify On Key: {classifyKey} cannot be read ({e.Message}); the classifier keeps its schedule.", this);
            }
        }
    }
}
