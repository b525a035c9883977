namespace Sightline.Imaging
{
    /// <summary>
    /// How the values in a pixel buffer relate to light. Networks see sRGB-encoded pixels (what PNG files and screens
    /// hold), so linear values are encoded before classification or capture.
    /// </summary>
    public enum ColorEncoding
    {
        /// <summary>Gamma-encoded (sRGB): a Gamma-space project, or an sRGB render texture in a Linear-space project.</summary>
        Srgb,
        /// <summary>Linear light: a non-sRGB (linear) render texture in a Linear-space project, or float/HDR buffers.</summary>
        Linear,
    }
}
