using System;

namespace UnityEngine
{
    // Camera projection as documented for Unity 2022.3 (Runtime/Export/Camera/Camera.bindings.cs and the Scripting
    // Reference): fieldOfView is the vertical angle in degrees (60 for a new camera); aspect is pixelWidth / pixelHeight
    // until set; WorldToViewportPoint maps the camera's view to (0,0) bottom-left .. (1,1) top-right with z the
    // distance in world units in front of the camera. Camera.main is the first enabled camera tagged "MainCamera".
    public sealed partial class Camera
    {
        private RenderTexture m_TargetTexture;
        private float m_FieldOfView = 60f;
        private bool m_AllowHDR = true;
        private float m_Aspect = float.NaN;

        public float aspect
        {
            get => float.IsNaN(m_Aspect) ? (float)pixelWidth / Math.Max(1, pixelHeight) : m_Aspect;
            set => m_Aspect = value;
        }

        public void ResetAspect() => m_Aspect = float.NaN;

        Vector3 ToViewport(Vector3 position)
        {
            var t = transform;
            var local = Quaternion.Inverse(t.rotation) * (position - t.position);
            float tanHalf = (float)Math.Tan(m_FieldOfView * Math.PI / 360.0);
            // A perspective divide by the distance: points behind the camera come out mirrored, as in Unity.
            float x = 0.5f + 0.5f * local.x / (local.z * tanHalf * aspect);
            float y = 0.5f + 0.5f * local.y / (local.z * tanHalf);
            return new Vector3(x, y, local.z);
        }

        static Camera FindMainCamera()
        {
            foreach (var gameObject in UnityShim.Player.World.Objects)
            {
                if (gameObject.m_Tag != "MainCamera" || !gameObject.activeInHierarchy) continue;
                var camera = gameObject.GetComponent<Camera>();
                if (camera != null && camera.enabled) return camera;
            }
            return null;
        }
    }

    public partial class Renderer
    {
        private bool m_Enabled = true;
        /// <summary>The mesh's own bounds (for a primitive, Unity's sizes); null when it draws nothing.</summary>
        internal Bounds? m_LocalBounds;
        internal PrimitiveType m_Primitive;
        internal Color m_Colour = new Color(0.8f, 0.8f, 0.8f, 1f);

        Bounds WorldBounds()
        {
            var t = transform;
            if (m_LocalBounds == null) return new Bounds(t.position, Vector3.zero);
            var local = m_LocalBounds.Value;
            Vector3 min = local.min, max = local.max;
            var world = new Bounds(t.TransformPoint(min), Vector3.zero);
            for (int i = 1; i < 8; i++)
                world.Encapsulate(t.TransformPoint(new Vector3((i & 1) == 0 ? min.x : max.x, (i & 2) == 0 ? min.y : max.y, (i & 4) == 0 ? min.z : max.z)));
            return world;
        }
    }

    public partial class Light
    {
        private LightType m_Type = LightType.Point;
        private float m_Intensity = 1f;
    }
}
