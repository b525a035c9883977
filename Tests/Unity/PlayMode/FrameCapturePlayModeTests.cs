using System;
using System.Collections;
using System.IO;
using NUnit.Framework;
using Sightline.Unity.Capture;
using UnityEngine;
using UnityEngine.TestTools;

namespace Sightline.Tests.Unity
{
    /// <summary>FrameCapture in Play Mode (Unity Test Runner): frames reach the dataset folder.</summary>
    public class FrameCapturePlayModeTests
    {
        ComponentScene _scene = null!;
        string _folder = "";

        [SetUp]
        public void Build()
        {
            _scene = new ComponentScene();
            _scene.Cube.AddComponent<SightlineLabel>().SetLabel("cube");
            _folder = Path.Combine(Path.GetTempPath(), "sightline-capture-" + Guid.NewGuid().ToString("N"));
        }

        [TearDown]
        public void TearDown()
        {
            _scene.Destroy();
            // The writer finishes on a worker thread after the component goes; a folder it still writes stays behind.
            try { if (Directory.Exists(_folder)) Directory.Delete(_folder, true); } catch (IOException) { }
        }

        FrameCapture AddCapture()
        {
            // Inactive while set up: the dataset folder is opened when the component is enabled.
            var camera = _scene.Camera.gameObject;
            camera.SetActive(false);
            var capture = camera.AddComponent<FrameCapture>();
            capture.SetDatasetFolder(_folder);
            capture.SetInterval(0.05f);
            camera.SetActive(true);
            return capture;
        }

        static IEnumerator WaitFor(Func<bool> done, int frames)
        {
            for (int i = 0; i < frames && !done(); i++) yield return null;
        }

        [UnityTest]
        public IEnumerator ScheduledCapturesWriteLabelledFrames()
        {
            Assume.That(SystemInfo.supportsAsyncGPUReadback, Is.True, "this graphics device has no AsyncGPUReadback");
            var capture = AddCapture();
            capture.StartCapturing();
            yield return WaitFor(() => capture.FramesWritten >= 2, 600);
            Assert.That(capture.FramesWritten, Is.GreaterThanOrEqualTo(2), "last skip: " + capture.LastSkipReason);
            Assert.That(Directory.GetFiles(Path.Combine(_folder, "frames", "cube"), "*.png").Length, Is.GreaterThanOrEqualTo(1));
        }

        [UnityTest]
        public IEnumerator AHotkeyLabelIsUsedAsIs()
        {
            Assume.That(SystemInfo.supportsAsyncGPUReadback, Is.True, "this graphics device has no AsyncGPUReadback");
            var capture = AddCapture();
            capture.SetLabelHotkeys(new LabelHotkey(KeyCode.Alpha1, "crate"));
            capture.CaptureNow("crate");
            yield return WaitFor(() => capture.FramesWritten >= 1, 600);
            Assert.That(Directory.Exists(Path.Combine(_folder, "frames", "crate")), Is.True);
            Assert.That(capture.HotkeyProblem, Is.Empty, "hotkeys failed under this project's input settings");
        }

        [Test]
        public void AHotkeyWithoutALabelIsRefused()
        {
            var capture = AddCapture();
            Assert.That(() => capture.SetLabelHotkeys(new LabelHotkey(KeyCode.Alpha1, " ")),
                Throws.ArgumentException.With.Message.Contains("Alpha1"));
        }

        // The readback lands a frame or two later; the component is gone by then and must not be touched.
        [UnityTest]
        public IEnumerator DestroyingTheComponentWithAReadbackInFlightIsQuiet()
        {
            var capture = AddCapture();
            capture.CaptureNow("cube");
            yield return null; // the capture is requested in this frame's Update
            UnityEngine.Object.Destroy(capture);
            yield return WaitFor(() => false, 10);
            Assert.That(capture == null, Is.True);
        }
    }
}
