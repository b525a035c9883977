using System;

namespace UnityEditor
{
    // Unity 2022.3: Editor/Mono/AssemblyReloadEvents.cs. The harness never reloads scripts, so the events never fire.
    public static class AssemblyReloadEvents
    {
        public delegate void AssemblyReloadCallback();
        public static event AssemblyReloadCallback beforeAssemblyReload;
        public static event AssemblyReloadCallback afterAssemblyReload;
    }

    // Unity 2022.3: Editor/Mono/EditorAssemblies.cs.
    [AttributeUsage(AttributeTargets.Class)]
    public class InitializeOnLoadAttribute : Attribute
    {
    }
}
