#nullable enable
using System;
using System.Collections.Generic;
using Sightline.Capture;
using UnityEngine;

namespace Sightline.Unity.Capture
{
    /// <summary>
    /// Marks a scene object (and its children's renderers) with the label captured views of it get. FrameCapture
    /// labels a view by the labelled object covering most of it: measured from rendered pixels where the render
    /// pipeline allows (<see cref="ObjectIdPass"/>, occlusion included), else from the renderers' screen-space bounds.
    /// </summary>
    [AddComponentMenu("Sightline/Sightline Label")]
    [DisallowMultipleComponent]
    public sealed class SightlineLabel : MonoBehaviour
    {
        static readonly List<SightlineLabel> s_active = new List<SightlineLabel>();

        [SerializeField, Tooltip("The class name: it becomes the dataset folder frames/<label>/, so no / \\ : * ? \" < > |.")]
        private string label = "";

        Renderer[] _renderers = Array.Empty<Renderer>();

        public string Label => label;

        /// <summary>The renderers found when the label was enabled (this object's and its children's).</summary>
        internal IReadOnlyList<Renderer> Renderers => _renderers;

        /// <summary>Enabled labels in the loaded scenes.</summary>
        public static IReadOnlyList<SightlineLabel> Active => s_active;

        public void SetLabel(string value) => label = value ?? "";

        // With domain reload disabled (Enter Play Mode options) statics survive play sessions: start clean.
        [RuntimeInitializeOnLoadMethod(RuntimeInitializeLoadType.SubsystemRegistration)]
        static void ResetStatics() => s_active.Clear();

        void OnEnable()
        {
            _renderers = GetComponentsInChildren<Renderer>();
            if (!s_active.Contains(this)) s_active.Add(this);
        }

        void OnDisable() => s_active.Remove(this);

        /// <summary>
        /// The viewport rectangle that encloses this object's renderers as <paramref name="camera"/> sees them; false
        /// when nothing is rendered or all of it is behind the camera. Occlusion is not considered.
        /// </summary>
        public bool TryGetViewRect(Camera camera, out ViewRect rect)
        {
            rect = default;
            bool any = false;
            Bounds bounds = default;
            foreach (var r in _renderers)
            {
                if (r == null || !r.enabled) continue;
                if (!any)
                {
                    bounds = r.bounds;
                    any = true;
                }
                else bounds.Encapsulate(r.bounds);
            }
            if (!any) return false;
            Vector3 min = bounds.min, max = bounds.max;
            Span<float> xs = stackalloc float[8];
            Span<float> ys = stackalloc float[8];
            int n = 0;
            for (int i = 0; i < 8; i++)
            {
                var corner = new Vector3((i & 1) == 0 ? min.x : max.x, (i & 2) == 0 ? min.y : max.y, (i & 4) == 0 ? min.z : max.z);
                var v = camera.WorldToViewportPoint(corner);
                if (v.z <= 0f) continue; // behind the camera: its projection would be mirrored
                xs[n] = v.x;
                ys[n] = v.y;
                n++;
            }
            if (n == 0) return false;
            rect = ViewRect.Enclosing(xs.Slice(0, n), ys.Slice(0, n));
            return true;
        }
    }
}
