using System;

namespace UnityEngine
{
    public partial class Texture
    {
        private int m_Width;
        private int m_Height;
        private FilterMode m_FilterMode;
        internal bool m_Readable;
        /// <summary>RGBA, 4 bytes a pixel, bottom row first (Unity's texture row order), as stored on the "GPU".</summary>
        internal byte[] m_Pixels = Array.Empty<byte>();
        /// <summary>Whether the stored bytes are sRGB-encoded (an sRGB format) rather than linear values.</summary>
        internal bool m_StoresSrgb;
    }

    public sealed partial class Texture2D
    {
        private TextureFormat m_Format;

        void Init(int width, int height, TextureFormat textureFormat)
        {
            if (width <= 0 || height <= 0) throw new ArgumentException($"Texture2D size {width}x{height} must be positive");
            this.width = width;
            this.height = height;
            m_Format = textureFormat;
            m_Readable = true;
            m_Pixels = new byte[width * height * 4];
            // Texture2D's default is an sRGB format in a Linear project (the 'linear' constructor argument is false).
            m_StoresSrgb = true;
        }

        void LoadRaw(byte[] data)
        {
            int channels = m_Format == TextureFormat.RGB24 ? 3 : 4;
            if (data == null || data.Length < width * height * channels)
                throw new UnityShim.Player.HarnessException($"LoadRawTextureData: {data?.Length ?? 0} bytes for a {width}x{height} {m_Format} texture");
            for (int i = 0; i < width * height; i++)
            {
                m_Pixels[i * 4] = data[i * channels];
                m_Pixels[i * 4 + 1] = data[i * channels + 1];
                m_Pixels[i * 4 + 2] = data[i * channels + 2];
                m_Pixels[i * 4 + 3] = channels == 4 ? data[i * channels + 3] : (byte)255;
            }
        }
    }

    // A RenderTexture's colour format is sRGB when created with RenderTextureReadWrite.sRGB, or with Default in a Linear
    // project (Unity 2022.3, Runtime/Export/Graphics/GraphicsFormatUtility.bindings.cs, GetGraphicsFormat).
    public partial class RenderTexture
    {
        private RenderTextureFormat m_Format;
        private bool m_SRGB;
        private bool m_Created;

        void Init(int width, int height, RenderTextureFormat format, RenderTextureReadWrite readWrite)
        {
            if (width <= 0 || height <= 0) throw new ArgumentException($"RenderTexture size {width}x{height} must be positive");
            this.width = width;
            this.height = height;
            m_Format = format;
            bool defaultSrgb = QualitySettings.activeColorSpace == ColorSpace.Linear;
            m_SRGB = readWrite == RenderTextureReadWrite.Default ? defaultSrgb : readWrite == RenderTextureReadWrite.sRGB;
            m_StoresSrgb = m_SRGB;
            m_Pixels = new byte[width * height * 4];
        }

        internal override void OnShimDestroyed() => m_Created = false;
    }
}
