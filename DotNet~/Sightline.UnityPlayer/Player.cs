using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using UnityEngine;
using UnityShim.Player;
using Object = UnityEngine.Object;

namespace Sightline.UnityPlayer
{
    /// <summary>
    /// Plays a Unity scene headless for a test: build the scene with the sample's own builder (Editor code, edit mode),
    /// enter play mode, run frames in Unity's order of event functions, press keys, and read the Console. Cameras draw
    /// through Sightline.Render's rasteriser. The Unity API is static, so one player at a time: creating one resets the
    /// scene, and the creating thread is the main thread. Dispose leaves play mode (OnDisable, OnDestroy).
    /// </summary>
    public sealed class Player : IDisposable
    {
        readonly PlayerOptions _options;
        readonly PrimitiveRasteriser _rasteriser = new PrimitiveRasteriser();
        readonly Stopwatch _clock = new Stopwatch();
        readonly bool _ownsFolder;

        public Player(PlayerOptions? options = null)
        {
            _options = options ?? new PlayerOptions();
            if (_options.FrameSeconds <= 0 || float.IsNaN(_options.FrameSeconds)) throw new ArgumentOutOfRangeException(nameof(options), _options.FrameSeconds, "FrameSeconds must be positive");
            if (_options.ReadbackLatencyFrames < 1) throw new ArgumentOutOfRangeException(nameof(options), _options.ReadbackLatencyFrames, "ReadbackLatencyFrames must be at least 1");
            _ownsFolder = _options.ProjectFolder == null;
            ProjectFolder = _options.ProjectFolder ?? Directory.CreateTempSubdirectory("sightline-player-").FullName;
            Directory.CreateDirectory(Path.Combine(ProjectFolder, "Assets"));
            World.Reset(ProjectFolder);
            World.ColorSpace = _options.ColorSpace;
            World.ScreenWidth = _options.ScreenWidth;
            World.ScreenHeight = _options.ScreenHeight;
            World.Renderer = _rasteriser.Draw;
            World.ReplacementRenderer = _rasteriser.DrawIds;
            World.Shaders[PrimitiveRasteriser.ObjectIdShader] = World.NewShader(PrimitiveRasteriser.ObjectIdShader);
            Readbacks.LatencyFrames = _options.ReadbackLatencyFrames;
        }

        /// <summary>The Unity project folder: Application.dataPath is its Assets folder.</summary>
        public string ProjectFolder { get; }
        public bool IsPlaying => World.IsPlaying;
        public int FrameCount => World.FrameCount;
        public double Time => World.Time;
        /// <summary>Camera.Render calls and cameras drawn into their target textures so far.</summary>
        public int CameraRenders => World.CameraRenders;
        public int ReadbacksCompleted => Readbacks.Completed;
        public int ReadbacksPending => Readbacks.PendingCount;
        /// <summary>Texts of the Editor dialogs the builder showed (accepted).</summary>
        public IReadOnlyList<string> Dialogs => World.Dialogs;
        /// <summary>The scene's objects, in creation order.</summary>
        public IReadOnlyList<GameObject> Objects => World.Objects;

        /// <summary>Samples of the Unity Profiler marker <paramref name="marker"/> begun and ended so far (any thread).</summary>
        public int ProfilerSamples(string marker) => UnityShim.Player.ProfilerSamples.Count(marker);
        /// <summary>Profiler marker Ends without a Begin on their thread: Unity would show them as broken samples.</summary>
        public int ProfilerUnbalanced => UnityShim.Player.ProfilerSamples.Unbalanced;

        /// <summary>Console lines (Debug.Log*, exceptions from event functions and readback callbacks).</summary>
        public IReadOnlyList<string> Console => World.LogSnapshot().Select(e => e.ToString()).ToList();
        /// <summary>The Console's errors and exceptions: a scene that plays cleanly has none.</summary>
        public IReadOnlyList<string> Errors => World.LogSnapshot().Where(e => e.Kind == LogKind.Error || e.Kind == LogKind.Exception).Select(e => e.ToString()).ToList();

        /// <summary>Runs Editor code (a scene builder's menu item) in edit mode: no event functions are called.</summary>
        public void Build(Action editorCode)
        {
            if (World.IsPlaying) throw new InvalidOperationException("Build runs Editor code in edit mode: call it before Play");
            editorCode();
        }

        /// <summary>Enters play mode: initialisers, then Awake and OnEnable for the scene's objects.</summary>
        public void Play()
        {
            PlayerLoop.EnterPlayMode();
            _clock.Restart();
        }

        /// <summary>Runs <paramref name="frames"/> frames.</summary>
        public void Step(int frames = 1)
        {
            for (int i = 0; i < frames; i++)
            {
                PlayerLoop.Frame(_options.FrameSeconds);
                if (!_options.RealTime) continue;
                // Like a game capped at its frame rate: the frame lasts its time on the wall clock as well.
                var due = TimeSpan.FromSeconds(World.FrameCount * (double)_options.FrameSeconds);
                var wait = due - _clock.Elapsed;
                if (wait > TimeSpan.Zero) Thread.Sleep(wait);
            }
        }

        /// <summary>Runs frames until <paramref name="done"/> holds (checked after each frame); false if it never did.</summary>
        public bool StepUntil(Func<bool> done, int maxFrames)
        {
            for (int i = 0; i < maxFrames; i++)
            {
                Step();
                if (done()) return true;
            }
            return false;
        }

        /// <summary>The key reads as pressed (Input.GetKeyDown) during the next frame.</summary>
        public void Press(KeyCode key) => World.KeysDown.Add(key);

        public GameObject Find(string name) =>
            World.Objects.FirstOrDefault(o => o.name == name) ?? throw new InvalidOperationException($"no object named '{name}' in the scene (has: {string.Join(", ", World.Objects.Select(o => o.name))})");

        public T FindComponent<T>() where T : Component
        {
            foreach (var gameObject in World.Objects)
            {
                var found = gameObject.GetComponent<T>();
                if (found != null) return found;
            }
            throw new InvalidOperationException($"no {typeof(T).Name} in the scene");
        }

        /// <summary>
        /// Renders a view from a camera pose (RGB, top row first, as a PNG or Sightline's Frame holds it) and says how
        /// much of it each named object covers, occlusion included: the ground truth a test labels views by.
        /// </summary>
        public byte[] RenderView(Vector3 position, Quaternion rotation, float fieldOfView, int width, int height, out IReadOnlyDictionary<string, float> coverageByObject)
        {
            var rgb = _rasteriser.Render(position, rotation, fieldOfView, width, height, out var coverage);
            var byName = new Dictionary<string, float>();
            foreach (var pair in coverage)
            {
                string name = pair.Key.gameObject.name;
                byName[name] = byName.TryGetValue(name, out var sum) ? sum + pair.Value : pair.Value;
            }
            coverageByObject = byName;
            return rgb;
        }

        public void Dispose()
        {
            PlayerLoop.ExitPlayMode();
            World.Renderer = null;
            World.ReplacementRenderer = null;
            if (_ownsFolder)
            {
                try
                {
                    Directory.Delete(ProjectFolder, true);
                }
                catch (IOException)
                {
                    // A dataset writer may still be closing a file; the temporary folder is left to the OS.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }
}
