using System;
using System.Collections.Generic;
using UnityEngine;
using Object = UnityEngine.Object;

namespace UnityShim.Player
{
    /// <summary>
    /// Adding, enabling, activating and destroying objects, with the event functions Unity calls for each in play
    /// mode (Unity's "Order of execution for event functions"): Awake when a component first becomes active, OnEnable
    /// and OnDisable as it becomes active-and-enabled or stops being so, OnDestroy when destroyed. In edit mode (a
    /// scene builder running) no event functions run. Object.Destroy is carried out at the end of the frame's update.
    /// </summary>
    internal static class Lifecycle
    {
        internal static Component AddComponent(GameObject gameObject, Type type)
        {
            World.EnsureMainThread("AddComponent");
            if (type == null || !typeof(Component).IsAssignableFrom(type) || type.IsAbstract)
                throw new ArgumentException($"AddComponent on '{gameObject.name}': {type?.FullName ?? "null"} is not a concrete Component type");
            if (type == typeof(Transform)) return gameObject.transform;
            var component = (Component)Activator.CreateInstance(type, nonPublic: true);
            component.m_GameObject = gameObject;
            component.name = gameObject.name;
            gameObject.m_Components.Add(component);
            if (World.IsPlaying && gameObject.activeInHierarchy && component is Behaviour behaviour) Activate(behaviour);
            return component;
        }

        internal static ScriptableObject CreateScriptableObject(Type type)
        {
            var instance = (ScriptableObject)Activator.CreateInstance(type, nonPublic: true);
            instance.name = "";
            Messages.Send(instance, "Awake");
            Messages.Send(instance, "OnEnable");
            return instance;
        }

        internal static void SetEnabled(Behaviour behaviour, bool value)
        {
            World.EnsureMainThread("set_enabled");
            if (behaviour.m_Enabled == value) return;
            behaviour.m_Enabled = value;
            if (!World.IsPlaying || behaviour.m_GameObject == null || !behaviour.m_GameObject.activeInHierarchy) return;
            if (value) Activate(behaviour);
            else Deactivate(behaviour);
        }

        internal static void SetActive(GameObject gameObject, bool value)
        {
            World.EnsureMainThread("SetActive");
            if (gameObject.m_Active == value) return;
            gameObject.m_Active = value;
            if (!World.IsPlaying) return;
            foreach (var behaviour in gameObject.GetComponentsInChildren<Behaviour>(true))
            {
                if (behaviour.m_GameObject.activeInHierarchy) Activate(behaviour);
                else Deactivate(behaviour);
            }
        }

        /// <summary>Awake (once), then OnEnable if the behaviour is enabled and not already on.</summary>
        internal static void Activate(Behaviour behaviour)
        {
            if (!behaviour.m_Awoken)
            {
                behaviour.m_Awoken = true;
                Messages.Send(behaviour, "Awake");
            }
            if (behaviour.m_Enabled && !behaviour.m_OnEnableCalled && !behaviour.m_Destroyed)
            {
                behaviour.m_OnEnableCalled = true;
                Messages.Send(behaviour, "OnEnable");
            }
        }

        internal static void Deactivate(Behaviour behaviour)
        {
            if (!behaviour.m_OnEnableCalled) return;
            behaviour.m_OnEnableCalled = false;
            Messages.Send(behaviour, "OnDisable");
        }

        internal static void Destroy(Object target)
        {
            if ((object)target == null || target.m_Destroyed) return;
            if (!World.IsPlaying)
            {
                // Unity refuses Object.Destroy outside play mode (DestroyImmediate is the edit-mode call) and says so.
                World.AddLog(LogKind.Error, $"Destroy may not be called from edit mode ('{target.name}'); use DestroyImmediate", null);
                return;
            }
            if (!World.PendingDestroy.Contains(target)) World.PendingDestroy.Add(target);
        }

        internal static void DestroyNow(Object target)
        {
            if ((object)target == null || target.m_Destroyed) return;
            switch (target)
            {
                case GameObject gameObject:
                    foreach (var child in gameObject.transform.m_Children.ToArray()) DestroyNow(child.gameObject);
                    foreach (var component in gameObject.m_Components.ToArray()) DestroyComponent(component);
                    World.Objects.Remove(gameObject);
                    break;
                case Transform transform:
                    DestroyNow(transform.gameObject);
                    return;
                case Component component:
                    DestroyComponent(component);
                    component.m_GameObject?.m_Components.Remove(component);
                    break;
            }
            target.m_Destroyed = true;
            target.OnShimDestroyed();
        }

        internal static void DestroyPending()
        {
            var pending = World.PendingDestroy.ToArray();
            World.PendingDestroy.Clear();
            foreach (var target in pending) DestroyNow(target);
        }

        static void DestroyComponent(Component component)
        {
            if (component is Behaviour behaviour && World.IsPlaying)
            {
                Deactivate(behaviour);
                if (behaviour.m_Awoken) Messages.Send(behaviour, "OnDestroy");
            }
            component.m_Destroyed = true;
        }

        /// <summary>Every behaviour in the scene, in object then component order (a snapshot: scripts may add more).</summary>
        internal static List<Behaviour> AllBehaviours()
        {
            var all = new List<Behaviour>();
            foreach (var gameObject in World.Objects.ToArray())
                foreach (var component in gameObject.m_Components)
                    if (component is Behaviour behaviour && !behaviour.m_Destroyed) all.Add(behaviour);
            return all;
        }
    }
}
