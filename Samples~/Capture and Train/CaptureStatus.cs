#nullable enable
using System.Text;
using Sightline.Unity.Capture;
using Sightline.Unity.Keys;
using UnityEngine;

namespace Sightline.Samples.CaptureAndTrain
{
    /// <summary>Shows what a FrameCapture is doing: where it writes, its keys, how many frames, why a view was skipped.</summary>
    [AddComponentMenu("Sightline/Samples/Capture Status")]
    [RequireComponent(typeof(FrameCapture))]
    public sealed class CaptureStatus : MonoBehaviour
    {
        [SerializeField] private KeyCode toggleKey = KeyCode.R;

        FrameCapture? _capture;
        string _keyProblem = "";

        void OnEnable() => _capture = GetComponent<FrameCapture>();

        void Update()
        {
            if (_capture == null || _keyProblem.Length > 0) return;
            bool pressed;
            try
            {
                pressed = KeyPresses.WasPressedThisFrame(toggleKey);
            }
            catch (System.Exception e)
            {
                // The toggle key cannot be read with this input backend: show why, keep the scene running.
                _keyProblem = e.Message;
                return;
            }
            if (!pressed) return;
            if (_capture.IsCapturing) _capture.StopCapturing();
            else _capture.StartCapturing();
        }

        /// <summary>The keys as the capture has them, so the text never promises a key it lacks.</summary>
        static string Keys(FrameCapture capture, KeyCode toggle)
        {
            var text = new StringBuilder();
            text.Append("press ").Append(toggle).Append(" to start or stop");
            if (capture.CaptureKey != KeyCode.None) text.Append("; ").Append(capture.CaptureKey).Append(" captures now");
            foreach (var hotkey in capture.LabelHotkeys)
                if (hotkey != null && hotkey.Key != KeyCode.None) text.Append("; ").Append(hotkey.Key).Append(" captures as ").Append(hotkey.Label);
            return text.ToString();
        }

        void OnGUI()
        {
            if (_capture == null) return;
            GUI.Label(new Rect(10, 10, 1000, 22), $"dataset: {_capture.DatasetPath} ({(_capture.IsReady ? "open" : "opening...")})");
            GUI.Label(new Rect(10, 30, 1000, 22), $"{(_capture.IsCapturing ? "capturing every " + _capture.IntervalSeconds + " s" : "paused")} ({Keys(_capture, toggleKey)})");
            GUI.Label(new Rect(10, 50, 1000, 22), $"written {_capture.FramesWritten}, dropped {_capture.FramesDropped}, skipped views {_capture.ViewsSkipped}");
            float y = 70;
            if (_capture.LastSkipReason.Length > 0) { GUI.Label(new Rect(10, y, 1000, 22), "last skip: " + _capture.LastSkipReason); y += 20; }
            string keys = _keyProblem.Length > 0 ? _keyProblem : _capture.HotkeyProblem;
            if (keys.Length > 0) GUI.Label(new Rect(10, y, 1000, 22), "keys: " + keys);
        }
    }
}
