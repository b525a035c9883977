using System;
using System.Collections.Generic;
using UnityShim;

namespace UnityEngine
{
    // Unity 2022.3: Runtime/Export/Shaders/Shader.bindings.cs. Find returns the shaders the harness registered.
    public sealed partial class Shader : Object
    {
        internal Shader(string shaderName) => name = shaderName;
        public static Shader Find(string name) => name != null && UnityShim.Player.World.Shaders.TryGetValue(name, out var shader) ? shader : null;
        public bool isSupported => true;
    }

    // Unity 2022.3: Runtime/Export/Shaders/MaterialPropertyBlock.cs and .bindings.cs (integers only in the harness).
    public sealed partial class MaterialPropertyBlock
    {
        internal readonly Dictionary<string, int> m_Integers = new Dictionary<string, int>();
        public MaterialPropertyBlock() { }
        public void SetInteger(string name, int value) => m_Integers[name] = value;
        public void Clear() => m_Integers.Clear();
        public bool isEmpty => m_Integers.Count == 0;
    }

    // Unity 2022.3: Runtime/Export/Graphics/GraphicsRenderers.bindings.cs.
    public partial class Renderer
    {
        internal Dictionary<string, int> m_PropertyBlock;
        public bool HasPropertyBlock() => m_PropertyBlock != null;
        // null clears the renderer's block, as in Unity.
        public void SetPropertyBlock(MaterialPropertyBlock properties) => m_PropertyBlock = properties == null || properties.isEmpty ? null : new Dictionary<string, int>(properties.m_Integers);

        public void GetPropertyBlock(MaterialPropertyBlock properties)
        {
            properties.Clear();
            if (m_PropertyBlock != null)
                foreach (var pair in m_PropertyBlock) properties.m_Integers[pair.Key] = pair.Value;
        }
    }

    // Unity 2022.3: Runtime/Export/Camera/Camera.bindings.cs and Runtime/Export/Graphics/GraphicsEnums.cs.
    public sealed partial class Camera
    {
        private CameraClearFlags m_ClearFlags = CameraClearFlags.Skybox;
        // Unity's defaults come from native code (not in the C# source); the harness's rasteriser draws its own sky.
        private Color m_BackgroundColor;
        public CameraClearFlags clearFlags { get => m_ClearFlags; set => m_ClearFlags = value; }
        public Color backgroundColor { get => m_BackgroundColor; set => m_BackgroundColor = value; }
        public void RenderWithShader(Shader shader, string replacementTag) => UnityShim.Player.World.RenderCameraWithShader(this, shader);
    }

    public enum CameraClearFlags
    {
        Skybox = 1,
        Color = 2,
        SolidColor = 2,
        Depth = 3,
        Nothing = 4,
    }

    public sealed partial class SystemInfo
    {
        // The harness stores 4 bytes a pixel: 8-bit colour and 32-bit integer targets.
        public static bool SupportsRenderTextureFormat(RenderTextureFormat format) => format == RenderTextureFormat.ARGB32 || format == RenderTextureFormat.Default || format == RenderTextureFormat.RInt;
    }
}

namespace UnityEngine.Rendering
{
    // Unity 2022.3: Runtime/Export/Graphics/GraphicsSettings.bindings.cs; the harness is the built-in pipeline.
    public sealed partial class GraphicsSettings : Object
    {
        private GraphicsSettings() { }
        public static RenderPipelineAsset currentRenderPipeline => null;
    }

    // Unity 2022.3: Runtime/Export/RenderPipeline/RenderPipelineAsset.cs.
    public abstract class RenderPipelineAsset : ScriptableObject
    {
    }
}

namespace UnityEngine
{
    // Unity 2022.3: Runtime/Export/Graphics/Graphics.bindings.cs (Screen) and Texture.bindings.cs (whiteTexture).
    public sealed partial class Screen
    {
        public static int width => UnityShim.Player.World.ScreenWidth;
        public static int height => UnityShim.Player.World.ScreenHeight;
    }

    public sealed partial class Texture2D
    {
        public static Texture2D whiteTexture => throw ShimError.NotInUnity();
    }
}
