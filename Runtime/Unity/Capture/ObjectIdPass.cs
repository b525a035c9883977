#nullable enable
using System;
using System.Collections.Generic;
using Sightline.Capture;
using UnityEngine;
using UnityEngine.Rendering;

namespace Sightline.Unity.Capture
{
    /// <summary>
    /// Which labelled object a camera's view shows, from rendered pixels: the camera draws the scene once more through
    /// Sightline's object-ID shader (Camera.RenderWithShader) into a small 32-bit integer render texture, each labelled
    /// object's renderers writing their label's id and every other renderer 0, and AsyncGPUReadback brings the ids
    /// back a frame or two later. An object hidden behind another (labelled or not) covers no pixel, so it cannot
    /// label the view. Needs the built-in render pipeline, RInt render textures and AsyncGPUReadback
    /// (<see cref="Unsupported"/> says what is missing; FrameCapture then labels from bounds). Main thread only.
    /// </summary>
    public sealed class ObjectIdPass : IDisposable
    {
        /// <summary>The shader's name (Runtime/Unity/Shaders/Resources/SightlineObjectId.shader).</summary>
        public const string ShaderName = "Hidden/Sightline/ObjectId";
        /// <summary>The integer each renderer's MaterialPropertyBlock sets for the shader to write.</summary>
        public const string IdProperty = "_SightlineObjectId";
        // Coverage needs no detail: a small target keeps the extra render and the readback cheap.
        const int ShortSide = 128;

        readonly MaterialPropertyBlock _block = new MaterialPropertyBlock();
        readonly List<MaterialPropertyBlock> _saved = new List<MaterialPropertyBlock>();
        readonly ReadbackTarget _target = new ReadbackTarget("Sightline object ids", RenderTextureFormat.RInt, RenderTextureReadWrite.Linear, FilterMode.Point);

        /// <summary>Why the pass cannot run in this project and on this device (null when it can).</summary>
        public static string? Unsupported(out Shader? shader)
        {
            shader = null;
            var pipeline = GraphicsSettings.currentRenderPipeline;
            if (pipeline != null) return $"the render pipeline '{pipeline.name}' does not run replacement shaders (Camera.RenderWithShader)";
            if (!SystemInfo.supportsAsyncGPUReadback) return $"this graphics device ({SystemInfo.graphicsDeviceName}) does not support AsyncGPUReadback";
            if (!SystemInfo.SupportsRenderTextureFormat(RenderTextureFormat.RInt)) return $"this graphics device ({SystemInfo.graphicsDeviceName}) has no 32-bit integer render textures (RenderTextureFormat.RInt)";
            shader = Shader.Find(ShaderName);
            if (shader == null) return $"the shader {ShaderName} is not in this build (it is in the Sightline package's Runtime/Unity/Shaders/Resources folder)";
            if (!shader.isSupported) return $"the shader {ShaderName} does not run on this graphics device ({SystemInfo.graphicsDeviceName})";
            return null;
        }

        /// <summary>
        /// Renders <paramref name="camera"/>'s view of the <paramref name="labelled"/> objects as ids and reads them
        /// back; <paramref name="done"/> gets the share of the view each label covers (occlusion included) or an
        /// error, on the main thread, unless the pass was disposed meanwhile.
        /// </summary>
        public void Measure(Camera camera, Shader shader, IReadOnlyList<SightlineLabel> labelled, Action<IReadOnlyList<LabelCoverage>?, string?> done)
        {
            if (_target.IsDisposed) throw new ObjectDisposedException(nameof(ObjectIdPass));
            var labels = new List<string>();
            var renderers = new List<Renderer>();
            var ids = new List<int>();
            foreach (var item in labelled)
            {
                if (item == null || string.IsNullOrEmpty(item.Label)) continue;
                int index = labels.IndexOf(item.Label);
                if (index < 0)
                {
                    index = labels.Count;
                    labels.Add(item.Label);
                }
                foreach (var renderer in item.Renderers)
                    if (renderer != null)
                    {
                        renderers.Add(renderer);
                        ids.Add(index + 1);
                    }
            }
            var target = _target.For(camera.pixelWidth, camera.pixelHeight, ShortSide);
            Render(camera, shader, target, renderers, ids);
            AsyncGPUReadback.Request(target, 0, request =>
            {
                if (_target.IsDisposed) return; // the owner is gone: nobody to tell
                if (request.hasError)
                {
                    done(null, "the object-ID readback failed (the render texture was lost or resized)");
                    return;
                }
                var pixels = request.GetData<int>();
                var mask = new int[pixels.Length];
                // Id 0 is "no labelled object"; label k is id k + 1.
                for (int i = 0; i < mask.Length; i++) mask[i] = pixels[i] - 1;
                done(ViewCoverage.FromMask(mask, labels), null);
            });
        }

        // Each renderer's own property block (a user's colours, say) is kept and put back after the pass.
        void Render(Camera camera, Shader shader, RenderTexture target, List<Renderer> renderers, List<int> ids)
        {
            while (_saved.Count < renderers.Count) _saved.Add(new MaterialPropertyBlock());
            var had = new bool[renderers.Count];
            for (int i = 0; i < renderers.Count; i++)
            {
                var renderer = renderers[i];
                had[i] = renderer.HasPropertyBlock();
                if (had[i]) renderer.GetPropertyBlock(_saved[i]);
                if (had[i]) renderer.GetPropertyBlock(_block);
                else _block.Clear();
                _block.SetInteger(IdProperty, ids[i]);
                renderer.SetPropertyBlock(_block);
            }
            var own = camera.targetTexture;
            var flags = camera.clearFlags;
            var background = camera.backgroundColor;
            try
            {
                camera.targetTexture = target;
                // Cleared to 0 (no object) where nothing is drawn: a skybox or another colour is not an id.
                camera.clearFlags = CameraClearFlags.SolidColor;
                camera.backgroundColor = new Color(0f, 0f, 0f, 0f);
                camera.RenderWithShader(shader, "");
            }
            finally
            {
                camera.targetTexture = own;
                camera.clearFlags = flags;
                camera.backgroundColor = background;
                for (int i = 0; i < renderers.Count; i++)
                    renderers[i].SetPropertyBlock(had[i] ? _saved[i] : null);
            }
        }

        public void Dispose() => _target.Dispose();
    }
}
