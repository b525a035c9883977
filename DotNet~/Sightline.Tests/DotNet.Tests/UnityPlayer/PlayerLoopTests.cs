using System.Collections.Generic;
using NUnit.Framework;
using Sightline.UnityPlayer;
using UnityEngine;
using UnityEngine.Rendering;

namespace Sightline.Tests.UnityPlayer
{
    /// <summary>
    /// The harness plays event functions in Unity's documented order (Scripting Reference, "Order of execution for
    /// event functions"), completes AsyncGPUReadback requests on a later frame, and draws cameras the right way up.
    /// </summary>
    [TestFixture]
    [Category("SamplePlay")]
    public sealed class PlayerLoopTests
    {
        Player _player = null!;

        [SetUp]
        public void SetUp() => _player = new Player();

        [TearDown]
        public void TearDown() => _player.Dispose();

        [Test]
        public void EventFunctionsRunInUnitysOrder()
        {
            var recorder = new GameObject("recorder").AddComponent<EventRecorder>();
            Assert.That(recorder.Events, Is.Empty, "no event functions in edit mode");
            _player.Play();
            _player.Step(2);
            recorder.enabled = false;
            recorder.enabled = true;
            _player.Step(1);
            Object.Destroy(recorder);
            Assert.That(recorder.Events, Does.Not.Contain("OnDestroy"), "Destroy waits for the end of the update");
            _player.Step(1);
            // Destroy called between frames takes effect after the next frame's Update loop.
            Assert.That(string.Join(" ", recorder.Events), Is.EqualTo(
                "Awake@0 OnEnable@0 Start@1 Update@1 LateUpdate@1 Update@2 LateUpdate@2 OnDisable@2 OnEnable@2 " +
                "Update@3 LateUpdate@3 Update@4 OnDisable@4 OnDestroy@4"));
            Assert.That(recorder == null, Is.True);
            Assert.That(_player.Errors, Is.Empty);
        }

        [Test]
        public void AComponentAddedWhilePlayingWakesAtOnceAndStartsBeforeItsFirstUpdate()
        {
            var gameObject = new GameObject("late");
            _player.Play();
            _player.Step(3);
            var recorder = gameObject.AddComponent<EventRecorder>();
            Assert.That(recorder.Events, Is.EqualTo(new[] { "Awake@3", "OnEnable@3" }));
            _player.Step(1);
            Assert.That(recorder.Events, Is.EqualTo(new[] { "Awake@3", "OnEnable@3", "Start@4", "Update@4", "LateUpdate@4" }));
            Assert.That(Time.time, Is.EqualTo(3 / 30f).Within(1e-6), "time advances by deltaTime from the first frame");
        }

        [Test]
        public void ReadbackCompletesOnALaterFrameWithThePixelsOfTheRequest()
        {
            var texture = new RenderTexture(4, 2, 0, RenderTextureFormat.ARGB32, RenderTextureReadWrite.sRGB);
            _player.Play();
            _player.Step(1);
            var camera = new GameObject("camera").AddComponent<Camera>();
            camera.targetTexture = texture;
            camera.Render();
            AsyncGPUReadbackRequest? delivered = null;
            int deliveredFrame = -1;
            byte[] data = new byte[0];
            var request = AsyncGPUReadback.Request(texture, 0, TextureFormat.RGBA32, r =>
            {
                delivered = r;
                deliveredFrame = Time.frameCount;
                data = r.GetData<byte>().ToArray();
            });
            Assert.That(request.done, Is.False, "not done in the frame it was requested");
            int requestFrame = Time.frameCount;
            _player.Step(1);
            Assert.That(delivered.HasValue, Is.True);
            Assert.That(deliveredFrame, Is.GreaterThan(requestFrame));
            Assert.That(delivered!.Value.hasError, Is.False);
            Assert.That(data.Length, Is.EqualTo(4 * 2 * 4));
        }

        [Test]
        public void AReadbackOfATextureDestroyedMeanwhileReportsAnError()
        {
            var texture = new RenderTexture(4, 4, 0);
            _player.Play();
            _player.Step(1);
            bool? error = null;
            AsyncGPUReadback.Request(texture, 0, TextureFormat.RGBA32, r => error = r.hasError);
            Object.Destroy(texture);
            _player.Step(1);
            Assert.That(error, Is.True);
        }

        // A cube right of the camera's centre must show on the right of the image, one above on the top rows:
        // the rasteriser is right-handed, Unity left-handed, and Unity stores textures bottom row first.
        [Test]
        public void CamerasDrawTheSceneTheRightWayRound()
        {
            var camera = new GameObject("camera").AddComponent<Camera>();
            camera.transform.position = new Vector3(0, 1, -6);
            var cube = GameObject.CreatePrimitive(PrimitiveType.Cube);
            cube.transform.position = new Vector3(1.2f, 1, 0);
            var rgb = _player.RenderView(camera.transform.position, camera.transform.rotation, 60, 64, 64, out var coverage);
            Assert.That(coverage["Cube"], Is.GreaterThan(0.01f));
            cube.SetActive(false);
            var empty = _player.RenderView(camera.transform.position, camera.transform.rotation, 60, 64, 64, out _);
            cube.SetActive(true);
            var (left, right, upper, lower) = Changed(rgb, empty, 64);
            Assert.That(right, Is.GreaterThan(0));
            Assert.That(left, Is.EqualTo(0), "the cube at +x shows in the right half");
            Assert.That(upper, Is.GreaterThan(0), "at the camera's height the cube straddles the middle row");
            Assert.That(lower, Is.GreaterThan(0));

            cube.transform.position = new Vector3(0, 2.2f, 0);
            camera.targetTexture = new RenderTexture(64, 64, 24, RenderTextureFormat.ARGB32, RenderTextureReadWrite.sRGB);
            byte[] pixels = new byte[0];
            camera.Render();
            _player.Play();
            AsyncGPUReadback.Request(camera.targetTexture, 0, TextureFormat.RGBA32, r => pixels = r.GetData<byte>().ToArray());
            _player.Step(1);
            var top = _player.RenderView(camera.transform.position, camera.transform.rotation, 60, 64, 64, out var above);
            Assert.That(above["Cube"], Is.GreaterThan(0.01f));
            // The readback's last row is the image's top row.
            int topRowDifferences = 0;
            for (int x = 0; x < 64; x++)
                if (pixels[(63 * 64 + x) * 4] != top[x * 3]) topRowDifferences++;
            Assert.That(topRowDifferences, Is.EqualTo(0));
        }

        /// <summary>How many pixels differ between two RGB views in each half of the image.</summary>
        static (int left, int right, int upper, int lower) Changed(byte[] a, byte[] b, int size)
        {
            int left = 0, right = 0, upper = 0, lower = 0;
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    int at = (y * size + x) * 3;
                    if (a[at] == b[at] && a[at + 1] == b[at + 1] && a[at + 2] == b[at + 2]) continue;
                    if (x < size / 2) left++;
                    else right++;
                    if (y < size / 2) upper++;
                    else lower++;
                }
            return (left, right, upper, lower);
        }

        sealed class EventRecorder : MonoBehaviour
        {
            public readonly List<string> Events = new List<string>();
            void Awake() => Events.Add("Awake@" + Time.frameCount);
            void OnEnable() => Events.Add("OnEnable@" + Time.frameCount);
            void Start() => Events.Add("Start@" + Time.frameCount);
            void Update() => Events.Add("Update@" + Time.frameCount);
            void LateUpdate() => Events.Add("LateUpdate@" + Time.frameCount);
            void OnDisable() => Events.Add("OnDisable@" + Time.frameCount);
            void OnDestroy() => Events.Add("OnDestroy@" + Time.frameCount);
        }
    }
}
