namespace Sightline.Imaging
{
    /// <summary>
    /// Byte order of one pixel in a readback buffer, named as Unity's TextureFormat names them (memory order):
    /// RGBA32 is R,G,B,A; ARGB32 is A,R,G,B; BGRA32 is B,G,R,A; RGB24 is R,G,B.
    /// </summary>
    public enum PixelFormat
    {
        Rgba32,
        Argb32,
        Bgra32,
        Rgb24,
    }

    public static class PixelFormats
    {
        public static int BytesPerPixel(PixelFormat format) => format == PixelFormat.Rgb24 ? 3 : 4;

        /// <summary>Byte offsets of red, green and blue within a pixel.</summary>
        public static void ChannelOffsets(PixelFormat format, out int red, out int green, out int blue)
        {
            switch (format)
            {
                case PixelFormat.Argb32: red = 1; green = 2; blue = 3; break;
                case PixelFormat.Bgra32: red = 2; green = 1; blue = 0; break;
                default: red = 0; green = 1; blue = 2; break;
            }
        }
    }
}
