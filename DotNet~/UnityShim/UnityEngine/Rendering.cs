using System;
using UnityShim;

namespace UnityEngine
{
    public class Texture : Object
    {
        public virtual int width { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public virtual int height { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public FilterMode filterMode { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public bool isReadable => throw ShimError.NotInUnity();
        public virtual UnityEngine.Experimental.Rendering.GraphicsFormat graphicsFormat => throw ShimError.NotInUnity();
    }

    public sealed class Texture2D : Texture
    {
        public Texture2D(int width, int height) => throw ShimError.NotInUnity();
        public Texture2D(int width, int height, TextureFormat textureFormat, bool mipChain) => throw ShimError.NotInUnity();
        public TextureFormat format => throw ShimError.NotInUnity();
        public void Apply() => throw ShimError.NotInUnity();
        public void LoadRawTextureData(byte[] data) => throw ShimError.NotInUnity();
    }

    public class RenderTexture : Texture
    {
        public RenderTexture(int width, int height, int depth, RenderTextureFormat format, RenderTextureReadWrite readWrite) => throw ShimError.NotInUnity();
        public RenderTexture(int width, int height, int depth) => throw ShimError.NotInUnity();
        public bool sRGB => throw ShimError.NotInUnity();
        public new UnityEngine.Experimental.Rendering.GraphicsFormat graphicsFormat { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public RenderTextureFormat format { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public bool Create() => throw ShimError.NotInUnity();
        public void Release() => throw ShimError.NotInUnity();
        public bool IsCreated() => throw ShimError.NotInUnity();
        public static RenderTexture GetTemporary(int width, int height, int depthBuffer, RenderTextureFormat format, RenderTextureReadWrite readWrite) => throw ShimError.NotInUnity();
        public static void ReleaseTemporary(RenderTexture temp) => throw ShimError.NotInUnity();
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

    public sealed class QualitySettings : Object
    {
        public static ColorSpace activeColorSpace => throw ShimError.NotInUnity();
    }

    public sealed class Camera : Behaviour
    {
        public static Camera main => throw ShimError.NotInUnity();
        public RenderTexture targetTexture { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public int pixelWidth => throw ShimError.NotInUnity();
        public int pixelHeight => throw ShimError.NotInUnity();
        public float fieldOfView { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public bool allowHDR { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public Vector3 WorldToViewportPoint(Vector3 position) => throw ShimError.NotInUnity();
        public void Render() => throw ShimError.NotInUnity();
    }

    public class Renderer : Component
    {
        public Bounds bounds => throw ShimError.NotInUnity();
        public bool enabled { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public bool isVisible => throw ShimError.NotInUnity();
    }

    public class Light : Behaviour
    {
        public LightType type { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public float intensity { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
    }

    public enum LightType
    {
        Spot = 0,
        Directional = 1,
        Point = 2,
    }

    public class Graphics
    {
        public static void Blit(Texture source, RenderTexture dest) => throw ShimError.NotInUnity();
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
        public static AsyncGPUReadbackRequest Request(Texture src, int mipIndex, TextureFormat dstFormat, Action<AsyncGPUReadbackRequest> callback) => throw ShimError.NotInUnity();
        public static AsyncGPUReadbackRequest Request(Texture src, int mipIndex = 0, Action<AsyncGPUReadbackRequest> callback = null) => throw ShimError.NotInUnity();
        public static AsyncGPUReadbackRequest Request(Texture src, int mipIndex, UnityEngine.Experimental.Rendering.GraphicsFormat dstFormat, Action<AsyncGPUReadbackRequest> callback = null) => throw ShimError.NotInUnity();
    }

    public struct AsyncGPUReadbackRequest
    {
        public bool done => throw ShimError.NotInUnity();
        public bool hasError => throw ShimError.NotInUnity();
        public int width => throw ShimError.NotInUnity();
        public int height => throw ShimError.NotInUnity();
        public Unity.Collections.NativeArray<T> GetData<T>(int layer = 0) where T : struct => throw ShimError.NotInUnity();
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
    public struct NativeArray<T> : IDisposable where T : struct
    {
        public int Length => throw ShimError.NotInUnity();
        public T this[int index] { get => throw ShimError.NotInUnity(); set => throw ShimError.NotInUnity(); }
        public void CopyTo(T[] array) => throw ShimError.NotInUnity();
        public T[] ToArray() => throw ShimError.NotInUnity();
        public void Dispose() => throw ShimError.NotInUnity();
    }
}

namespace UnityEngine.SceneManagement
{
    public struct Scene
    {
        public string name => throw ShimError.NotInUnity();
        public string path => throw ShimError.NotInUnity();
        public bool IsValid() => throw ShimError.NotInUnity();
    }

    public class SceneManager
    {
        public static Scene GetActiveScene() => throw ShimError.NotInUnity();
    }
}
