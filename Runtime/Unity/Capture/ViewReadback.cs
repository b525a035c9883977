#nullable enable
using System;
using Sightline.Imaging;
using UnityEngine;
using UnityEngine.Rendering;

namespace Sightline.Unity.Capture
{
    /// <summary>
    /// Gets a small copy of a camera's view or a texture to the CPU without stalling a frame: the view is rendered
    /// (or blitted) into a render texture at the read-back size, and AsyncGPUReadback delivers its pixels a frame or
    /// two later on the main thread. The pixels are requested in the render texture's own GraphicsFormat, so Unity
    /// converts nothing and the bytes are what was rendered in either colour space (<see cref="ReadbackFormats"/>).
    /// After <see cref="Dispose"/> no callback runs, so a readback that lands after its component was destroyed is
    /// dropped. Main thread only.
    /// </summary>
    public sealed class ViewReadback : IDisposable
    {
        readonly ReadbackTarget _target = new ReadbackTarget("Sightline readback", RenderTextureFormat.ARGB32, RenderTextureReadWrite.sRGB, FilterMode.Bilinear);

        /// <summary>Renders <paramref name="camera"/> at <paramref name="shortSide"/> and reads it back.</summary>
        public void Capture(Camera camera, int shortSide, Action<Frame?, string?> done)
        {
            if (_target.IsDisposed) throw new ObjectDisposedException(nameof(ViewReadback));
            var target = _target.For(camera.pixelWidth, camera.pixelHeight, shortSide);
            var own = camera.targetTexture;
            if (own != null)
            {
                // The camera already renders into a texture: downscale that instead of rendering again.
                Graphics.Blit(own, target);
            }
            else
            {
                camera.targetTexture = target;
                try
                {
                    camera.Render();
                }
                finally
                {
                    camera.targetTexture = own;
                }
            }
            Request(target, done);
        }

        /// <summary>Downscales <paramref name="texture"/> to <paramref name="shortSide"/> and reads it back.</summary>
        public void Capture(Texture texture, int shortSide, Action<Frame?, string?> done)
        {
            if (_target.IsDisposed) throw new ObjectDisposedException(nameof(ViewReadback));
            var target = _target.For(texture.width, texture.height, shortSide);
            Graphics.Blit(texture, target);
            Request(target, done);
        }

        void Request(RenderTexture target, Action<Frame?, string?> done)
        {
            if (!SystemInfo.supportsAsyncGPUReadback)
            {
                done(null, $"this graphics device ({SystemInfo.graphicsDeviceName}) does not support AsyncGPUReadback");
                return;
            }
            var format = target.graphicsFormat;
            if (!ReadbackFormats.TryDescribe(format.ToString(), QualitySettings.activeColorSpace == ColorSpace.Linear, out var layout, out var encoding, out var problem))
            {
                done(null, problem);
                return;
            }
            AsyncGPUReadback.Request(target, 0, format, request =>
            {
                if (_target.IsDisposed) return; // the owner is gone: nobody to tell
                if (request.hasError)
                {
                    done(null, "the GPU readback failed (the render texture was lost or resized)");
                    return;
                }
                var pixels = new byte[request.width * request.height * PixelFormats.BytesPerPixel(layout)];
                request.GetData<byte>().CopyTo(pixels);
                // Texture rows start at the bottom in Unity, on every graphics API, for readbacks.
                done(new Frame(pixels, request.width, request.height, layout, encoding, bottomUp: true), null);
            });
        }

        public void Dispose() => _target.Dispose();
    }
}
