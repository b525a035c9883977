#nullable enable
using System;
using Sightline.Imaging;
using UnityEngine;

namespace Sightline.Unity.Capture
{
    /// <summary>
    /// The render texture a readback renders into (<see cref="ViewReadback"/>, <see cref="ObjectIdPass"/>): kept
    /// between readbacks and made again only when the read-back size changes. After <see cref="Dispose"/>,
    /// <see cref="IsDisposed"/> tells a readback that lands late that its owner is gone. Main thread only.
    /// </summary>
    internal sealed class ReadbackTarget : IDisposable
    {
        readonly string _name;
        readonly RenderTextureFormat _format;
        readonly RenderTextureReadWrite _readWrite;
        readonly FilterMode _filter;
        RenderTexture? _texture;

        public ReadbackTarget(string name, RenderTextureFormat format, RenderTextureReadWrite readWrite, FilterMode filter)
        {
            _name = name;
            _format = format;
            _readWrite = readWrite;
            _filter = filter;
        }

        public bool IsDisposed { get; private set; }

        /// <summary>The texture for a <paramref name="width"/> x <paramref name="height"/> view scaled to <paramref name="shortSide"/>.</summary>
        public RenderTexture For(int width, int height, int shortSide)
        {
            if (IsDisposed) throw new ObjectDisposedException(nameof(ReadbackTarget));
            var size = ReadbackSize.For(Math.Max(1, width), Math.Max(1, height), shortSide);
            if (_texture != null && _texture.width == size.Width && _texture.height == size.Height) return _texture;
            Release();
            _texture = new RenderTexture(size.Width, size.Height, 24, _format, _readWrite)
            {
                name = _name,
                filterMode = _filter,
            };
            _texture.Create();
            return _texture;
        }

        void Release()
        {
            if (_texture == null) return;
            _texture.Release();
            // Destroy is refused outside Play mode (Editor tests, edit-mode callers); in Play mode Destroy is the one to use.
            if (Application.isPlaying) UnityEngine.Object.Destroy(_texture);
            else UnityEngine.Object.DestroyImmediate(_texture);
            _texture = null;
        }

        public void Dispose()
        {
            IsDisposed = true;
            Release();
        }
    }
}
