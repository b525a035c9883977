using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using UnityEngine;
using Object = UnityEngine.Object;

namespace UnityShim.Player
{
    internal enum LogKind
    {
        Log,
        Warning,
        Error,
        Exception,
    }

    /// <summary>One Console line: what Debug.Log*, a failed event function or the harness itself reported.</summary>
    internal sealed class LogEntry
    {
        public LogEntry(LogKind kind, string message, string context, int frame)
        {
            Kind = kind;
            Message = message;
            Context = context;
            Frame = frame;
        }

        public LogKind Kind { get; }
        public string Message { get; }
        public string Context { get; }
        public int Frame { get; }
        public override string ToString() => $"[{Kind} frame {Frame}{(Context.Length > 0 ? " " + Context : "")}] {Message}";
    }

    /// <summary>A use of the shim the harness cannot play (an unsupported texture format, a missing renderer).</summary>
    internal sealed class HarnessException : Exception
    {
        public HarnessException(string message) : base(message) { }
    }

    /// <summary>
    /// The state Unity keeps for a running game, held for the test harness: the scene's objects, play mode, time and
    /// frame count, keys pressed this frame, the Console, the colour space and the renderer that draws cameras. One
    /// world per process (Unity's API is static); the harness resets it for each test.
    /// </summary>
    internal static class World
    {
        static readonly object LogGate = new object();
        static readonly List<LogEntry> LogEntries = new List<LogEntry>();
        static Thread s_mainThread;

        internal static readonly List<GameObject> Objects = new List<GameObject>();
        internal static readonly HashSet<KeyCode> KeysDown = new HashSet<KeyCode>();
        internal static readonly List<Object> PendingDestroy = new List<Object>();

        internal static bool IsPlaying;
        internal static int FrameCount;
        internal static double Time;
        internal static float DeltaTime;
        internal static ColorSpace ColorSpace = ColorSpace.Linear;
        internal static int ScreenWidth = 1280;
        internal static int ScreenHeight = 720;
        internal static string ProjectFolder = Path.GetTempPath();
        internal static string SceneName = "";
        internal static string ScenePath = "";
        internal static Object SelectedObject;
        internal static readonly List<string> Dialogs = new List<string>();
        /// <summary>Draws a camera's view into a render texture (the harness installs the software rasteriser).</summary>
        internal static Action<Camera, RenderTexture> Renderer;
        /// <summary>Draws a camera's view with a replacement shader (Camera.RenderWithShader) into a render texture.</summary>
        internal static Action<Camera, RenderTexture, Shader> ReplacementRenderer;
        /// <summary>Shaders Shader.Find finds: those the harness can draw with (the rest are not in the "build").</summary>
        internal static readonly Dictionary<string, Shader> Shaders = new Dictionary<string, Shader>();
        internal static int CameraRenders;

        internal static string DataPath => Path.Combine(ProjectFolder, "Assets");
        internal static string PersistentDataPath => Path.Combine(ProjectFolder, "PersistentData");

        /// <summary>Forgets every object and setting; the calling thread becomes the main thread.</summary>
        internal static void Reset(string projectFolder)
        {
            Objects.Clear();
            KeysDown.Clear();
            PendingDestroy.Clear();
            Readbacks.Clear();
            ProfilerSamples.Clear();
            Shaders.Clear();
            ReplacementRenderer = null;
            IsPlaying = false;
            FrameCount = 0;
            Time = 0;
            DeltaTime = 0;
            ColorSpace = ColorSpace.Linear;
            ScreenWidth = 1280;
            ScreenHeight = 720;
            ProjectFolder = projectFolder;
            SceneName = "";
            ScenePath = "";
            SelectedObject = null;
            Dialogs.Clear();
            Renderer = null;
            CameraRenders = 0;
            lock (LogGate) LogEntries.Clear();
            s_mainThread = Thread.CurrentThread;
        }

        internal static void EnsureMainThread(string member)
        {
            // Unity refuses most of its API off the main thread; so does the harness, to catch such calls in tests.
            if (s_mainThread != null && Thread.CurrentThread != s_mainThread)
                throw new InvalidOperationException($"{member} can only be called from the main thread.");
        }

        internal static void Register(GameObject gameObject) => Objects.Add(gameObject);

        internal static bool IsKeyDown(KeyCode key) => KeysDown.Contains(key);

        internal static void AddLog(LogKind kind, object message, Object context)
        {
            string text = message is Exception e ? e.GetType().Name + ": " + e.Message + Environment.NewLine + e.StackTrace : message?.ToString() ?? "Null";
            string where = (object)context != null && Thread.CurrentThread == s_mainThread && !context.m_Destroyed ? context.name : "";
            lock (LogGate) LogEntries.Add(new LogEntry(kind, text, where, FrameCount));
        }

        internal static List<LogEntry> LogSnapshot()
        {
            lock (LogGate) return new List<LogEntry>(LogEntries);
        }

        internal static void RenderCamera(Camera camera)
        {
            EnsureMainThread("Render");
            var target = camera.targetTexture;
            CameraRenders++;
            // A camera without a target draws to the screen, which no test reads.
            if (target == null) return;
            if (Renderer == null) throw new HarnessException("Camera.Render: no renderer is installed in the player harness");
            Renderer(camera, target);
        }

        internal static Shader NewShader(string name) => new Shader(name);

        internal static void RenderCameraWithShader(Camera camera, Shader shader)
        {
            EnsureMainThread("RenderWithShader");
            var target = camera.targetTexture;
            CameraRenders++;
            if (target == null) return;
            if (ReplacementRenderer == null) throw new HarnessException("Camera.RenderWithShader: no replacement renderer is installed in the player harness");
            ReplacementRenderer(camera, target, shader);
        }
    }
}
