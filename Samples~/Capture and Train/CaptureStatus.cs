#nullable enable
using Sightline.Unity.Capture;
using UnityEngine;

namespace Sightline.Samples.CaptureAndTrain
{
    /// <summary>Shows what a FrameCapture is doing: where it writes, how many frames, why a view was skipped.</summary>
    [AddComponentMenu("Sightline/Samples/Capture Status")]
    [RequireComponent(typeof(FrameCapture))]
    public sealed class CaptureStatus : MonoBehaviour
    {
        [SerializeField] private KeyCode toggleKey = KeyCode.R;

        FrameCapture? _capture;

        void OnEnable() => _capture = GetComponent<FrameCapture>();

        void Update()
        {
            if (_capture == null || !Input.GetKeyDown(toggleKey)) return;
            if (_capture.IsCapturing) _capture.StopCapturing();
            else _capture.StartCapturing();
        }

        void OnGUI()
        {
            if (_capture == null) return;
            GUI.Label(new Rect(10, 10, 1000, 22), $"dataset: {_capture.DatasetPath} ({(_capture.IsReady ? "open" : "opening...")})");
            GUI.Label(new Rect(10, 30, 1000, 22), $"{(_capture.IsCapturing ? "capturing every " + _capture.IntervalSeconds + " s" : "paused")} (press {toggleKey}); C captures now; 1-3 capture as cube / sphere / cylinder");
            GUI.Label(new Rect(10, 50, 1000, 22), $"written {_capture.FramesWritten}, dropped {_capture.FramesDropped}, skipped views {_capture.ViewsSkipped}");
            if (_capture.LastSkipReason.Length > 0) GUI.Label(new Rect(10, 70, 1000, 22), "last skip: " + _capture.LastSkipReason);
        }
    }
}
