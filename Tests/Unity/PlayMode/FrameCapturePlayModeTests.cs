using System;
using System.IO;
using System.Linq;
using NUnit.Framework;
using Sightline.Unity.Capture;
using UnityEngine;

namespace Sightline.Tests.Unity
{
    /// <summary>
    /// FrameCapture in Play Mode (Unity Test Runner), within one frame. Frame-by-frame capture (keys, the interval, readbacks landing
    /// after a destroy) is played headless in the .NET tests (CaptureAndTrainPlayTests).
    /// </summary>
    public class FrameCapturePlayModeTests
    {
        ComponentScene _scene = null!;
        string _folder = "";

        [SetUp]
        public void Build()
        {
            _scene = new ComponentScene();
            _folder = Path.Combine(Path.GetTempPath(), "sightline-capture-" + Guid.NewGuid().ToString("N"));
        }

        [TearDown]
        public void TearDown() => _scene.Destroy();

        FrameCapture AddCapture()
        {
            // Inactive while set up: the dataset folder is opened when the component is enabled.
            var camera = _scene.Camera.gameObject;
            camera.SetActive(false);
            var capture = camera.AddComponent<FrameCapture>();
            capture.SetDatasetFolder(_folder);
            camera.SetActive(true);
            return capture;
        }

        [Test]
        public void LabelHotkeysCanBeSetFromCode()
        {
            var capture = AddCapture();
            capture.SetLabelHotkeys(new LabelHotkey(KeyCode.Alpha1, "cube"), new LabelHotkey(KeyCode.Alpha2, "sphere"));
            Assert.That(capture.LabelHotkeys.Select(h => h.Label), Is.EqualTo(new[] { "cube", "sphere" }));
            Assert.That(capture.HotkeyProblem, Is.Empty);
        }

        [Test]
        public void AHotkeyWithoutALabelIsRefused()
        {
            var capture = AddCapture();
            Assert.That(() => capture.SetLabelHotkeys(new LabelHotkey(KeyCode.Alpha1, " ")),
                Throws.ArgumentException.With.Message.Contains("Alpha1"));
        }

        [Test]
        public void MinimumCoverageIsAShareOfTheView()
        {
            var capture = AddCapture();
            capture.SetMinimumCoverage(0.14f);
            Assert.That(capture.MinimumCoverage, Is.EqualTo(0.14f));
            Assert.That(() => capture.SetMinimumCoverage(1.5f), Throws.InstanceOf<System.ArgumentOutOfRangeException>().With.Message.Contains("minimum coverage"));
            Assert.That(() => capture.SetMinimumCoverage(float.NaN), Throws.InstanceOf<System.ArgumentOutOfRangeException>());
            Assert.That(capture.MinimumCoverage, Is.EqualTo(0.14f));
        }

        [Test]
        public void LabelsComeFromPixelsWhereTheRenderPipelineAllowsElseFromBounds()
        {
            var capture = AddCapture();
            string? problem = ObjectIdPass.Unsupported(out _);
            Assert.That(capture.CoverageFromPixels, Is.EqualTo(problem == null));
            if (problem == null) Assert.That(capture.LabelMethod, Is.EqualTo("pixels"));
            else Assert.That(capture.LabelMethod, Does.StartWith("bounds (").And.Contain(problem));
            capture.SetLabelsFromPixels(false);
            Assert.That(capture.CoverageFromPixels, Is.False);
            Assert.That(capture.LabelMethod, Is.EqualTo("bounds (Label From Pixels is off)"));
        }

        [Test]
        public void StartingAndStoppingSwitchesScheduledCapture()
        {
            var capture = AddCapture();
            Assert.That(capture.IsCapturing, Is.False);
            capture.StartCapturing();
            Assert.That(capture.IsCapturing, Is.True);
            capture.StopCapturing();
            Assert.That(capture.IsCapturing, Is.False);
            Assert.That(capture.DatasetPath, Is.EqualTo(_folder));
        }
    }
}
