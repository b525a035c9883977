using System;
using System.Collections.Generic;
using System.Reflection;
using Object = UnityEngine.Object;

namespace UnityShim.Player
{
    /// <summary>
    /// Calls a script's event functions (Awake, OnEnable, Start, Update, ...) by name, public or not, as Unity does.
    /// An exception is logged to the Console and the loop goes on, as in Unity.
    /// </summary>
    internal static class Messages
    {
        static readonly Dictionary<(Type, string), MethodInfo> Cache = new Dictionary<(Type, string), MethodInfo>();

        internal static bool Has(Object target, string message) => Find(target.GetType(), message) != null;

        internal static void Send(Object target, string message)
        {
            var method = Find(target.GetType(), message);
            if (method == null) return;
            try
            {
                method.Invoke(target, null);
            }
            catch (TargetInvocationException e)
            {
                World.AddLog(LogKind.Exception, e.InnerException ?? e, target);
            }
        }

        static MethodInfo Find(Type type, string message)
        {
            if (Cache.TryGetValue((type, message), out var cached)) return cached;
            MethodInfo found = null;
            for (var t = type; t != null && found == null && t.Assembly != typeof(Object).Assembly; t = t.BaseType)
                found = t.GetMethod(message, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly, null, Type.EmptyTypes, null);
            Cache[(type, message)] = found;
            return found;
        }
    }
}
