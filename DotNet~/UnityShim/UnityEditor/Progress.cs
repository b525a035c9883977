using System;
using UnityShim;

namespace UnityEditor
{
    // Unity 2022.3: Editor/Mono/Progress/Progress.bindings.cs (Window > General > Progress and the status bar).
    public static partial class Progress
    {
        public enum Status
        {
            Running,
            Succeeded,
            Failed,
            Canceled,
            Paused,
        }

        [Flags]
        public enum Options
        {
            None = 0 << 0,
            Sticky = 1 << 0,
            Indefinite = 1 << 1,
            Synchronous = 1 << 2,
            Managed = 1 << 3,
            Unmanaged = 1 << 4,
        }

        public static int Start(string name, string description = null, Options options = Options.None, int parentId = -1) => throw ShimError.NotInUnity();
        public static void Finish(int id, Status status = Status.Succeeded) => throw ShimError.NotInUnity();
        public static void Report(int id, float progress, string description) => throw ShimError.NotInUnity();
        public static void RegisterCancelCallback(int id, Func<bool> callback) => throw ShimError.NotInUnity();
        public static bool Exists(int id) => throw ShimError.NotInUnity();
    }
}
