using System.Collections.Generic;

namespace UnityEngine
{
    // Transform as documented for Unity 2022.3 (Runtime/Transform/ScriptBindings/Transform.bindings.cs): local position,
    // rotation and scale under an optional parent; right/up/forward are rotation * Vector3.right/up/forward;
    // RotateAround moves the position about a world point and turns the rotation about the world axis; LookAt points
    // forward (+Z) at a world position with the up hint worldUp (Vector3.up when not given).
    public partial class Transform
    {
        private Vector3 m_LocalPosition;
        private Quaternion m_LocalRotation = Quaternion.identity;
        private Vector3 m_LocalScale = Vector3.one;
        private Transform m_Parent;
        internal readonly List<Transform> m_Children = new List<Transform>();

        public Vector3 localPosition { get => m_LocalPosition; set => m_LocalPosition = value; }
        public Quaternion localRotation { get => m_LocalRotation; set => m_LocalRotation = value; }

        public Vector3 right { get => rotation * Vector3.right; set => rotation = Quaternion.FromToRotation(Vector3.right, value); }
        public Vector3 up { get => rotation * Vector3.up; set => rotation = Quaternion.FromToRotation(Vector3.up, value); }
        public Vector3 forward { get => rotation * Vector3.forward; set => rotation = Quaternion.LookRotation(value); }

        public Vector3 lossyScale => m_Parent == null ? m_LocalScale : Vector3.Scale(m_Parent.lossyScale, m_LocalScale);

        public Vector3 TransformPoint(Vector3 position)
        {
            var local = m_LocalPosition + m_LocalRotation * Vector3.Scale(m_LocalScale, position);
            return m_Parent == null ? local : m_Parent.TransformPoint(local);
        }

        public Vector3 InverseTransformPoint(Vector3 position)
        {
            var local = m_Parent == null ? position : m_Parent.InverseTransformPoint(position);
            var unrotated = Quaternion.Inverse(m_LocalRotation) * (local - m_LocalPosition);
            return new Vector3(Divide(unrotated.x, m_LocalScale.x), Divide(unrotated.y, m_LocalScale.y), Divide(unrotated.z, m_LocalScale.z));
        }

        public Vector3 TransformDirection(Vector3 direction) => rotation * direction;

        public void SetParent(Transform parent, bool worldPositionStays)
        {
            if (parent == m_Parent) return;
            var worldPosition = position;
            var worldRotation = rotation;
            if (m_Parent != null) m_Parent.m_Children.Remove(this);
            m_Parent = parent;
            if (parent != null) parent.m_Children.Add(this);
            if (worldPositionStays)
            {
                position = worldPosition;
                rotation = worldRotation;
            }
        }

        public void LookAt(Vector3 worldPosition, Vector3 worldUp)
        {
            var forward = worldPosition - position;
            // Looking at its own position leaves the rotation as it is.
            if (forward.sqrMagnitude < 1e-12f) return;
            rotation = Quaternion.LookRotation(forward, worldUp);
        }

        void RotateAroundPoint(Vector3 point, Vector3 axis, float angle)
        {
            var turn = Quaternion.AngleAxis(angle, axis);
            position = point + turn * (position - point);
            rotation = turn * rotation;
        }

        Vector3 GetPosition()
        {
            UnityShim.Player.World.EnsureMainThread("get_position");
            return m_Parent == null ? m_LocalPosition : m_Parent.TransformPoint(m_LocalPosition);
        }

        void SetPosition(Vector3 value)
        {
            UnityShim.Player.World.EnsureMainThread("set_position");
            m_LocalPosition = m_Parent == null ? value : m_Parent.InverseTransformPoint(value);
        }

        Quaternion GetRotation() => m_Parent == null ? m_LocalRotation : m_Parent.rotation * m_LocalRotation;

        void SetRotation(Quaternion value) => m_LocalRotation = m_Parent == null ? value : Quaternion.Inverse(m_Parent.rotation) * value;

        static float Divide(float value, float scale) => scale == 0f ? 0f : value / scale;
    }
}
