using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using UnityEngine;
using Object = UnityEngine.Object;

namespace UnityShim.Player
{
    /// <summary>
    /// Enters play mode and runs frames in Unity's documented order of event functions: on entering, the
    /// [RuntimeInitializeOnLoadMethod] methods by load type, then Awake and OnEnable per object as the scene loads;
    /// each frame, Start for behaviours not yet started, Update, LateUpdate, cameras that render into a texture, then
    /// the end of the frame (AsyncGPUReadback requests from earlier frames complete, destroyed objects go).
    /// </summary>
    internal static class PlayerLoop
    {
        internal static void EnterPlayMode()
        {
            if (World.IsPlaying) throw new HarnessException("already in play mode");
            World.IsPlaying = true;
            World.FrameCount = 0;
            World.Time = 0;
            RunInitializers(RuntimeInitializeLoadType.SubsystemRegistration);
            RunInitializers(RuntimeInitializeLoadType.AfterAssembliesLoaded);
            RunInitializers(RuntimeInitializeLoadType.BeforeSplashScreen);
            RunInitializers(RuntimeInitializeLoadType.BeforeSceneLoad);
            foreach (var gameObject in World.Objects.ToArray())
            {
                if (!gameObject.activeInHierarchy) continue;
                foreach (var component in gameObject.m_Components.ToArray())
                    if (component is Behaviour behaviour && !behaviour.m_Destroyed) Lifecycle.Activate(behaviour);
            }
            RunInitializers(RuntimeInitializeLoadType.AfterSceneLoad);
        }

        internal static void Frame(float deltaTime)
        {
            if (!World.IsPlaying) throw new HarnessException("not in play mode: enter play mode before running frames");
            World.FrameCount++;
            if (World.FrameCount > 1) World.Time += deltaTime;
            World.DeltaTime = deltaTime;

            foreach (var behaviour in Lifecycle.AllBehaviours())
            {
                if (!behaviour.m_OnEnableCalled || behaviour.m_Started || behaviour.m_Destroyed) continue;
                behaviour.m_Started = true;
                Messages.Send(behaviour, "Start");
            }
            Call("Update");
            Lifecycle.DestroyPending();
            Call("LateUpdate");
            Lifecycle.DestroyPending();
            foreach (var behaviour in Lifecycle.AllBehaviours())
                if (behaviour is Camera camera && camera.isActiveAndEnabled && camera.targetTexture != null) World.RenderCamera(camera);
            Readbacks.CompleteDue(World.FrameCount);
            Lifecycle.DestroyPending();
            World.KeysDown.Clear();
        }

        internal static void ExitPlayMode()
        {
            if (!World.IsPlaying) return;
            // Leaving play mode unloads the scene: every object is destroyed (OnDisable, then OnDestroy).
            foreach (var gameObject in World.Objects.ToArray()) Lifecycle.DestroyNow(gameObject);
            Readbacks.Clear();
            World.IsPlaying = false;
        }

        static void Call(string message)
        {
            foreach (var behaviour in Lifecycle.AllBehaviours())
            {
                // A behaviour added or enabled during this frame's Update waits for its Start on the next frame.
                if (!behaviour.m_OnEnableCalled || !behaviour.m_Started || behaviour.m_Destroyed) continue;
                Messages.Send(behaviour, message);
            }
        }

        static void RunInitializers(RuntimeInitializeLoadType loadType)
        {
            foreach (var method in Initializers())
            {
                var data = method.GetCustomAttributesData().First(a => a.AttributeType == typeof(RuntimeInitializeOnLoadMethodAttribute));
                // The attribute keeps no state in the shim; its constructor argument says when it runs (default AfterSceneLoad).
                var type = data.ConstructorArguments.Count == 1 ? (RuntimeInitializeLoadType)(int)data.ConstructorArguments[0].Value : RuntimeInitializeLoadType.AfterSceneLoad;
                if (type != loadType) continue;
                try
                {
                    method.Invoke(null, null);
                }
                catch (TargetInvocationException e)
                {
                    World.AddLog(LogKind.Exception, e.InnerException ?? e, null);
                }
            }
        }

        static IEnumerable<MethodInfo> Initializers()
        {
            string shim = typeof(Object).Assembly.GetName().Name;
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (assembly.IsDynamic || !assembly.GetReferencedAssemblies().Any(r => r.Name == shim)) continue;
                Type[] types;
                try
                {
                    types = assembly.GetTypes();
                }
                catch (ReflectionTypeLoadException e)
                {
                    types = e.Types.Where(t => t != null).ToArray();
                }
                foreach (var type in types)
                    foreach (var method in type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                        if (method.IsDefined(typeof(RuntimeInitializeOnLoadMethodAttribute), false) && method.GetParameters().Length == 0)
                            yield return method;
            }
        }
    }
}
