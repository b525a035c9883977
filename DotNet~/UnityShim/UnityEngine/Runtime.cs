using System;
using UnityShim;

namespace UnityEngine
{
    public class Time
    {
        public static int frameCount => UnityShim.Player.World.FrameCount;
        public static float time => (float)UnityShim.Player.World.Time;
        public static float unscaledTime => (float)UnityShim.Player.World.Time;
        public static float deltaTime => UnityShim.Player.World.DeltaTime;
        public static double timeAsDouble => UnityShim.Player.World.Time;
    }

    public class Input
    {
        public static bool GetKeyDown(KeyCode key) => UnityShim.Player.World.IsKeyDown(key);
    }

    public class Application
    {
        public static string persistentDataPath => UnityShim.Player.World.PersistentDataPath;
        public static string dataPath => UnityShim.Player.World.DataPath;
        // Runtime/Export/Application/Application.bindings.cs: a thread-safe getter; desktop players keep the folder
        // in the data folder, as the shim does.
        public static string streamingAssetsPath => System.IO.Path.Combine(UnityShim.Player.World.DataPath, "StreamingAssets");
        public static bool isPlaying => UnityShim.Player.World.IsPlaying;
        public static bool isEditor => true;
        public static string unityVersion => "2022.3";
    }

    public class Debug
    {
        public static void Log(object message) => UnityShim.Player.World.AddLog(UnityShim.Player.LogKind.Log, message, null);
        public static void Log(object message, Object context) => UnityShim.Player.World.AddLog(UnityShim.Player.LogKind.Log, message, context);
        public static void LogWarning(object message) => UnityShim.Player.World.AddLog(UnityShim.Player.LogKind.Warning, message, null);
        public static void LogWarning(object message, Object context) => UnityShim.Player.World.AddLog(UnityShim.Player.LogKind.Warning, message, context);
        public static void LogError(object message) => UnityShim.Player.World.AddLog(UnityShim.Player.LogKind.Error, message, null);
        public static void LogError(object message, Object context) => UnityShim.Player.World.AddLog(UnityShim.Player.LogKind.Error, message, context);
        public static void LogException(Exception exception) => UnityShim.Player.World.AddLog(UnityShim.Player.LogKind.Exception, exception, null);
        public static void LogException(Exception exception, Object context) => UnityShim.Player.World.AddLog(UnityShim.Player.LogKind.Exception, exception, context);
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class RuntimeInitializeOnLoadMethodAttribute : Scripting.PreserveAttribute
    {
        public RuntimeInitializeOnLoadMethodAttribute() { }
        public RuntimeInitializeOnLoadMethodAttribute(RuntimeInitializeLoadType loadType) { }
    }

    public enum RuntimeInitializeLoadType
    {
        AfterSceneLoad = 0,
        BeforeSceneLoad = 1,
        AfterAssembliesLoaded = 2,
        BeforeSplashScreen = 3,
        SubsystemRegistration = 4,
    }

    /// <summary>Only the keys the package and its samples use; values as in UnityEngine.KeyCode.</summary>
    public enum KeyCode
    {
        None = 0,
        Backspace = 8,
        Tab = 9,
        Return = 13,
        Escape = 27,
        Space = 32,
        Alpha0 = 48,
        Alpha1 = 49,
        Alpha2 = 50,
        Alpha3 = 51,
        Alpha4 = 52,
        Alpha5 = 53,
        Alpha6 = 54,
        Alpha7 = 55,
        Alpha8 = 56,
        Alpha9 = 57,
        A = 97,
        B = 98,
        C = 99,
        D = 100,
        E = 101,
        F = 102,
        G = 103,
        H = 104,
        I = 105,
        J = 106,
        K = 107,
        L = 108,
        M = 109,
        N = 110,
        O = 111,
        P = 112,
        Q = 113,
        R = 114,
        S = 115,
        T = 116,
        U = 117,
        V = 118,
        W = 119,
        X = 120,
        Y = 121,
        Z = 122,
        F1 = 282,
        F2 = 283,
        F3 = 284,
        F4 = 285,
        F5 = 286,
        F6 = 287,
        F7 = 288,
        F8 = 289,
        F9 = 290,
        F10 = 291,
        F11 = 292,
        F12 = 293,
    }
}

namespace UnityEngine
{
    public sealed partial class SystemInfo
    {
        public static bool supportsAsyncGPUReadback => true;
        public static string graphicsDeviceName => "Sightline player harness (software rasteriser)";
    }
}

namespace UnityEngine.Scripting
{
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Constructor
        | AttributeTargets.Interface | AttributeTargets.Delegate | AttributeTargets.Event | AttributeTargets.Struct | AttributeTargets.Assembly | AttributeTargets.Enum, Inherited = false)]
    public class PreserveAttribute : Attribute
    {
    }
}
