using System;

namespace Unity.Profiling
{
    // Unity 2022.3: Runtime/Profiler/ScriptBindings/ProfilerMarker.bindings.cs. The harness counts each marker's
    // samples (UnityShim.Player.ProfilerSamples) so tests can see where a frame's work was marked.
    public struct ProfilerMarker
    {
        readonly string m_Name;

        public ProfilerMarker(string name)
        {
            m_Name = name ?? throw new ArgumentNullException(nameof(name));
        }

        public void Begin() => UnityShim.Player.ProfilerSamples.Begin(m_Name);

        public void End() => UnityShim.Player.ProfilerSamples.End(m_Name);

        public AutoScope Auto()
        {
            Begin();
            return new AutoScope(m_Name);
        }

        public struct AutoScope : IDisposable
        {
            readonly string m_Name;

            internal AutoScope(string name) => m_Name = name;

            public void Dispose() => UnityShim.Player.ProfilerSamples.End(m_Name);
        }
    }
}

namespace UnityShim.Player
{
    /// <summary>Per marker name: samples begun and ended (any thread), and an End without a Begin on its thread.</summary>
    internal static class ProfilerSamples
    {
        static readonly System.Collections.Generic.Dictionary<string, int> s_ended = new System.Collections.Generic.Dictionary<string, int>();
        [ThreadStatic] static System.Collections.Generic.List<string> t_open;
        internal static int Unbalanced;

        internal static void Begin(string name) => (t_open ??= new System.Collections.Generic.List<string>()).Add(name);

        internal static void End(string name)
        {
            // Unity pairs Begin and End on one thread; an End on another thread (or twice) is a mistake it would show as a broken sample.
            int at = t_open == null ? -1 : t_open.LastIndexOf(name);
            lock (s_ended)
            {
                if (at < 0)
                {
                    Unbalanced++;
                    return;
                }
                s_ended[name] = s_ended.TryGetValue(name, out var n) ? n + 1 : 1;
            }
            t_open.RemoveAt(at);
        }

        internal static int Count(string name)
        {
            lock (s_ended) return s_ended.TryGetValue(name, out var n) ? n : 0;
        }

        internal static void Clear()
        {
            lock (s_ended)
            {
                s_ended.Clear();
                Unbalanced = 0;
            }
        }
    }
}
