#nullable enable
using Sightline.Classification;
using Sightline.Unity.Classification;
using Sightline.Unity.Keys;
using UnityEngine;

namespace Sightline.Samples.CameraClassifier
{
    /// <summary>Shows a SightlineClassifier's latest top-k labels (and its state) in the corner of the game view.</summary>
    [AddComponentMenu("Sightline/Samples/Classification Overlay")]
    public sealed class ClassificationOverlay : MonoBehaviour
    {
        [SerializeField] private SightlineClassifier? classifier;
        [SerializeField] private KeyCode classifyKey = KeyCode.Space;

        ClassificationResult? _latest;
        string _keyProblem = "";

        void OnEnable()
        {
            if (classifier == null) classifier = GetComponent<SightlineClassifier>();
            if (classifier != null) classifier.Classified += Show;
        }

        void OnDisable()
        {
            if (classifier != null) classifier.Classified -= Show;
        }

        // Raised on the main thread by the classifier, so it is safe to keep and draw.
        void Show(ClassificationResult result) => _latest = result;

        void Update()
        {
            if (classifier == null || _keyProblem.Length > 0) return;
            try
            {
                if (KeyPresses.WasPressedThisFrame(classifyKey)) classifier.ClassifyNow();
            }
            catch (System.Exception e)
            {
                // The key cannot be read with this input backend: say so, keep classifying on the schedule.
                _keyProblem = e.Message;
            }
        }

        void OnGUI()
        {
            if (classifier == null)
            {
                GUI.Label(new Rect(10, 10, 600, 22), "Assign a SightlineClassifier to the overlay.");
                return;
            }
            GUI.Label(new Rect(10, 10, 900, 22), $"{classifier.State} {classifier.EngineName}  {classifier.StatusMessage}");
            if (_latest == null) return;
            float y = 34;
            foreach (var score in _latest.Top)
            {
                GUI.Label(new Rect(10, y, 600, 22), $"{score.Label,-20} {score.Probability:P1}");
                y += 20;
            }
            GUI.Label(new Rect(10, y + 4, 900, 22), $"classified {classifier.FramesClassified} frames, skipped {classifier.FramesSkipped} while busy; " +
                (_keyProblem.Length > 0 ? "keys: " + _keyProblem : $"press {classifyKey} to classify now"));
        }
    }
}
