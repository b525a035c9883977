using System;
using UnityShim;

namespace UnityEngine
{
    public partial class Texture : Object
    {
        protected Texture() { }
        public virtual int width { get => m_Width; set => m_Width = value; }
        public virtual int height { get => m_Height; set => m_Height = value; }
        public FilterMode filterMode { get => m_FilterMode; set => m_FilterMode = value; }
        public virtual bool isReadable => m_Readable;
        // The harness stores RGBA bytes, sRGB-encoded or not.
        public virtual UnityEngine.Experimental.Rendering.GraphicsFormat graphicsFormat => m_StoresSrgb ? UnityEngine.Experimental.Rendering.GraphicsFormat.R8G8B8A8_SRGB : UnityEngine.Experimental.Rendering.GraphicsFormat.R8G8B8A8_UNorm;
    }

    public sealed partial class Texture2D : Texture
    {
        public Texture2D(int width, int height) => Init(width, height, TextureFormat.RGBA32);
        public Texture2D(int width, int height, TextureFormat textureFormat, bool mipChain) => Init(width, height, textureFormat);
        public TextureFormat format => m_Format;
        public void Apply() { }
        public void LoadRawTextureData(byte[] data) => LoadRaw(data);
    }

    public partial class RenderTexture : Texture
    {
        public RenderTexture(int width, int height, int depth, RenderTextureFormat format, RenderTextureReadWrite readWrite) => Init(width, height, format, readWrite);
        public RenderTexture(int width, int height, int depth) => Init(width, height, RenderTextureFormat.Default, RenderTextureReadWrite.Default);
        public bool sRGB => m_SRGB;
        public new UnityEngine.Experimental.Rendering.GraphicsFormat graphicsFormat { get => base.graphicsFormat; set => m_SRGB = m_StoresSrgb = value.ToString().EndsWith("_SRGB", StringComparison.Ordinal); }
        public RenderTextureFormat format { get => m_Format; set => m_Format = value; }
        public bool Create() { m_Created = true; return true; }
        public void Release() => m_Created = false;
        public bool IsCreated() => m_Created;
        public static RenderTexture GetTemporary(int width, int height, int depthBuffer, RenderTextureFormat format, RenderTextureReadWrite readWrite) => new RenderTexture(width, height, depthBuffer, format, readWrite);
        public static void ReleaseTemporary(RenderTexture temp) => temp?.Release();
    }

    public enum TextureFormat
    {
        Alpha8 = 1,
        ARGB4444 = 2,
        RGB24 = 3,
        RGBA32 = 4,
        ARGB32 = 5,
        RGB565 = 7,
        BGRA32 = 14,
        RGBAHalf = 17,
        RGBAFloat = 20,
    }

    public enum RenderTextureFormat
    {
        ARGB32 = 0,
        Depth = 1,
        ARGBHalf = 2,
        Default = 7,
        ARGBFloat = 11,
        DefaultHDR = 9,
        RInt = 19,
    }

    public enum RenderTextureReadWrite
    {
        Default = 0,
        Linear = 1,
        sRGB = 2,
    }

    public enum FilterMode
    {
        Point = 0,
        Bilinear = 1,
        Trilinear = 2,
    }

    public enum ColorSpace
    {
        Uninitialized = -1,
        Gamma = 0,
        Linear = 1,
    }

    public sealed partial class QualitySettings : Object
    {
        private QualitySettings() { }
        public static ColorSpace activeColorSpace => UnityShim.Player.World.ColorSpace;
    }

    public sealed partial class Camera : Behaviour
    {
        public static Camera main => FindMainCamera();
        public RenderTexture targetTexture { get => m_TargetTexture; set => m_TargetTexture = value; }
        public int pixelWidth => m_TargetTexture != null ? m_TargetTexture.width : UnityShim.Player.World.ScreenWidth;
        public int pixelHeight => m_TargetTexture != null ? m_TargetTexture.height : UnityShim.Player.World.ScreenHeight;
        public float fieldOfView { get => m_FieldOfView; set => m_FieldOfView = value; }
        public bool allowHDR { get => m_AllowHDR; set => m_AllowHDR = value; }
        public Vector3 WorldToViewportPoint(Vector3 position) => ToViewport(position);
        public void Render() => UnityShim.Player.World.RenderCamera(this);
    }

    public partial class Renderer : Component
    {
        public Bounds bounds { get => WorldBounds(); set => throw ShimError.NotInUnity(); }
        public bool enabled { get => m_Enabled; set => m_Enabled = value; }
        public bool isVisible => m_Enabled && m_GameObject != null && m_GameObject.activeInHierarchy;
    }

    public sealed partial class Light : Behaviour
    {
        public LightType type { get => m_Type; set => m_Type = value; }
        public float intensity { get => m_Intensity; set => m_Intensity = value; }
    }

    public enum LightType
    {
        Spot = 0,
        Directional = 1,
        Point = 2,
    }

    public partial class Graphics
    {
        public static void Blit(Texture source, RenderTexture dest) => UnityShim.Player.Pixels.Blit(source, dest);
    }

    public static class ImageConversion
    {
        public static bool LoadImage(this Texture2D tex, byte[] data) => throw ShimError.NotInUnity();
        public static byte[] EncodeToPNG(this Texture2D tex) => throw ShimError.NotInUnity();
    }
}

namespace UnityEngine.Rendering
{
    public static class AsyncGPUReadback
    {
        public static AsyncGPUReadbackRequest Request(Texture src, int mipIndex, TextureFormat dstFormat, Action<AsyncGPUReadbackRequest> callback = null) => UnityShim.Player.Readbacks.Request(src, dstFormat, callback);
        public static AsyncGPUReadbackRequest Request(Texture src, int mipIndex = 0, Action<AsyncGPUReadbackRequest> callback = null) => UnityShim.Player.Readbacks.Request(src, null, callback);
        public static AsyncGPUReadbackRequest Request(Texture src, int mipIndex, UnityEngine.Experimental.Rendering.GraphicsFormat dstFormat, Action<AsyncGPUReadbackRequest> callback = null) => UnityShim.Player.Readbacks.Request(src, dstFormat, callback);
    }

    public partial struct AsyncGPUReadbackRequest
    {
        public bool done => m_Job != null && m_Job.Done;
        public bool hasError => m_Job == null || m_Job.HasError;
        public int width => m_Job?.Width ?? 0;
        public int height => m_Job?.Height ?? 0;
        public Unity.Collections.NativeArray<T> GetData<T>(int layer = 0) where T : struct => m_Job.GetData<T>();
    }
}

namespace UnityEngine.Experimental.Rendering
{
    /// <summary>Only the 8-bit colour formats the package reads back; values as in UnityEngine.Experimental.Rendering.GraphicsFormat.</summary>
    public enum GraphicsFormat
    {
        None = 0,
        R8G8B8A8_SRGB = 4,
        R8G8B8A8_UNorm = 8,
        B8G8R8A8_SRGB = 57,
        B8G8R8A8_UNorm = 59,
    }
}

namespace Unity.Collections
{
    public partial struct NativeArray<T> : IDisposable where T : struct
    {
        public int Length => m_Array?.Length ?? 0;
        public T this[int index] { get => Items()[index]; set => Items()[index] = value; }
        public void CopyTo(T[] array) => System.Array.Copy(Items(), array, Items().Length);
        public T[] ToArray() => (T[])Items().Clone();
        public void Dispose() => m_Array = null;
    }
}

namespace UnityEngine.SceneManagement
{
    public partial struct Scene
    {
        public string name { get => UnityShim.Player.World.SceneName; set => throw ShimError.NotInUnity(); }
        public string path => UnityShim.Player.World.ScenePath;
        public bool IsValid() => true;
    }

    public class SceneManager
    {
        public static Scene GetActiveScene() => default;
    }
}
