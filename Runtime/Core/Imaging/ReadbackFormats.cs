namespace Sightline.Imaging
{
    /// <summary>
    /// What the bytes of an 8-bit render texture read back in its own format are. Reading back in the texture's own
    /// GraphicsFormat means Unity converts nothing, so the bytes are what was rendered, whatever the colour space:
    /// an sRGB format was encoded by the GPU on store; a UNorm format holds shader output as is, which is sRGB in a
    /// Gamma-space project and linear light in a Linear-space one.
    /// </summary>
    public static class ReadbackFormats
    {
        /// <summary>
        /// Describes the format named <paramref name="graphicsFormatName"/> (a UnityEngine GraphicsFormat name such
        /// as R8G8B8A8_SRGB). False, with the reason, for formats other than 8-bit RGBA or BGRA.
        /// </summary>
        public static bool TryDescribe(string graphicsFormatName, bool linearColorSpace, out PixelFormat layout, out ColorEncoding encoding, out string problem)
        {
            layout = PixelFormat.Rgba32;
            encoding = ColorEncoding.Srgb;
            problem = "";
            string name = graphicsFormatName ?? "";
            if (name.StartsWith("R8G8B8A8_")) layout = PixelFormat.Rgba32;
            else if (name.StartsWith("B8G8R8A8_")) layout = PixelFormat.Bgra32;
            else
            {
                problem = $"render texture format {name} is not 8-bit RGBA or BGRA; Sightline reads back R8G8B8A8 or B8G8R8A8 textures";
                return false;
            }
            string kind = name.Substring(9);
            if (kind == "SRGB") encoding = ColorEncoding.Srgb;
            else if (kind == "UNorm") encoding = linearColorSpace ? ColorEncoding.Linear : ColorEncoding.Srgb;
            else
            {
                problem = $"render texture format {name} is neither sRGB nor UNorm";
                return false;
            }
            return true;
        }
    }
}
