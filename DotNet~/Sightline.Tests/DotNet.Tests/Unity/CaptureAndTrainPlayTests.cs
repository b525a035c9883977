using System.IO;
using System.Linq;
using NUnit.Framework;
using Sightline.Samples.CaptureAndTrain.EditorTools;
using Sightline.UnityPlayer;
using Sightline.Unity.Capture;
using UnityEngine;

namespace Sightline.Tests.Unity
{
    /// <summary>
    /// The Capture and Train sample played headless (Sightline.UnityPlayer): its builder's scene, then Play, keys and
    /// frames as in Unity with the default Active Input Handling (Input Manager).
    /// </summary>
    [TestFixture]
    [Category("SamplePlay")]
    public sealed class CaptureAndTrainPlayTests
    {
        Player _player = null!;
        FrameCapture _capture = null!;

        [SetUp]
        public void BuildAndPlay()
        {
            _player = new Player();
            _player.Build(CaptureAndTrainSceneBuilder.Build);
            _player.Play();
            _capture = _player.FindComponent<FrameCapture>();
            Assert.That(StepUntil(() => _capture.IsReady, 600), Is.True, "the dataset folder never opened");
        }

        // The dataset writer opens and writes on worker threads: frames wait for them in wall-clock time too.
        bool StepUntil(System.Func<bool> done, int maxFrames)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int frame = 0; frame < maxFrames || clock.Elapsed.TotalSeconds < 1; frame++)
            {
                if (clock.Elapsed.TotalSeconds > 60) return done();
                _player.Step();
                if (done()) return true;
                System.Threading.Thread.Sleep(2);
            }
            return done();
        }

        [TearDown]
        public void TearDown() => _player.Dispose();

        string[] FramesOf(string label)
        {
            string folder = Path.Combine(_capture.DatasetPath, "frames", label);
            return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.png") : new string[0];
        }

        [Test]
        public void RStartsCapturingTheShapesTheCameraCirclesPast()
        {
            _player.Press(KeyCode.R);
            // A lap takes 18 s of game time (540 frames); every shape passes through the view once a lap.
            var labels = new[] { "cube", "sphere", "cylinder" };
            Assert.That(StepUntil(() => labels.All(l => FramesOf(l).Length > 0), 1200), Is.True,
                $"{_capture.FramesWritten} frames written ({string.Join(", ", labels.Select(l => l + " " + FramesOf(l).Length))}); last skip: {_capture.LastSkipReason}");
            Assert.That(_capture.HotkeyProblem, Is.Empty);
            Assert.That(_player.Errors, Is.Empty);
        }

        [TestCase(KeyCode.Alpha1, "cube")]
        [TestCase(KeyCode.Alpha2, "sphere")]
        [TestCase(KeyCode.Alpha3, "cylinder")]
        public void KeysOneToThreeCaptureAsTheShapeTheStatusLineNames(KeyCode key, string label)
        {
            Assert.That(_capture.LabelHotkeys.Select(h => (h.Key, h.Label)), Does.Contain((key, label)));
            _player.Press(key);
            Assert.That(StepUntil(() => _capture.FramesWritten >= 1, 300), Is.True, _capture.LastSkipReason);
            Assert.That(FramesOf(label).Length, Is.EqualTo(1));
            Assert.That(_player.Errors, Is.Empty);
        }

        // The readback lands a frame later; the component is gone by then.
        [Test]
        public void DestroyingTheCaptureWithAReadbackInFlightIsQuiet()
        {
            _capture.CaptureNow("cube");
            _player.Step(1);
            Assert.That(_player.ReadbacksPending, Is.GreaterThan(0), "the capture did not request a readback");
            Object.Destroy(_capture);
            _player.Step(5);
            Assert.That(_capture == null, Is.True);
            Assert.That(_player.Errors, Is.Empty);
        }
    }
}
