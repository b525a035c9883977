using System;
using System.Collections.Generic;

namespace UnityEngine
{
    public sealed partial class GameObject
    {
        internal readonly List<Component> m_Components = new List<Component>();
        private Transform m_Transform;
        internal bool m_Active = true;
        /// <summary>The tag ("MainCamera" for the new scene's camera); Camera.main looks for it.</summary>
        internal string m_Tag = "Untagged";

        void Init(string name, Type[] components)
        {
            this.name = name;
            m_Transform = new Transform();
            m_Transform.m_GameObject = this;
            m_Components.Add(m_Transform);
            UnityShim.Player.World.Register(this);
            foreach (var type in components) UnityShim.Player.Lifecycle.AddComponent(this, type);
        }

        T FindComponent<T>()
        {
            foreach (var component in m_Components)
                if (!component.m_Destroyed && component is T found) return found;
            return default;
        }

        public T[] GetComponentsInChildren<T>(bool includeInactive)
        {
            var found = new List<T>();
            Collect(this, includeInactive, found);
            return found.ToArray();
        }

        static void Collect<T>(GameObject gameObject, bool includeInactive, List<T> found)
        {
            if (!includeInactive && !gameObject.activeInHierarchy) return;
            foreach (var component in gameObject.m_Components)
                if (!component.m_Destroyed && component is T match) found.Add(match);
            foreach (var child in gameObject.m_Transform.m_Children) Collect(child.gameObject, includeInactive, found);
        }
    }
}
